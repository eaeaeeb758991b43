import assert from 'node:assert/strict';
import { effectiveCapacity, fits, spare, universalInUse, type AgentLoad } from '../../../src/routing/capacity';

const load = (channels: Record<string, [number, number]>, universal: number | null = null): AgentLoad => ({
  universalCapacity: universal,
  channels: Object.fromEntries(Object.entries(channels).map(([id, [capacity, inUse]]) => [id, { available: true, capacity, inUse }])),
});

describe('capacity (CAP-1…7)', () => {
  const overrides: [string, number, number[], number | null, number][] = [
    ['CAP-7 the SMS channel default applies without overrides', 4, [], null, 4],
    ['CAP-2 a group override applies to its members', 4, [6], null, 6],
    ['CAP-2 several groups: the most generous override applies', 4, [2, 5], null, 5],
    ['CAP-2 the agent’s own override wins over the group’s', 4, [6], 1, 1],
    ['CAP-2 an agent override of 0 means no work on the channel', 4, [], 0, 0],
  ];
  for (const [name, def, groups, own, expected] of overrides) it(name, () => assert.equal(effectiveCapacity(def, groups, own), expected));

  const verdicts: [string, AgentLoad, string, number, string][] = [
    ['CAP-1 room on the channel: fits', load({ sms: [4, 3] }), 'sms', 1, 'ok'],
    ['CAP-1 the channel is full: at capacity', load({ sms: [4, 4] }), 'sms', 1, 'at_capacity'],
    ['CAP-1 a channel the agent has no capacity row for: at capacity', load({ sms: [4, 0] }), 'chat', 1, 'at_capacity'],
    ['CAP-3 the universal capacity is reached across channels', load({ sms: [4, 1], chat: [4, 1] }, 2), 'sms', 1, 'at_universal_capacity'],
    ['CAP-3 no universal capacity (null): only the channel counts (ref Q21)', load({ sms: [4, 1], chat: [4, 3] }), 'sms', 1, 'ok'],
    ['CAP-4 the item’s size counts, not one', load({ sms: [4, 3] }), 'sms', 2, 'at_capacity'],
  ];
  for (const [name, a, ch, size, expected] of verdicts) it(name, () => assert.equal(fits(a, ch, size), expected));

  it('CAP-3 spare capacity is bounded by what the universal capacity leaves', () => {
    assert.equal(spare(load({ sms: [4, 0], chat: [4, 2] }, 3), 'sms'), 1);
    assert.equal(universalInUse(load({ sms: [4, 1], chat: [4, 2] })), 3);
  });
});
