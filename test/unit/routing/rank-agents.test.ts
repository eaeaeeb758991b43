import assert from 'node:assert/strict';
import { eligibleGroups, type Eligibility } from '../../../src/routing/eligibility';
import { ASSIGNMENT_RULE_NAMES, rankAgents, type AgentCandidate, type AssignmentRule, type RoutableItem } from '../../../src/routing/rank-agents';

/** Every agent below is in the team's group unless a row says otherwise. */
const everyone: Eligibility = eligibleGroups([{ groupIds: ['team'], eligibleAfterSeconds: 0 }], 0, 0);
const item = (over: Partial<RoutableItem> = {}): RoutableItem => ({ channelId: 'sms', size: 1, rejectedAgentIds: [], ...over });

function agent(agentId: string, over: Partial<AgentCandidate> & { cap?: number; used?: number; idle?: string | null } = {}): AgentCandidate {
  const { cap = 4, used = 0, idle = null, ...rest } = over;
  return {
    agentId, presence: 'available', groupIds: ['team'], lastAssignedAt: idle ? new Date(idle) : null, universalCapacity: null,
    channels: { sms: { available: true, capacity: cap, inUse: used } }, ...rest,
  };
}

interface Row {
  id: string;
  agents: AgentCandidate[];
  item?: RoutableItem;
  rule?: AssignmentRule;
  eligibility?: Eligibility;
  ranked: string[];
  skipped?: Record<string, string>;
}

const rows: Row[] = [
  { id: 'ASG-1 most capacity: the agent with the most spare capacity first (A 3 free, B 1 free → A)', agents: [agent('b', { used: 3 }), agent('a', { used: 1 })], ranked: ['a', 'b'] },
  {
    id: 'ASG-2 ties in spare capacity go to the agent idle longest (never assigned counts as longest)',
    agents: [agent('a', { used: 1, idle: '2026-01-01T10:00:00Z' }), agent('b', { used: 1, idle: '2026-01-01T09:00:00Z' }), agent('c', { used: 1 })],
    ranked: ['c', 'b', 'a'],
  },
  {
    id: 'ASG-2 last assigned: the agent idle longest first, whatever their spare capacity',
    agents: [agent('a', { cap: 10, idle: '2026-01-01T10:00:00Z' }), agent('b', { cap: 2, used: 1, idle: '2026-01-01T08:00:00Z' })],
    rule: 'last_assigned', ranked: ['b', 'a'],
  },
  { id: 'CAP-1/CAP-5 an agent at capacity on the channel is skipped as at_capacity', agents: [agent('full', { used: 4 }), agent('free')], ranked: ['free'], skipped: { full: 'at_capacity' } },
  {
    id: 'CAP-1 channels are independent: a full web chat does not stop SMS',
    agents: [agent('a', { channels: { sms: { available: true, capacity: 4, inUse: 0 }, chat: { available: true, capacity: 2, inUse: 2 } } })],
    ranked: ['a'],
  },
  {
    id: 'CAP-3 universal capacity across channels stops offers on every channel',
    agents: [agent('a', { universalCapacity: 3, channels: { sms: { available: true, capacity: 4, inUse: 1 }, chat: { available: true, capacity: 4, inUse: 2 } } })],
    ranked: [], skipped: { a: 'at_universal_capacity' },
  },
  { id: 'CAP-4 an item of size 2 needs two free units', agents: [agent('one_left', { used: 3 }), agent('two_left', { used: 2 })], item: item({ size: 2 }), ranked: ['two_left'], skipped: { one_left: 'at_capacity' } },
  { id: 'PRS-1 Away and Offline agents get no new work', agents: [agent('away', { presence: 'away' }), agent('off', { presence: 'offline' }), agent('on')], ranked: ['on'], skipped: { away: 'away', off: 'offline' } },
  {
    id: 'PRS-3 an agent who turned the SMS channel off gets no SMS offers',
    agents: [agent('nosms', { channels: { sms: { available: false, capacity: 4, inUse: 0 } } }), agent('on')], ranked: ['on'], skipped: { nosms: 'channel_unavailable' },
  },
  { id: 'WI-7 an agent who rejected the item is not offered it again', agents: [agent('rejecter'), agent('other', { used: 3 })], item: item({ rejectedAgentIds: ['rejecter'] }), ranked: ['other'], skipped: { rejecter: 'rejected_before' } },
  {
    id: 'ELG-1 only members of an open pool are eligible',
    agents: [agent('g1', { groupIds: ['G1'] }), agent('g2', { groupIds: ['G2'] })],
    eligibility: eligibleGroups([{ groupIds: ['G1'], eligibleAfterSeconds: 0 }, { groupIds: ['G2'], eligibleAfterSeconds: 120 }], 0, 60_000),
    ranked: ['g1'], skipped: { g2: 'not_eligible' },
  },
  {
    id: 'Q-5 a queue whose pools hold nobody assigns to nobody',
    agents: [agent('a')], eligibility: eligibleGroups([{ groupIds: ['EMPTY'], eligibleAfterSeconds: 0 }], 0, 0), ranked: [], skipped: { a: 'not_eligible' },
  },
  {
    id: 'Q-5 a queue with no agent groups: every agent is passed over as not_eligible',
    agents: [agent('a'), agent('b')], eligibility: eligibleGroups([], 0, 0), ranked: [], skipped: { a: 'not_eligible', b: 'not_eligible' },
  },
  {
    id: 'TRF-3 a transfer to one agent is offered to that agent only, even at capacity (a person chose)',
    agents: [agent('target', { used: 4 }), agent('other')], item: item({ targetAgentId: 'target' }), ranked: ['target'], skipped: { other: 'not_target' },
  },
  { id: 'TRF-3 a transfer target who is Away waits (no offer)', agents: [agent('target', { presence: 'away' })], item: item({ targetAgentId: 'target' }), ranked: [], skipped: { target: 'away' } },
  { id: 'CC-1 nobody can take it: an empty ranking, the item stays queued', agents: [agent('a', { cap: 1, used: 1 })], ranked: [], skipped: { a: 'at_capacity' } },
];

describe('routing ranks (ASG-1, ASG-2, ASG-8, CAP-1…5, PRS-1/3, ELG-1, Q-5, WI-7, TRF-3, EV-1)', () => {
  for (const r of rows) {
    it(r.id, () => {
      const ranking = rankAgents(r.agents, r.item ?? item(), r.eligibility ?? everyone, r.rule);
      assert.deepEqual(ranking.ranked.map((a) => a.agentId), r.ranked);
      // EV-1: every agent considered appears once, with a reason when passed over.
      assert.equal(ranking.candidates.length, r.agents.length);
      const skipped = Object.fromEntries(ranking.candidates.filter((c) => !c.eligible).map((c) => [c.agentId, c.reason]));
      assert.deepEqual(skipped, r.skipped ?? {});
    });
  }

  it('ASG-8 the ranking names one best agent per item: the dispatcher offers to the first only', () => {
    const r = rankAgents([agent('a'), agent('b')], item(), everyone);
    assert.equal(r.ranked[0].agentId, 'a');
    assert.equal(r.candidates.filter((c) => c.eligible).length, 2);
  });

  it('ASG-1/ASG-2 the rule registry holds both rules and an unknown rule falls back to most capacity', () => {
    assert.deepEqual(ASSIGNMENT_RULE_NAMES.sort(), ['last_assigned', 'most_capacity']);
    const r = rankAgents([agent('b', { used: 3 }), agent('a', { used: 1 })], item(), everyone, 'nonsense' as AssignmentRule);
    assert.deepEqual(r.ranked.map((a) => a.agentId), ['a', 'b']);
  });
});
