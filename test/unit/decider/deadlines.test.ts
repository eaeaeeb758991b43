import assert from 'node:assert/strict';
import { decide, deadlines, type DecisionEvent, type Effect } from '../../../src/domain/interaction-decider';
import type { InteractionSnapshot } from '../../../src/workflows/definitions';
import { at, ctx, find, offer, table } from './table';

// The deadline family (src/domain/interaction/deadlines.ts): the timers the workflow keeps and what each does when it
// fires (WI-3, Q-9, Q-10, VA-14). Moved here from interaction-decider.test.ts (issue 26).
const trigger = (topicId?: string): DecisionEvent => ({ type: 'enqueued', agentsAvailable: true, queueId: 'q', waitTriggers: [{ afterSeconds: 60, text: 'Still busy.', ...(topicId ? { topicId } : {}) }] });
const maxWait = (maxWaitTopicId?: string): DecisionEvent =>
  ({ type: 'enqueued', agentsAvailable: true, queueId: 'q', maxWaitSeconds: 60, maxWaitText: 'Sorry for the wait.', ...(maxWaitTopicId ? { maxWaitTopicId } : {}) });
const queuedWith = (state: 'queued' | 'offered', event: DecisionEvent) => decide(at(state), event, ctx(1_000)).snapshot;
const leftForTopic = ['system_text:queue_max_wait', 'routing_event', 'leave_queue', 'note:left_queue_for_topic', 'run_va'];

/** VA-14: out of the queue (work item canceled, offer withdrawn), the topic started, idle counted from its start. */
const startsTopic = (topicId: string, by: 'wait_trigger' | 'max_wait') => (d: { snapshot: InteractionSnapshot; effects: Effect[] }) => {
  assert.equal(find(d.effects, 'leave_queue').projection.state, 'virtual_agent');
  assert.equal(find(d.effects, 'run_va').start?.topicId, topicId);
  assert.deepEqual(find(d.effects, 'note').note, { kind: 'left_queue_for_topic', by });
  assert.deepEqual(deadlines(d.snapshot, { vaIdleCloseMs: 1_000 }).map((x) => x.kind), ['va_idle'], 'VA-15: idle from the topic’s start; no queue timers');
};

table('decider, deadlines: the offer timeout (WI-3)', [
  { rule: 'WI-3', title: 'an offer deadline before it is due changes nothing', before: at('offered'), input: { type: 'deadline_reached', kind: 'offer_timeout' }, unchanged: true },
  {
    rule: 'WI-3', title: 'a due offer deadline asks to expire that offer', before: at('offered'), input: { type: 'deadline_reached', kind: 'offer_timeout' }, ctx: ctx(5_000),
    effects: ['expire_offer'], after: { state: 'offered' }, also: (d) => assert.deepEqual(d.effects, [{ type: 'expire_offer', offer }]),
  },
]);

table('decider, deadlines: a wait trigger with a virtual agent topic (VA-14, Q-10)', [
  {
    rule: 'VA-14', title: 'the trigger’s topic is armed with its time', before: at('queued'), input: trigger('order_status'), ctx: ctx(1_000),
    effects: [], after: { waitTriggers: [{ at: 61_000, text: 'Still busy.', topicId: 'order_status' }] },
  },
  ...(['queued', 'offered'] as const).map((state) => ({
    rule: 'VA-14', title: `fired while ${state}: the trigger’s text, out of the queue (work item canceled, offer withdrawn) and the topic started, with a note why`,
    before: queuedWith(state, trigger('order_status')), input: { type: 'deadline_reached', kind: 'queue_trigger' } as DecisionEvent, ctx: ctx(61_000), effects: leftForTopic,
    after: { state: 'virtual_agent' as const, workItemId: null, offer: null, waitTriggers: null, triggerTopicRun: true, lastInboundAt: 61_000 },
    also: startsTopic('order_status', 'wait_trigger'),
  })),
  {
    rule: 'Q-10', title: 'a trigger without a topic only texts; the conversation keeps waiting', before: queuedWith('queued', trigger()),
    input: { type: 'deadline_reached', kind: 'queue_trigger' }, ctx: ctx(61_000), effects: ['system_text:queue_max_wait', 'routing_event'], after: { state: 'queued' },
  },
  {
    rule: 'VA-14', title: 'once a trigger’s topic has run, later queueings (asked for a person again) only text', before: at('queued', { triggerTopicRun: true }), input: trigger('order_status'), ctx: ctx(1_000),
    after: { waitTriggers: [{ at: 61_000, text: 'Still busy.' }] },
  },
]);

table('decider, deadlines: the max wait with a virtual agent topic (VA-14, Q-9)', [
  {
    rule: 'VA-14', title: 'the max wait passes: its text, out of the queue (work item canceled, offer withdrawn) and the topic started, with a note why',
    before: queuedWith('offered', maxWait('opening_hours')), input: { type: 'deadline_reached', kind: 'max_wait' }, ctx: ctx(61_000),
    effects: ['system_text:queue_max_wait', 'routing_event', 'leave_queue', 'note:left_queue_for_topic', 'run_va'],
    after: { state: 'virtual_agent', workItemId: null, offer: null, maxWaitTopicId: null, maxWaitTextSent: true },
    also: startsTopic('opening_hours', 'max_wait'),
  },
  {
    rule: 'Q-9', title: 'a max wait without a topic only texts; the item keeps waiting (as in histories from before VA-14)', before: queuedWith('queued', maxWait()),
    input: { type: 'deadline_reached', kind: 'max_wait' }, ctx: ctx(61_000), effects: ['system_text:queue_max_wait', 'routing_event'], after: { state: 'queued', maxWaitTopicId: undefined },
  },
]);

describe('decider, deadlines: which timers a snapshot keeps', () => {
  it('WI-3 an offered interaction has one deadline, the offer timeout', () => {
    assert.deepEqual(deadlines(at('offered')), [{ kind: 'offer_timeout', at: 5_000 }]);
    assert.deepEqual(deadlines(at('queued')), []);
    assert.deepEqual(deadlines(at('work_in_progress')), []);
  });
  it('VA-14 a max wait naming a topic keeps it until it fires', () => {
    assert.equal(queuedWith('offered', maxWait('opening_hours')).maxWaitTopicId, 'opening_hours');
    assert.equal(queuedWith('queued', maxWait()).maxWaitTopicId, undefined, 'nothing new in the snapshot');
  });
  it('VA-14 the topic’s reply arrives as an ordinary virtual agent turn', () => {
    const d = decide(queuedWith('queued', trigger('order_status')), { type: 'deadline_reached', kind: 'queue_trigger' }, ctx(61_000));
    const run = find(d.effects, 'run_va');
    const turn = decide(d.snapshot, { type: 'va_turn', session: { ...run.session, topicId: 'order_status', stepId: 'ask_number' }, outcome: { kind: 'continue' }, replyIds: ['r-1'], agentsAvailable: false }, ctx(61_500));
    assert.deepEqual(turn.effects.map((e) => e.type), ['send']);
  });
});
