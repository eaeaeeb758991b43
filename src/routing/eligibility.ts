// Pure: who may be offered a queue's item (ELG-1, ELG-2, Q-5).

export interface Pool {
  groupIds: string[];
  /** Seconds the item must have waited before this pool's groups are considered. */
  eligibleAfterSeconds: number;
}

export type Eligibility =
  /** the queue names no agent group in any pool: its items are queued and offered to nobody. */
  | { kind: 'no_agent_groups'; nextWidenAt: null }
  | { kind: 'groups'; groupIds: Set<string>; nextWidenAt: number | null };

/** whether any of the queue's pools names a group (a group holding nobody still counts: it is configured). */
export function hasAgentGroups(pools: readonly Pool[]): boolean {
  return pools.some((p) => p.groupIds.length > 0);
}

/**
 * ELG-1: the pools whose "eligible at" has passed widen the candidates; ELG-2: earlier pools stay eligible
 * (cumulative). `nextWidenAt` (epoch ms) is when the next pool opens, so the dispatcher knows to look again.
 */
export function eligibleGroups(pools: Pool[], queuedAt: number, now: number): Eligibility {
  if (!hasAgentGroups(pools)) return { kind: 'no_agent_groups', nextWidenAt: null };
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

/** ELG-1/Q-5: an agent is eligible when they belong to a group of an open pool; a queue without groups has nobody. */
export function isEligible(e: Eligibility, agentGroupIds: readonly string[]): boolean {
  return e.kind === 'groups' && agentGroupIds.some((g) => e.groupIds.has(g));
}
