// Pure: which agent gets the item, and why every other agent was passed over (ASG-1…8, PRS-3, CAP-*, EV-1).
// The dispatcher feeds it what it read; the assignment rules are a registry, not an `if` chain (STYLE.md).
import { fits, spare, type AgentLoad } from './capacity';
import { isEligible, type Eligibility } from './eligibility';

export type PresenceStatus = 'available' | 'away' | 'offline';

export interface AgentCandidate extends AgentLoad {
  agentId: string;
  presence: PresenceStatus;
  groupIds: string[];
  /** ASG-2: the last time this agent was assigned work; null = never (idle longest). */
  lastAssignedAt: Date | null;
}

/** EV-1: why an agent was not offered the item. */
export const SKIP_REASONS = [
  'not_target', 'not_eligible', 'offline', 'away', 'channel_unavailable', 'rejected_before', 'at_capacity', 'at_universal_capacity',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface CandidateVerdict {
  agentId: string;
  eligible: boolean;
  reason?: SkipReason;
}

export interface RoutableItem {
  channelId: string;
  /** CAP-4 */
  size: number;
  /** WI-7: agents who rejected it with a reason that is not reassignable. */
  rejectedAgentIds: readonly string[];
  /** TRF-3: a transfer to one agent is offered to that agent only (capacity may be exceeded: a person chose). */
  targetAgentId?: string | null;
}

type Compare = (a: AgentCandidate, b: AgentCandidate, channelId: string) => number;

const idleSince = (c: AgentCandidate) => (c.lastAssignedAt ? c.lastAssignedAt.getTime() : -Infinity);
/** ASG-2: the agent who has gone longest without an assignment first; the id keeps the order total. */
const longestIdle: Compare = (a, b) => idleSince(a) - idleSince(b) || (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0);

/** The assignment rules a queue may use (ASG-1, ASG-2). Add a rule here; the dispatcher needs no change. */
export const ASSIGNMENT_RULES = {
  /** ASG-1: the most spare capacity first; ties to the agent idle longest. */
  most_capacity: (a, b, channelId) => spare(b, channelId) - spare(a, channelId) || longestIdle(a, b, channelId),
  /** ASG-2: the agent idle longest first. */
  last_assigned: longestIdle,
} satisfies Record<string, Compare>;
export type AssignmentRule = keyof typeof ASSIGNMENT_RULES;
export const ASSIGNMENT_RULE_NAMES = Object.keys(ASSIGNMENT_RULES) as AssignmentRule[];

export interface Ranking {
  /** Agents who may be offered the item, best first (ASG-8: the dispatcher offers to the first only). */
  ranked: AgentCandidate[];
  /** Every agent considered, with the reason for each one passed over. */
  candidates: CandidateVerdict[];
}

function verdict(c: AgentCandidate, item: RoutableItem, eligibility: Eligibility): SkipReason | null {
  if (item.targetAgentId) {
    if (c.agentId !== item.targetAgentId) return 'not_target';
  } else if (!isEligible(eligibility, c.groupIds)) return 'not_eligible';
  if (c.presence !== 'available') return c.presence; // PRS-1/PRS-7: Away and Offline get no new work
  if (c.channels[item.channelId]?.available === false) return 'channel_unavailable'; // PRS-3
  if (item.targetAgentId) return null;
  if (item.rejectedAgentIds.includes(c.agentId)) return 'rejected_before'; // WI-7
  const f = fits(c, item.channelId, item.size);
  return f === 'ok' ? null : f;
}

export function rankAgents(agents: readonly AgentCandidate[], item: RoutableItem, eligibility: Eligibility, rule: AssignmentRule = 'most_capacity'): Ranking {
  const candidates: CandidateVerdict[] = [];
  const ranked: AgentCandidate[] = [];
  for (const c of agents) {
    const reason = verdict(c, item, eligibility);
    if (reason) candidates.push({ agentId: c.agentId, eligible: false, reason });
    else {
      candidates.push({ agentId: c.agentId, eligible: true });
      ranked.push(c);
    }
  }
  const compare = ASSIGNMENT_RULES[rule] ?? ASSIGNMENT_RULES.most_capacity;
  ranked.sort((a, b) => compare(a, b, item.channelId));
  return { ranked, candidates };
}
