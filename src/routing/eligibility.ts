// Pure: who may be offered a queue's item (ELG-1, ELG-2, Q-5).

export interface Pool {
  groupIds: string[];
  /** Seconds the item must have waited before this pool's groups are considered. */
  eligibleAfterSeconds: number;
}

export type Eligibility =
  /** The queue has no pools: every agent (the foundation's behaviour, kept for queues nobody configured). */
  | { kind: 'everyone'; nextWidenAt: null }
  | { kind: 'groups'; groupIds: Set<string>; nextWidenAt: number | null };

/**
 * ELG-1: the pools whose "eligible at" has passed widen the candidates; ELG-2: earlier pools stay eligible
 * (cumulative). `nextWidenAt` (epoch ms) is when the next pool opens, so the dispatcher knows to look again.
 */
export function eligibleGroups(pools: Pool[], queuedAt: number, now: number): Eligibility {
  if (pools.length === 0) return { kind: 'everyone', nextWidenAt: null };
  const waited = (now - queuedAt) / 1000;
  const groupIds = new Set<string>();
  let nextWidenAt: number | null = null;
  for (const p of pools) {
    if (waited >= p.eligibleAfterSeconds) for (const g of p.groupIds) groupIds.add(g);
    else {
      const at = queuedAt + p.eligibleAfterSeconds * 1000;
      nextWidenAt = nextWidenAt === null ? at : Math.min(nextWidenAt, at);
    }
  }
  return { kind: 'groups', groupIds, nextWidenAt };
}

/** an agent is eligible when the queue has no pools or they belong to a group of an open pool. */
export function isEligible(e: Eligibility, agentGroupIds: readonly string[]): boolean {
  return e.kind === 'everyone' || agentGroupIds.some((g) => e.groupIds.has(g));
}
