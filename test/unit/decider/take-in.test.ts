import assert from 'node:assert/strict';
import { decide, initialSnapshot, type DecisionEvent, type Effect } from '../../../src/domain/interaction-decider';
import type { InteractionSnapshot } from '../../../src/workflows/definitions';
import { agent, at, ctx, find, table, type Row } from './table';

// The take-in family (src/domain/interaction/take-in.ts): requester texts taken into the interaction, a new run
// opening or adopting one (SPEC §2, §4, §9; RI-1…6, INT-5, issue 22). Moved here from interaction-decider.test.ts.
type TakenIn = Extract<DecisionEvent, { type: 'taken_in' }>;
const taken = (extra: Partial<TakenIn> = {}): TakenIn => ({ type: 'taken_in', interactionId: 'i-1', opened: false, taken: 1, queueId: 'q', ...extra });
const opening = (extra: Partial<TakenIn> = {}) => taken({ opened: true, ...extra });
const fresh = (): InteractionSnapshot => ({ ...initialSnapshot() });

table('decider, take-in: a requester’s texts (RI-1…6, SPEC §4, §9)', [
  { rule: 'RI-2', title: 'a new conversation (live agents only) is queued and its work item enqueued', before: fresh(), input: opening(), effects: ['enqueue'], after: { state: 'queued', interactionId: 'i-1' } },
  {
    rule: 'RI-2/VA-12', title: 'a new conversation on a number with a virtual agent goes to it first', before: fresh(), input: opening({ liveAgentOnly: false }),
    effects: ['project', 'run_va'], after: { state: 'virtual_agent', vaOnly: undefined },
  },
  {
    rule: 'RI-9', title: 'a virtual-agent-only number: the snapshot remembers it keeps its requesters there', before: fresh(),
    input: opening({ liveAgentOnly: false, virtualAgentOnly: true }), effects: ['project', 'run_va'], after: { state: 'virtual_agent', vaOnly: true },
  },
  {
    rule: '§9', title: 'a STOP as a first text never becomes work: the confirmation, a note for agents, closed', before: fresh(),
    input: opening({ keywords: ['stop'], optedOut: true }), effects: ['system_text:opt_out_confirmation', 'note:opted_out', 'close'], after: { state: 'closed_complete', closeReason: 'auto_closed' },
  },
  {
    rule: '§9', title: 'START in a conversation with an agent: the confirmation and a note; the conversation goes on', before: at('work_in_progress'),
    input: taken({ taken: 1, keywords: ['start'] }), effects: ['system_text:opt_in_confirmation', 'note:opted_in'], after: { state: 'work_in_progress' },
  },
  {
    rule: '§9', title: 'HELP is answered, and needs no note', before: at('work_in_progress'),
    input: taken({ taken: 1, keywords: ['help'] }), effects: ['system_text:help'], after: { state: 'work_in_progress' },
  },
  { rule: '§4', title: 'a requester text into on_hold resumes it', before: at('on_hold'), input: taken({ taken: 2 }), effects: ['project'], after: { state: 'work_in_progress', version: 4 } },
  { rule: 'RI-3', title: 'a requester text with a live agent changes no state', before: at('work_in_progress'), input: taken(), effects: [], after: { state: 'work_in_progress', lastInboundAt: 1_000 } },
  { rule: 'RI-5', title: 'a requester text while queued changes no state', before: at('queued'), input: taken(), effects: [], after: { state: 'queued' } },
  {
    rule: '§4', title: 'Hold decided while a take-in was in flight: the text taken afterwards resumes it',
    before: decide(at('work_in_progress'), { type: 'hold', actor: agent }, ctx()).snapshot, input: taken(), effects: ['project'], after: { state: 'work_in_progress', version: 5 },
  },
]);

const ended = decide(at('work_in_progress'), { type: 'end', actor: agent, outcome: 'complete' }, ctx()).snapshot;
table('decider, take-in: what no longer applies (RI-6)', [
  { rule: 'RI-6', title: 'a take-in that took nothing', before: at('on_hold'), input: taken({ taken: 0 }), unchanged: true },
  { rule: 'RI-6', title: 'a duplicate wake-up of a new run that opened nothing', before: fresh(), input: taken({ interactionId: null, taken: 0, queueId: null }), unchanged: true },
  {
    rule: 'RI-6', title: 'a take-in that returns after End does not reopen it; texts it could not take wait for a new run', before: ended,
    input: taken({ taken: 0 }), effects: [], after: { state: 'closed_complete', inboundPending: true },
  },
  { rule: 'RI-6', title: 'a take-in that took texts after End leaves nothing pending', before: ended, input: taken({ taken: 1 }), effects: [], after: { state: 'closed_complete', inboundPending: false } },
]);

// Issue 22: a new run adopts the interaction the previous one left open.
const adopting = (interaction: Record<string, unknown>, workItem: Record<string, unknown> | null, n = 0): DecisionEvent => ({
  type: 'taken_in', interactionId: 'i-9', opened: false, taken: n, queueId: 'q',
  adopted: { interaction: { interactionId: 'i-9', state: 'work_in_progress', queueId: 'q', assignedAgentId: 'a-1', projectionVersion: 6, ...interaction } as never, workItem: workItem as never },
});
const adopt = (rule: string, title: string, input: DecisionEvent, effects: string[], after: Partial<InteractionSnapshot>): Row =>
  ({ rule, title, before: fresh(), input, ctx: { now: 1_000, newId: () => 'id-adopt' }, effects, after });
table('decider, take-in: issue 22, nothing left without a run', [
  adopt('RI-6', 'a new run takes over an orphaned conversation with its assignee; SPEC §7 timers armed again', adopting({}, null),
    ['note:taken_over_by_new_run', 'arm_messaging_actions'], { state: 'work_in_progress', interactionId: 'i-9', assignedAgentId: 'a-1', version: 6 }),
  adopt('RI-3', 'a text taken into the orphan on the way changes no state', adopting({}, null, 1),
    ['note:taken_over_by_new_run', 'arm_messaging_actions'], { state: 'work_in_progress', interactionId: 'i-9', assignedAgentId: 'a-1' }),
  adopt('§4', 'a text taken into an orphan on hold resumes it', adopting({ state: 'on_hold' }, null, 1),
    ['note:taken_over_by_new_run', 'arm_messaging_actions', 'project'], { state: 'work_in_progress', assignedAgentId: 'a-1', version: 7 }),
  adopt('WI-3', 'an orphan waiting on an offer keeps it (its timer runs again)',
    adopting({ state: 'offered', assignedAgentId: null }, { workItemId: 'w-9', state: 'offered', offerId: 'o-9', offeredAgentId: 'a-2', offerExpiresAt: 5_000 }),
    ['note:taken_over_by_new_run'], { state: 'offered', workItemId: 'w-9', offer: { workItemId: 'w-9', offerId: 'o-9', agentId: 'a-2', expiresAt: 5_000 } }),
  adopt('Q-7', 'an orphan that waits without a work item is queued again with a new one', adopting({ state: 'queued', assignedAgentId: null }, null),
    ['note:taken_over_by_new_run', 'enqueue'], { state: 'queued', workItemId: 'id-adopt', version: 7 }),
  adopt('RI-1', 'an orphan never routed (new) is queued', adopting({ state: 'new', assignedAgentId: null }, null),
    ['note:taken_over_by_new_run', 'enqueue'], { state: 'queued', assignedAgentId: null }),
  adopt('VA-10', 'an orphan with the virtual agent (its session lost) is handed to live agents', adopting({ state: 'virtual_agent', assignedAgentId: null }, null),
    ['note:taken_over_by_new_run', 'enqueue'], { state: 'queued', va: null, workItemId: 'id-adopt' }),
  {
    rule: 'RI-6', title: 'a run that already has an interaction ignores an adoption fact (never two interactions in one run)', before: at('work_in_progress'),
    input: { ...adopting({}, null, 1), interactionId: 'i-1' } as DecisionEvent, after: { interactionId: 'i-1' },
  },
]);

// INT-5: they asked for a person and left before anyone took the conversation.
const texted = (d: { effects: Effect[] }) => d.effects.filter((c): c is Extract<Effect, { type: 'system_text' }> => c.type === 'system_text').map((c) => c.key);
const leaving = (extra: Partial<TakenIn>) => taken({ keywords: [], optedOut: false, saidBye: false, ...extra });
const left = { state: 'closed_abandoned', closeReason: 'left_before_engagement', offer: null } as const;
table('decider, take-in: leaving before engagement (INT-5)', [
  {
    rule: 'INT-5', title: 'bye while queued: left_before_engagement, closed abandoned, the requester told it is closed', before: at('queued'), input: leaving({ saidBye: true }),
    effects: ['close', 'note:left_before_engagement', 'system_text:conversation_closed'], after: left,
    also: (d) => assert.deepEqual(find(d.effects, 'note').note, { kind: 'left_before_engagement', saidBye: true }),
  },
  {
    rule: 'INT-5', title: 'bye while offered: the offer is withdrawn with the close', before: at('offered'), input: leaving({ saidBye: true }),
    effects: ['close', 'note:left_before_engagement', 'system_text:conversation_closed'], after: left,
  },
  {
    rule: 'INT-5', title: 'STOP while queued: left_before_engagement; only the opt-out answer is texted', before: at('queued'), input: leaving({ keywords: ['stop'], optedOut: true }),
    effects: ['system_text:opt_out_confirmation', 'note:opted_out', 'close', 'note:left_before_engagement'], after: left,
    also: (d) => {
      assert.deepEqual(texted(d), ['opt_out_confirmation']);
      assert.deepEqual(d.effects.filter((e) => e.type === 'note').pop(), { type: 'note', note: { kind: 'left_before_engagement', saidBye: false } });
    },
  },
  { rule: 'INT-5', title: 'a take-in recorded before INT-5 (no saidBye fact) keeps waiting, as it did', before: at('queued'), input: leaving({ saidBye: undefined, keywords: ['stop'], optedOut: true }), after: { state: 'queued' }, also: noClose },
  { rule: 'INT-5', title: 'any other text while queued keeps waiting (RI-5)', before: at('queued'), input: leaving({}), after: { state: 'queued' }, also: noClose },
  { rule: 'INT-5', title: 'bye after an agent had the conversation (queued again by a transfer) is for the next agent', before: at('queued', { agentEngaged: true }), input: leaving({ saidBye: true }), after: { state: 'queued' }, also: noClose },
  { rule: 'INT-5', title: 'bye to a live agent is an ordinary text (RI-3)', before: at('work_in_progress'), input: leaving({ saidBye: true }), effects: [], after: { state: 'work_in_progress' } },
]);

function noClose(d: { effects: Effect[] }): void {
  assert.ok(!d.effects.some((e) => e.type === 'close'));
}
