// Pure: which queues a dispatch pass can skip because nobody could take their items now ("never stuck", SPEC §5).
// A pass walks at most a few hundred waiting items, oldest first. Without this, a backlog nobody is eligible for
// (a queue whose groups are all away, a closed queue) filled every pass, and a newer item another agent was free
// for waited behind it for good.
import { fits } from './capacity';
import { eligibleGroups, isEligible, type Pool } from './eligibility';
import type { AgentCandidate } from './rank-agents';
import { isOpen, type Schedule } from './schedule';

export interface ScopedQueue {
  id: string;
  channelId: string;
  schedule: Schedule | null;
  pools: Pool[];
}

/**
 * The queues none of whose items can be offered in this pass: closed, or no Available agent who is on the
 * queue's channel, has a unit of room on it, and belongs to any of its pools (however long an item has waited, so
 * the answer is a superset of what the ranker would find: skipping never hides an item someone could take).
 */
export function queuesWithoutRoom(queues: Iterable<ScopedQueue>, agents: readonly AgentCandidate[], now: number): string[] {
  const free = agents.filter((a) => a.presence === 'available');
  const skip: string[] = [];
  for (const q of queues) {
    if (!isOpen(q.schedule, new Date(now))) {
      skip.push(q.id);
      continue;
    }
    // Every pool open: the widest the eligibility of any item of this queue can be.
    const widest = eligibleGroups(q.pools, -Infinity, now);
    const someone = free.some((a) => a.channels[q.channelId]?.available !== false && fits(a, q.channelId, 1) === 'ok' && isEligible(widest, a.groupIds));
    if (!someone) skip.push(q.id);
  }
  return skip;
}
