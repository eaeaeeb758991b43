import assert from 'node:assert/strict';
import type { DecisionEvent, Effect } from '../../../src/domain/interaction-decider';
import type { InteractionSnapshot } from '../../../src/workflows/definitions';
import { at, ctx, find, table } from './table';

// The virtual-agent family (src/domain/interaction/virtual-agent.ts): a turn of the virtual agent or its failure,
// handoffs, ends and the idle close (SPEC §6; VA-8…16, RI-9, INT-6…12). Moved here from interaction-decider.test.ts.
const session = (extra: Partial<NonNullable<InteractionSnapshot['va']>> = {}) => ({ topicId: null, stepId: null, unrecognised: 0, context: {}, greeted: true, cursor: 1, ...extra });
const picking = { topicId: 'orders', stepId: 'ask', unrecognised: 1, context: { orderNumber: '42' }, greeted: true, cursor: 3 };
const withVa = (vaOnly: boolean) => at('virtual_agent', { workItemId: null, va: picking, ...(vaOnly ? { vaOnly: true } : {}) });
const handoff = (reason: 'requested' | 'topic' | 'fallback', agentsAvailable = true, estimatedWaitSeconds?: number): DecisionEvent => ({
  type: 'va_turn', session: picking, outcome: { kind: 'handoff', reason }, replyIds: [], agentsAvailable, ...(estimatedWaitSeconds === undefined ? {} : { estimatedWaitSeconds }),
});
const said = (d: { effects: Effect[] }) => {
  const { type: _t, messageId: _m, ...rest } = find(d.effects, 'system_text');
  return rest;
};

table('decider, virtual agent: a virtual-agent-only number (RI-9/VA-13, INT-12)', [
  ...(['requested', 'topic', 'fallback'] as const).map((reason) => ({
    rule: 'RI-9', title: `a ${reason} handoff is not made: the requester is told, and is back at the topic picker with what was captured (VA-13)`, before: withVa(true), input: handoff(reason),
    effects: ['system_text:va_no_live_agents', 'note:va_asked_for_person_without_live_agents'],
    after: { state: 'virtual_agent' as const, workItemId: null, va: { ...picking, topicId: null, stepId: null, unrecognised: 0 } },
  })),
  {
    rule: 'INT-12', title: 'an engine that failed cannot go on and nobody can take over: closed with the reason error', before: withVa(true), input: { type: 'va_failed' } as DecisionEvent,
    effects: ['close', 'note:va_failed_without_live_agents'], after: { state: 'closed_complete', closeReason: 'error' },
  },
]);

table('decider, virtual agent: handoffs to live agents (VA-8…11)', [
  {
    rule: 'VA-8', title: 'on any other number the same handoff queues for live agents, with a note why', before: withVa(false), input: handoff('requested'),
    effects: ['note:va_handed_off', 'system_text:va_transfer', 'enqueue'], after: { state: 'queued' },
    also: (d) => assert.deepEqual(find(d.effects, 'note').note, { kind: 'va_handed_off', reason: 'requested' }),
  },
  {
    rule: 'VA-10', title: 'an engine that failed hands off (and the note says so)', before: withVa(false), input: { type: 'va_failed' } as DecisionEvent,
    effects: ['note:va_handed_off', 'system_text:no_agents_available', 'enqueue'], after: { state: 'queued', noAgentsTextSent: true },
    also: (d) => assert.deepEqual(find(d.effects, 'note').note, { kind: 'va_handed_off', reason: 'error' }),
  },
  {
    rule: 'VA-11', title: 'a handoff with agents Available passes the estimated wait to the transfer text', before: at('virtual_agent', { workItemId: null, va: session() }), input: handoff('requested', true, 180),
    effects: ['note:va_handed_off', 'system_text:va_transfer', 'enqueue'], also: (d) => assert.deepEqual(said(d), { key: 'va_transfer', estimatedWaitSeconds: 180 }),
  },
  {
    rule: 'VA-11', title: 'no estimate (nothing accepted lately, or an older result): the transfer text without it', before: at('virtual_agent', { workItemId: null, va: session() }), input: handoff('topic', true),
    effects: ['note:va_handed_off', 'system_text:va_transfer', 'enqueue'], also: (d) => assert.deepEqual(said(d), { key: 'va_transfer' }),
  },
  {
    rule: 'VA-9', title: 'nobody Available: "no agents available", no estimate; it still waits in the queue (Q-12)', before: at('virtual_agent', { workItemId: null, va: session() }), input: handoff('fallback', false, 180),
    effects: ['note:va_handed_off', 'system_text:no_agents_available', 'enqueue'], after: { state: 'queued' }, also: (d) => assert.deepEqual(said(d), { key: 'no_agents_available' }),
  },
]);

const vaEnd = (reason: 'user_ended' | 'auto_closed' | 'topic_complete'): DecisionEvent =>
  ({ type: 'va_turn', session: session({ turns: 3 }), outcome: { kind: 'end', reason }, replyIds: ['r-1'], agentsAvailable: false });
table('decider, virtual agent: the conversation ends with it (INT-7, INT-8)', [
  { rule: 'INT-7', title: 'bye to the virtual agent: user_ended, with its closing reply', before: at('virtual_agent', { workItemId: null, va: session() }), input: vaEnd('user_ended'), effects: ['send', 'close'], after: { state: 'closed_complete', closeReason: 'user_ended' } },
  { rule: 'INT-8', title: 'a topic’s end step closes it with no live agent: auto_closed', before: at('virtual_agent', { workItemId: null, va: session() }), input: vaEnd('auto_closed'), effects: ['send', 'close'], after: { state: 'closed_complete', closeReason: 'auto_closed' } },
  { rule: 'INT-8', title: 'a result recorded before INT-8 (topic_complete) replays as it was', before: at('virtual_agent', { workItemId: null, va: session() }), input: vaEnd('topic_complete'), effects: ['send', 'close'], after: { state: 'closed_complete', closeReason: 'topic_complete' } },
  { rule: 'VA-8', title: 'a turn for a conversation handed off meanwhile changes nothing', before: at('queued'), input: vaEnd('user_ended'), unchanged: true },
]);

const idle = (rule: string, title: string, va: InteractionSnapshot['va'], state: 'closed_complete' | 'closed_abandoned', reason: 'no_activity' | 'no_user_response' | 'topic_complete') => ({
  rule, title: `${title} (SPEC §8: a timeout close is never texted)`, before: at('virtual_agent', { workItemId: null, lastInboundAt: 1_000, va }),
  input: { type: 'deadline_reached', kind: 'va_idle' } as DecisionEvent, ctx: ctx(1_000 + 7_200_000, { vaIdleCloseMs: 7_200_000 }),
  effects: ['close', 'note:va_idle_closed'], after: { state, closeReason: reason },
  also: (d: { effects: Effect[] }) => {
    const close = find(d.effects, 'close');
    assert.deepEqual([close.projection.state, close.projection.closeReason], [state, reason]);
    assert.deepEqual(find(d.effects, 'note').note, { kind: 'va_idle_closed', reason });
  },
});
table('decider, virtual agent: the idle close and its reasons (VA-15, INT-6, INT-9, INT-10)', [
  idle('INT-6', 'only the first text (the greeting unanswered): no_activity, closed abandoned', session({ turns: 1 }), 'closed_abandoned', 'no_activity'),
  idle('INT-6', 'a session recorded before turns were counted keeps no_activity', session(), 'closed_abandoned', 'no_activity'),
  idle('INT-9', 'answered the virtual agent, then silent: no_user_response, closed complete', session({ turns: 2, topicId: 'order_status', stepId: 'ask_number' }), 'closed_complete', 'no_user_response'),
  idle('INT-10', 'a topic done, "anything else?" unanswered: topic_complete (VA-16)', session({ turns: 3, topicId: 'opening_hours', stepId: 'more', topicDone: true }), 'closed_complete', 'topic_complete'),
  idle('INT-10', 'back at the picker after a topic, then silent: topic_complete', session({ turns: 4, topicDone: true }), 'closed_complete', 'topic_complete'),
]);
