import assert from 'node:assert/strict';
import { DEFAULT_GROUP_QUEUE_PRIORITY, priorityTiers } from '../../../src/routing/group-queue-priority';

// GQP-3's worked example: three groups, three queues; orders G1: A10 B20 C30; G2: A300 B100 C200; G3: A2 B3 C1.
const ORDERS: Record<string, Record<string, number>> = { G1: { A: 10, B: 20, C: 30 }, G2: { A: 300, B: 100, C: 200 }, G3: { A: 2, B: 3, C: 1 } };
const QUEUES = ['A', 'B', 'C'].map((id) => ({ id, pools: [{ groupIds: ['G1', 'G2', 'G3'], eligibleAfterSeconds: 0 }] }));
const pairs = (groups: Map<string, Set<string> | null>) => [...groups].map(([q, g]) => `${q}:${[...(g ?? [])].sort().join('+')}`).sort();

describe('group-queue priority (GQP-1…3)', () => {
  it('GQP-2/GQP-3 tiers: T1 = {A·G1, B·G2, C·G3}, T2 adds {A·G3, B·G1, C·G2}, T3 adds {A·G2, B·G3, C·G1}', () => {
    const tiers = priorityTiers(QUEUES, (g, q) => ORDERS[g][q])!;
    assert.equal(tiers.length, 3);
    assert.deepEqual(pairs(tiers[0].groups), ['A:G1', 'B:G2', 'C:G3']);
    assert.deepEqual(pairs(tiers[1].groups), ['A:G1+G3', 'B:G1+G2', 'C:G2+G3'], 'cumulative: earlier pairs stay eligible');
    assert.deepEqual(pairs(tiers[2].groups), ['A:G1+G2+G3', 'B:G1+G2+G3', 'C:G1+G2+G3']);
    assert.deepEqual(tiers.map((t) => [...t.final].sort()), [[], [], ['A', 'B', 'C']], 'nobody-could-take-it is recorded in the last tier only');
  });

  it('GQP-1 no stored priorities (every pair 100): one plain walk, as before group-queue priorities', () => {
    assert.equal(priorityTiers(QUEUES, () => DEFAULT_GROUP_QUEUE_PRIORITY), null);
  });

  it('GQP-2 equal priorities of one group are one level: its queues share a tier', () => {
    const tiers = priorityTiers(QUEUES, (g, q) => (g === 'G1' && q === 'C' ? 200 : 100))!;
    assert.equal(tiers.length, 2);
    assert.deepEqual(pairs(tiers[0].groups), ['A:G1+G2+G3', 'B:G1+G2+G3', 'C:G2+G3']);
  });

  it('GQP queues in no tier (no pools: every agent) are walked after the tiers, unrestricted', () => {
    const tiers = priorityTiers([...QUEUES, { id: 'open', pools: [] }], (g, q) => ORDERS[g][q])!;
    const last = tiers.at(-1)!;
    assert.deepEqual([last.queueIds, [...last.groups.values()], [...last.final]], [['open'], [null], ['open']]);
  });
});
