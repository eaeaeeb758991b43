// Pure: capacity per agent per channel (CAP-1…7). The dispatcher reads the numbers; these functions decide.

/** CAP-7: channel defaults; SMS is the one that ships (4 concurrent, item size 1). */
export const SMS_CHANNEL = { id: 'sms', defaultCapacity: 4, workItemSize: 1 } as const;

/**
 * CAP-1/CAP-2: the agent's own override wins, then the largest override of a group they belong to, then the
 * channel's default. (Several groups with different overrides: the most generous applies.)
 */
export function effectiveCapacity(channelDefault: number, groupOverrides: readonly number[], agentOverride: number | null): number {
  if (agentOverride !== null && agentOverride !== undefined) return agentOverride;
  if (groupOverrides.length > 0) return Math.max(...groupOverrides);
  return channelDefault;
}

export interface ChannelLoad {
  /** Whether the agent turned this channel on (PRS-3); absent = on. */
  available: boolean;
  capacity: number;
  /** CAP-5: sizes of items offered to them plus of their assigned interactions in a capacity state (on hold does not count). */
  inUse: number;
}

export interface AgentLoad {
  channels: Record<string, ChannelLoad>;
  /** CAP-3: null = no universal limit (ref Q21). */
  universalCapacity: number | null;
}

export type CapacityVerdict = 'ok' | 'at_capacity' | 'at_universal_capacity';

/** CAP-3: what the agent uses across every channel. */
export function universalInUse(a: AgentLoad): number {
  return Object.values(a.channels).reduce((n, c) => n + c.inUse, 0);
}

/** CAP-1/CAP-3/CAP-4: whether an item of `size` units on `channelId` fits. */
export function fits(a: AgentLoad, channelId: string, size: number): CapacityVerdict {
  const c = a.channels[channelId];
  if (!c || c.inUse + size > c.capacity) return 'at_capacity';
  if (a.universalCapacity !== null && universalInUse(a) + size > a.universalCapacity) return 'at_universal_capacity';
  return 'ok';
}

/** Spare units on the channel, bounded by what the universal capacity leaves (ASG-1 ranks by this). */
export function spare(a: AgentLoad, channelId: string): number {
  const c = a.channels[channelId];
  if (!c) return 0;
  const own = c.capacity - c.inUse;
  return a.universalCapacity === null ? own : Math.min(own, a.universalCapacity - universalInUse(a));
}
