// Pure: group-queue priority tiers (GQP-1…4, ref §12). A group that serves several queues prefers some: lower
// priority first. The dispatcher walks the waiting items tier by tier.
import type { Pool } from './eligibility';

/** GQP-1: a (group, queue) pair without a stored priority has 100. */
export const DEFAULT_GROUP_QUEUE_PRIORITY = 100;

export interface QueuePools {
  id: string;
  pools: Pool[];
}

/** One step of a dispatch pass: which queues' items it walks, and which groups may take each queue's items. */
export interface TierWalk {
  queueIds: string[];
  /** Per queue, the groups whose pair with it is in this tier or an earlier one; null: no restriction. */
  groups: Map<string, Set<string> | null>;
  /** Queues for which this is the last tier: an item nobody took here is recorded as nobody's (EV-1). */
  final: Set<string>;
}

/**
 * GQP-2: tier k holds, for every group, the pairs at that group's k-th distinct priority level. A tier restricts a
 * queue's items to the groups of the pairs in it *and in earlier tiers* (those agents already had their turn, so
 * this only matters when they have room again, and it keeps "earlier pools stay eligible" true). Queues in no tier
 * (no pools: every agent eligible) are walked after the tiers. Null when every group has one level: one plain walk.
 */
export function priorityTiers(queues: readonly QueuePools[], priority: (groupId: string, queueId: string) => number): TierWalk[] | null {
  const levels = new Map<string, Map<number, string[]>>(); // group → priority → queues
  for (const q of queues) {
    for (const g of new Set(q.pools.flatMap((p) => p.groupIds))) {
      const byLevel = levels.get(g) ?? new Map<number, string[]>();
      const p = priority(g, q.id);
      byLevel.set(p, [...(byLevel.get(p) ?? []), q.id]);
      levels.set(g, byLevel);
    }
  }
  const depth = Math.max(0, ...[...levels.values()].map((l) => l.size));
  if (depth <= 1) return null;
  const tiers: { groupId: string; queueId: string }[][] = Array.from({ length: depth }, () => []);
  for (const [groupId, byLevel] of levels) {
    [...byLevel.keys()].sort((a, b) => a - b).forEach((level, k) => {
      for (const queueId of byLevel.get(level)!) tiers[k].push({ groupId, queueId });
    });
  }
  const lastTier = new Map<string, number>();
  tiers.forEach((pairs, k) => pairs.forEach((p) => lastTier.set(p.queueId, k)));
  const cumulative = new Map<string, Set<string>>();
  const walks: TierWalk[] = tiers.map((pairs, k) => {
    for (const p of pairs) cumulative.set(p.queueId, new Set([...(cumulative.get(p.queueId) ?? []), p.groupId]));
    const queueIds = [...new Set(pairs.map((p) => p.queueId))];
    return {
      queueIds,
      groups: new Map(queueIds.map((q) => [q, new Set(cumulative.get(q))])),
      final: new Set(queueIds.filter((q) => lastTier.get(q) === k)),
    };
  });
  // Queues no group's pair is in (no pools, or pools naming no group) are walked last, restricted by their pools alone.
  const open = queues.filter((q) => !lastTier.has(q.id)).map((q) => q.id);
  if (open.length) walks.push({ queueIds: open, groups: new Map(open.map((q) => [q, null])), final: new Set(open) });
  return walks;
}
