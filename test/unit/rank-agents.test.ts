import assert from 'node:assert/strict';
import { rankAgents, type AgentCandidate } from '../../src/routing/rank-agents';

const agent = (agentId: string, capacity: number, inUse: number, lastAssignedAt: string | null): AgentCandidate => ({
  agentId, capacity, inUse, lastAssignedAt: lastAssignedAt ? new Date(lastAssignedAt) : null,
});

describe('routing ranks (ASG-1, ASG-2, WI-4, CAP-5)', () => {
  it('ASG-1 most capacity: the agent with the most spare capacity first', () => {
    const r = rankAgents([agent('a', 4, 3, null), agent('b', 4, 1, null), agent('c', 6, 2, null)]);
    assert.deepEqual(r.ranked.map((c) => c.agentId), ['c', 'b', 'a']);
  });
  it('ASG-2 ties go to the agent idle longest (never assigned counts as longest)', () => {
    const r = rankAgents([agent('a', 4, 1, '2026-01-01T10:00:00Z'), agent('b', 4, 1, '2026-01-01T09:00:00Z'), agent('c', 4, 1, null)]);
    assert.deepEqual(r.ranked.map((c) => c.agentId), ['c', 'b', 'a']);
  });
  it('last_assigned rule: idle longest first regardless of spare capacity', () => {
    const r = rankAgents([agent('a', 10, 0, '2026-01-01T10:00:00Z'), agent('b', 2, 1, '2026-01-01T08:00:00Z')], { rule: 'last_assigned' });
    assert.deepEqual(r.ranked.map((c) => c.agentId), ['b', 'a']);
  });
  it('CAP-5 an agent at capacity is skipped, with the reason recorded', () => {
    const r = rankAgents([agent('full', 4, 4, null), agent('free', 4, 0, null)]);
    assert.deepEqual(r.ranked.map((c) => c.agentId), ['free']);
    assert.deepEqual(r.skipped, [{ agentId: 'full', why: 'no_capacity' }]);
  });
  it('WI-4 an agent who rejected the item is not offered it again', () => {
    const r = rankAgents([agent('rejecter', 4, 0, null), agent('other', 4, 3, null)], { excluded: new Set(['rejecter']) });
    assert.deepEqual(r.ranked.map((c) => c.agentId), ['other']);
    assert.deepEqual(r.skipped, [{ agentId: 'rejecter', why: 'rejected_this_item' }]);
  });
  it('nobody eligible: an empty ranking, the item stays queued (CC-1)', () => {
    assert.deepEqual(rankAgents([agent('a', 1, 1, null)]).ranked, []);
  });
});
