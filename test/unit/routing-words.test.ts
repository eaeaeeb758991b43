import assert from 'node:assert/strict';
import type { AgentStatus, RoutingEvent } from '../../web/src/workspace/shared/api';
import {
  candidateLabel, capacityLabel, conditionWords, namesIn, orderedCandidates, presenceReasonLabel, presenceSpans, routingEventLabel, scheduleWords, secondsNow, tickingLabel,
  universalLabel,
} from '../../web/src/workspace/routing/routing-words';

const ANA = '00000000-0000-4000-8000-00000000000a';
const BEN = '00000000-0000-4000-8000-00000000000b';
const MAY = '00000000-0000-4000-8000-00000000000c';
const at = '2026-12-02T08:00:00.000Z';
const offered: RoutingEvent = {
  type: 'offered', at, agentId: BEN, agentName: 'Ben', queueId: 'sms',
  candidates: [
    { agentId: BEN, agentName: 'Ben', eligible: true },
    { agentId: ANA, agentName: 'Ana', eligible: false, reason: 'away' },
    { agentId: MAY, agentName: 'May', eligible: false, reason: 'at_capacity' },
  ],
};
const words = { names: namesIn([offered, { type: 'accepted', at, agentId: MAY, agentName: 'May' }]), queueName: (id: string) => (id === 'sms' ? 'SMS' : id) };

describe('the Workspace’s words for routing (SPEC §5, EV-1)', () => {
  it('EV-1 why not Ana: each candidate with why they were passed over, the passed-over first', () => {
    assert.deepEqual(orderedCandidates(offered.candidates!).map(candidateLabel), ['Ana — away', 'May — at capacity', 'Ben — could take it']);
    assert.equal(candidateLabel({ agentId: ANA, agentName: null, eligible: false, reason: 'channel_unavailable' }), 'An agent no longer listed — has SMS turned off');
  });

  it('every event type reads as a sentence', () => {
    const rows: [RoutingEvent, string][] = [
      [{ type: 'queued', at, queueId: 'sms' }, 'Queued in SMS'],
      [offered, 'Offered to Ben'],
      [{ type: 'accepted', at, agentId: BEN, agentName: 'Ben' }, 'Accepted by Ben'],
      [{ type: 'rejected', at, agentId: BEN, agentName: 'Ben', reason: 'Busy' }, 'Rejected by Ben: “Busy”'],
      [{ type: 'offer_timeout', at, agentId: BEN, agentName: 'Ben', presence: 'away' }, 'Ben let the offer expire (now Away)'],
      [{ type: 'offer_timeout', at, agentId: BEN, agentName: 'Ben', presence: 'offline' }, 'Ben let the offer expire (now Offline)'],
      [{ type: 'offer_timeout', at, agentId: BEN, agentName: 'Ben' }, 'Ben let the offer expire'],
      [{ type: 'canceled', at, reason: 'manually_assigned' }, 'Work item canceled: a manager assigned it'],
      [{ type: 'no_agent', at, queueId: 'sms' }, 'Nobody in SMS could take it'],
      [{ type: 'no_agent_groups', at, queueId: 'sms' }, 'SMS has no agent groups: nobody will be offered it'],
      [{ type: 'out_of_schedule', at, queueId: 'billing' }, 'billing is closed now: waiting for its opening hours'],
      [{ type: 'transferred', at, toQueueId: 'sms', byUserId: MAY, note: 'invoice' }, 'Transferred to SMS by May — note: “invoice”'],
      [{ type: 'transferred', at, agentId: ANA, agentName: 'Ana', byUserId: BEN }, 'Transferred to Ana by Ben'],
      [{ type: 'manually_assigned', at, agentId: ANA, agentName: 'Ana', byUserId: '00000000-0000-4000-8000-0000000000ff' }, 'Assigned to Ana by someone'],
      [{ type: 'manually_assigned', at, agentId: ANA, agentName: 'Ana', byUserId: '00000000-0000-4000-8000-0000000000ff', byUserName: 'Mia' }, 'Assigned to Ana by Mia'],
      [
        { type: 'manually_assigned', at, agentId: ANA, agentName: 'Ana', byUserId: MAY, fromAgentId: BEN, fromAgentName: 'Ben' },
        'Assigned to Ana by May (from Ben)',
      ],
      [
        { type: 'manually_assigned', at, agentId: ANA, agentName: 'Ana', byUserId: MAY, offer: { allowedToDecline: false, timeoutSeconds: 90, timeoutPresence: 'offline' } },
        'Offered to Ana by May — may not decline, expires after 1 min, then Offline',
      ],
      [
        { type: 'manually_assigned', at, agentId: ANA, agentName: 'Ana', byUserId: MAY, offer: { allowedToDecline: true, timeoutSeconds: null, timeoutPresence: 'away' } },
        'Offered to Ana by May — may decline, no timeout',
      ],
      [{ type: 'reassigned', at, agentId: BEN, agentName: 'Ben', byUserId: MAY, reason: 'lunch' }, 'Reassigned by May: taken from Ben: “lunch”'],
      [{ type: 'max_wait', at }, 'Waited the queue’s maximum: the requester was told'],
      [{ type: 'something_new', at }, 'something new'],
    ];
    for (const [e, label] of rows) assert.equal(routingEventLabel(e, words), label, e.type);
  });

  it('PRS-4 presence history: why each change, and how long each state lasted (the current one until now)', () => {
    assert.deepEqual(['agent', 'offer_timeout', 'workspace_disconnected', 'channel sms off', 'something_else'].map(presenceReasonLabel), [
      'set by the agent', 'let an offer expire', 'Workspace closed past the grace period', 'turned SMS off', 'something else',
    ]);
    const history = [{ at: '2026-12-02T08:10:00.000Z' }, { at: '2026-12-02T08:00:00.000Z' }];
    const spans = presenceSpans(history, Date.parse('2026-12-02T08:10:30.000Z'));
    assert.deepEqual(spans.map((x) => [x.seconds, x.current]), [[30, true], [600, false]]);
  });

  it('waits and time in presence tick from the server’s count', () => {
    assert.equal(secondsNow(65, 1_000, 4_500), 68);
    assert.equal(tickingLabel(68), '1:08');
    assert.equal(tickingLabel(3_725), '1:02:05');
  });

  it('CAP-8 capacity in use per channel and universal', () => {
    const a = { channels: [{ channelId: 'sms', available: true, capacity: 4, inUse: 1 }], universalCapacity: null, universalInUse: 1 } as unknown as AgentStatus;
    assert.equal(capacityLabel(a, 'sms'), '1 / 4');
    assert.equal(capacityLabel(a, 'chat'), '—');
    assert.equal(universalLabel(a), '1 (no limit)');
    assert.equal(universalLabel({ ...a, universalCapacity: 6 }), '1 / 6');
  });

  it('Q-1 conditions in words', () => {
    assert.equal(conditionWords(null), 'Nothing automatically (transfers and its company numbers)');
    assert.equal(conditionWords({ always: true }), 'Everything');
    assert.equal(
      conditionWords({ all: [{ field: 'context.language', op: 'eq', value: 'spanish' }, { any: [{ field: 'fromVirtualAgent', op: 'eq', value: true }, { field: 'companyNumber', op: 'in', value: ['+15550001', '+15550002'] }] }] }),
      'language (captured) is “spanish” and (from the virtual agent is yes or company number is one of “+15550001”, “+15550002”)',
    );
    assert.equal(conditionWords({ not: { field: 'context.orderNumber', op: 'exists' } }), 'not (orderNumber (captured) is set)');
  });

  it('Q-15 schedules in words: consecutive days with the same hours join', () => {
    assert.equal(scheduleWords(null), '24×7');
    const weekdays = [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' }));
    assert.equal(scheduleWords({ timeZone: 'Europe/Paris', weekly: [...weekdays, { day: 6, start: '10:00', end: '14:00' }], holidays: ['2026-12-25'] }), 'Mon–Fri 09:00–17:00, Sat 10:00–14:00 (Europe/Paris) · 1 holiday');
    assert.equal(scheduleWords({ timeZone: 'UTC', weekly: [], holidays: [] }), 'Never open (UTC)');
  });
});
