import assert from 'node:assert/strict';
import { eligibleGroups, hasAgentGroups, isEligible } from '../../../src/routing/eligibility';

const pools = [
  { groupIds: ['tier1'], eligibleAfterSeconds: 0 },
  { groupIds: ['tier2'], eligibleAfterSeconds: 120 },
  { groupIds: ['overflow'], eligibleAfterSeconds: 600 },
];

describe('eligibility pools (ELG-1, ELG-2, Q-5)', () => {
  const rows: [string, number, string[], number | null][] = [
    ['ELG-1 at first only the first pool is eligible', 0, ['tier1'], 120_000],
    ['ELG-1 after 120 s the second pool widens the candidates', 120_000, ['tier1', 'tier2'], 600_000],
    ['ELG-2 earlier pools stay eligible once later ones open (cumulative)', 900_000, ['tier1', 'tier2', 'overflow'], null],
  ];
  for (const [name, waitedMs, groups, nextWidenAt] of rows) {
    it(name, () => {
      const e = eligibleGroups(pools, 0, waitedMs);
      assert.equal(e.kind, 'groups');
      assert.deepEqual([...(e as { groupIds: Set<string> }).groupIds].sort(), groups.sort());
      assert.equal(e.nextWidenAt, nextWidenAt);
    });
  }
  it('ELG-1 an agent in any open pool’s group is eligible; others are not', () => {
    const e = eligibleGroups(pools, 0, 0);
    assert.equal(isEligible(e, ['x', 'tier1']), true);
    assert.equal(isEligible(e, ['tier2']), false);
  });
  const noGroups: [string, { groupIds: string[]; eligibleAfterSeconds: number }[], boolean][] = [
    ['Q-5 a queue with no pools names no agent group: nobody is eligible', [], false],
    ['Q-5 pools that name no group are no agent groups either: nobody is eligible', [{ groupIds: [], eligibleAfterSeconds: 0 }], false],
    ['Q-5 a pool naming a group (even one not open yet) is configured', [{ groupIds: ['later'], eligibleAfterSeconds: 600 }], true],
  ];
  for (const [name, p, has] of noGroups) {
    it(name, () => {
      assert.equal(hasAgentGroups(p), has);
      const e = eligibleGroups(p, 0, 0);
      assert.equal(e.kind, has ? 'groups' : 'no_agent_groups');
      assert.equal(isEligible(e, ['any', 'later']), false);
    });
  }
});
