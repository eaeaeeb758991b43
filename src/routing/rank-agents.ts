// Pure: ASG-1/ASG-2 assignment rules. The dispatcher feeds it the candidates it read under lock.

export interface AgentCandidate {
  agentId: string;
  capacity: number;
  inUse: number;
  /** Last time this agent was assigned work; null = never (idle longest). */
  lastAssignedAt: Date | null;
}

export type AssignmentRule = 'most_capacity' | 'last_assigned';

export interface SkippedAgent {
  agentId: string;
  why: 'no_capacity' | 'rejected_this_item';
}

export interface Ranking {
  ranked: AgentCandidate[];
  skipped: SkippedAgent[];
}

const idleSince = (c: AgentCandidate) => (c.lastAssignedAt ? c.lastAssignedAt.getTime() : -Infinity);

export function rankAgents(
  candidates: AgentCandidate[],
  opts: { rule?: AssignmentRule; excluded?: ReadonlySet<string> } = {},
): Ranking {
  const skipped: SkippedAgent[] = [];
  const eligible: AgentCandidate[] = [];
  for (const c of candidates) {
    if (opts.excluded?.has(c.agentId)) skipped.push({ agentId: c.agentId, why: 'rejected_this_item' });
    else if (c.inUse >= c.capacity) skipped.push({ agentId: c.agentId, why: 'no_capacity' });
    else eligible.push(c);
  }
  const rule = opts.rule ?? 'most_capacity';
  eligible.sort((a, b) => {
    if (rule === 'most_capacity') {
      const spare = b.capacity - b.inUse - (a.capacity - a.inUse);
      if (spare !== 0) return spare;
    }
    // ties (and the whole of last_assigned): the agent idle longest first
    const idle = idleSince(a) - idleSince(b);
    if (idle !== 0) return idle;
    return a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0;
  });
  return { ranked: eligible, skipped };
}
