import assert from 'node:assert/strict';
import { queuesWithoutRoom, type ScopedQueue } from '../../../src/routing/dispatch-scope';
import type { AgentCandidate } from '../../../src/routing/rank-agents';

function agent(agentId: string, over: Partial<AgentCandidate> & { used?: number; groups?: string[] } = {}): AgentCandidate {
  const { used = 0, groups = ['team'], ...rest } = over;
  return {
    agentId, presence: 'available', groupIds: groups, lastAssignedAt: null, universalCapacity: null,
    channels: { sms: { available: true, capacity: 2, inUse: used } }, ...rest,
  };
}
const queue = (id: string, over: Partial<ScopedQueue> = {}): ScopedQueue => ({ id, channelId: 'sms', schedule: null, pools: [{ groupIds: ['team'], eligibleAfterSeconds: 0 }], ...over });
const NOW = Date.parse('2026-12-02T15:00:00Z'); // a Wednesday

// "Never stuck" (SPEC §5): the dispatcher skips a queue only when nobody could take any of its items now; the answer
// must never hide an item someone could take (a superset of the ranker's candidates), so each row names who counts.
describe('dispatch scope: the queues a pass skips', () => {
  const rows: { id: string; queues: ScopedQueue[]; agents: AgentCandidate[]; skip: string[] }[] = [
    { id: 'a queue of the agents’ group is open to every Available agent with room', queues: [queue('q')], agents: [agent('a')], skip: [] },
    { id: 'Q-5 a queue with no agent groups is skipped, however many agents are free', queues: [queue('q', { pools: [] })], agents: [agent('a'), agent('b')], skip: ['q'] },
    { id: 'nobody Available: every queue is skipped', queues: [queue('q')], agents: [agent('a', { presence: 'away' }), agent('b', { presence: 'offline' })], skip: ['q'] },
    { id: 'CAP-1 the only eligible agent is at capacity: skipped', queues: [queue('q')], agents: [agent('a', { used: 2 })], skip: ['q'] },
    {
      id: 'CAP-3 the universal capacity is used up on another channel: skipped',
      queues: [queue('q')], agents: [agent('a', { universalCapacity: 1, channels: { sms: { available: true, capacity: 2, inUse: 0 }, chat: { available: true, capacity: 2, inUse: 1 } } })], skip: ['q'],
    },
    { id: 'PRS-3 the agent turned the queue’s channel off: skipped', queues: [queue('q')], agents: [agent('a', { channels: { sms: { available: false, capacity: 2, inUse: 0 } } })], skip: ['q'] },
    { id: 'a queue on another channel the agent has no capacity for: skipped', queues: [queue('chat', { channelId: 'chat' })], agents: [agent('a')], skip: ['chat'] },
    {
      id: 'ELG-1 a pool of a group nobody free belongs to: skipped; the other queue is walked',
      queues: [queue('billing', { pools: [{ groupIds: ['g-billing'], eligibleAfterSeconds: 0 }] }), queue('sales', { pools: [{ groupIds: ['g-sales'], eligibleAfterSeconds: 0 }] })],
      agents: [agent('a', { groups: ['g-sales'] })], skip: ['billing'],
    },
    {
      id: 'ELG-2 a pool that opens only after a wait still counts (an item may have waited that long)',
      queues: [queue('q', { pools: [{ groupIds: ['g-1'], eligibleAfterSeconds: 0 }, { groupIds: ['g-2'], eligibleAfterSeconds: 600 }] })],
      agents: [agent('a', { groups: ['g-2'] })], skip: [],
    },
    {
      id: 'Q-11 a closed queue is skipped even with agents free',
      queues: [queue('q', { schedule: { timeZone: 'UTC', weekly: [{ day: 1, start: '09:00', end: '10:00' }], holidays: [] } })],
      agents: [agent('a')], skip: ['q'],
    },
  ];
  for (const row of rows) {
    it(row.id, () => assert.deepEqual(queuesWithoutRoom(row.queues, row.agents, NOW), row.skip));
  }
});
