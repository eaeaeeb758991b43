import assert from 'node:assert/strict';
import { decide, deadlines, type DecisionEvent } from '../../../src/domain/interaction-decider';
import { emptyRuns, requesterWrote, type MaAction } from '../../../src/domain/messaging-actions';
import { agent, at, ctx, find, table } from './table';

// The messaging-action family (src/domain/interaction/messaging-actions.ts): actions armed, their filters evaluated
// when due, and what a fired one does (SPEC §7; MA-4…11, RSN-1). Moved here from interaction-decider.test.ts.
const E1 = 'requester_message_without_agent_response' as const;
const armed = [{ id: 'ma-1', event: E1, durationMs: 1_000 }];
const working = decide(decide(at('offered'), { type: 'assigned', workItemId: 'w-1', agentId: 'a-1' }, ctx(0)).snapshot, { type: 'ma_armed', actions: armed }, ctx(0)).snapshot;
/** The action came due: its filter was re-read (MA-4). */
const due = decide(working, { type: 'deadline_reached', kind: 'messaging_action' }, ctx(1_000)).snapshot;
const evaluated = (action: MaAction, extra: { promptText?: string; targetState?: 'on_hold' | 'closed_complete' | 'closed_abandoned'; fire?: boolean } = {}): DecisionEvent => ({
  type: 'ma_evaluated', actions: armed,
  results: [{ id: 'ma-1', event: E1, fire: extra.fire ?? true, action, promptText: extra.promptText ?? null, targetState: extra.targetState ?? null }],
});
const at1s = ctx(1_000);

table('decider, messaging actions (SPEC §7)', [
  {
    rule: 'MA-4', title: 'the earliest pending action is due: its actions are re-read and evaluated', before: working, input: { type: 'deadline_reached', kind: 'messaging_action' }, ctx: at1s,
    effects: ['evaluate_messaging_actions'], also: (d) => assert.deepEqual(d.effects, [{ type: 'evaluate_messaging_actions', due: armed }]),
  },
  { rule: 'MA-8', title: 'the agent’s message cancels the requester-waiting timer', before: working, input: { type: 'agent_message', actor: agent, messageId: 'm' }, ctx: ctx(500), effects: ['send'], also: (d) => assert.deepEqual(deadlines(d.snapshot), []) },
  {
    rule: 'MA-5', title: 'prompt_agent: a Workspace notification to the assignee and a note with the prompt', before: due, input: evaluated('prompt_agent', { promptText: 'Please answer' }), ctx: at1s,
    effects: ['notify_agent', 'note:reminder_sent'],
    also: (d) => {
      assert.deepEqual(d.effects[0], { type: 'notify_agent', agentId: 'a-1', text: 'Please answer' });
      assert.deepEqual(find(d.effects, 'note'), { type: 'note', note: { kind: 'reminder_sent', promptText: 'Please answer' }, agentId: 'a-1' });
    },
  },
  {
    rule: 'MA-5', title: 'prompt_agent without its own prompt: the note has none', before: due, input: evaluated('prompt_agent'), ctx: at1s,
    effects: ['notify_agent', 'note:reminder_sent'], also: (d) => assert.deepEqual(find(d.effects, 'note').note, { kind: 'reminder_sent', promptText: null }),
  },
  {
    rule: 'MA-13', title: 'prompt_requester: a system text with the action’s own prompt (MA-5, SYS-5)', before: due, input: evaluated('prompt_requester', { promptText: 'Still there?' }), ctx: at1s,
    effects: ['system_text:prompt_requester'], also: (d) => assert.equal(find(d.effects, 'system_text').body, 'Still there?'),
  },
  {
    rule: 'RSN-1', title: 'reassign: assignee cleared, queued again, the previous agent excluded; the note names them (MA-5)', before: due, input: evaluated('reassign'), ctx: at1s,
    effects: ['note:reassigned_by_messaging_action', 'enqueue'], after: { state: 'queued', assignedAgentId: null, ma: null },
    also: (d) => {
      assert.deepEqual(find(d.effects, 'enqueue').excludedAgentIds, ['a-1']);
      assert.equal(find(d.effects, 'note').agentId, 'a-1');
      assert.deepEqual(deadlines(d.snapshot), [], 'no live agent, no timers');
    },
  },
  {
    rule: 'MA-5', title: 'set_state closed_abandoned: a system close (auto_closed), never texted', before: due, input: evaluated('set_state', { targetState: 'closed_abandoned' }), ctx: at1s,
    effects: ['close', 'note:closed_by_messaging_action'], after: { state: 'closed_abandoned', closeReason: 'auto_closed' },
    also: (d) => assert.deepEqual(find(d.effects, 'note').note, { kind: 'closed_by_messaging_action', targetState: 'closed_abandoned' }),
  },
  {
    rule: 'MA-5', title: 'set_state closed_complete', before: due, input: evaluated('set_state', { targetState: 'closed_complete' }), ctx: at1s,
    effects: ['close', 'note:closed_by_messaging_action'], after: { state: 'closed_complete', closeReason: 'auto_closed' },
  },
  { rule: 'MA-5', title: 'set_state on_hold', before: due, input: evaluated('set_state', { targetState: 'on_hold' }), ctx: at1s, effects: ['project', 'note:held_by_messaging_action'], after: { state: 'on_hold' } },
  {
    rule: 'MA-4', title: 'an action whose filter no longer holds does nothing, and does not fire again in this run', before: due, input: evaluated('reassign', { fire: false }), ctx: at1s,
    effects: [], after: { state: 'work_in_progress' }, also: (d) => assert.deepEqual(deadlines(d.snapshot), []),
  },
]);

const abandon = { id: 'abandon', event: 'agent_message_without_requester_response' as const, durationMs: 2 * 86_400_000 };
const remind = { id: 'remind', event: E1, durationMs: 30 * 60_000 };
const vaWithRuns = at('virtual_agent', { lastInboundAt: 1_000, ma: requesterWrote(emptyRuns([abandon, remind]), 1_000) });
table('decider, messaging actions beside the virtual agent (SPEC §7, ref Q4)', [
  {
    rule: 'MA-9', title: 'while the virtual agent has the conversation its idle timeout closes it; no messaging action competes', before: vaWithRuns,
    input: { type: 'deadline_reached', kind: 'va_idle' }, ctx: ctx(1_000 + 7_200_000, { vaIdleCloseMs: 7_200_000 }),
    effects: ['close', 'note:va_idle_closed'], after: { state: 'closed_abandoned', closeReason: 'no_activity' },
    also: () => {
      // Runs armed and due long before the idle timeout: they would fire first if they applied.
      assert.equal(deadlines({ ...vaWithRuns, state: 'work_in_progress', assignedAgentId: 'a-1' })[0].kind, 'messaging_action', 'the same runs with a live agent');
      assert.deepEqual(deadlines(vaWithRuns, { vaIdleCloseMs: 7_200_000 }).map((x) => x.kind), ['va_idle']);
    },
  },
  {
    rule: 'MA-10', title: 'after the handoff the live agent’s actions apply, and the VA idle timeout no longer does (no autopilot in Parley, MA-9)',
    before: decide(at('queued', { lastInboundAt: 1_000 }), { type: 'assigned', workItemId: 'w-1', agentId: 'a-1' }, ctx(2_000)).snapshot,
    input: { type: 'ma_armed', actions: [remind] }, ctx: ctx(2_000), effects: [],
    also: (d) => assert.deepEqual(deadlines(d.snapshot, { vaIdleCloseMs: 1 }).map((x) => [x.kind, x.at]), [['messaging_action', 2_000 + 30 * 60_000]]),
  },
]);

describe('decider, messaging actions: the runs (SPEC §7)', () => {
  it('§7 (ref Q4) the runs start once a live agent is involved: an accept anchors the requester-waiting run and arms the timers', () => {
    assert.deepEqual(deadlines(working), [{ kind: 'messaging_action', at: 1_000, actionId: 'ma-1', event: E1 }]);
    assert.deepEqual(deadlines({ ...at('virtual_agent'), lastInboundAt: 0 }, { vaIdleCloseMs: 5_000 }), [{ kind: 'va_idle', at: 5_000 }], 'a VA-only conversation has only the idle timer');
  });
});
