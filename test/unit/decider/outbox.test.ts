import assert from 'node:assert/strict';
import { decide, deadlines, type DecisionEvent } from '../../../src/domain/interaction-decider';
import type { InteractionSnapshot } from '../../../src/workflows/definitions';
import { agent, at, ctx, table } from './table';

// The outbox family (src/domain/interaction/outbox.ts) and quiet hours (SPEC §9): texts recorded, held until the
// morning, sent in order. Moved here from interaction-decider.test.ts (issue 26).
const MORNING = 50_000;
const recorded = (messageId: string, key: 'prompt_requester' | 'queue_max_wait' = 'prompt_requester', until = MORNING): DecisionEvent =>
  ({ type: 'outbound_recorded', messageId, key, holdUntil: until });
const held = (s: InteractionSnapshot, messageId: string, key: 'prompt_requester' | 'queue_max_wait' = 'prompt_requester', until = MORNING) =>
  decide(s, recorded(messageId, key, until), ctx(1_000)).snapshot;
const sending = (ids: string[]) => ids.reduce((s, id) => decide(s, { type: 'agent_message', actor: agent, messageId: id }, ctx()).snapshot, at('work_in_progress'));
const twoHeld = held(held(at('queued'), 'm-1', 'queue_max_wait'), 'm-2');

table('decider, the outbox (SPEC §8)', [
  { rule: '§8', title: 'a sent message leaves the head of the outbox', before: sending(['m1', 'm2']), input: { type: 'sent', messageId: 'm1' }, effects: [], after: { outbox: ['m2'] } },
  { rule: '§8', title: 'only the head of the outbox leaves (texts go in order)', before: sending(['m1', 'm2']), input: { type: 'sent', messageId: 'm2' }, unchanged: true },
]);

table('decider, quiet hours (SPEC §9)', [
  {
    rule: '§9', title: 'an unsolicited text recorded at night is held, not sent, with a quiet_hours timer at the morning', before: at('work_in_progress'), input: recorded('m-1'),
    ctx: ctx(1_000), effects: [], after: { outbox: [] },
    also: (d) => assert.deepEqual(deadlines(d.snapshot).map((x) => [x.kind, x.at, x.messageIds]), [['quiet_hours', MORNING, ['m-1']]]),
  },
  { rule: '§9', title: 'a timer that fired early changes nothing', before: twoHeld, input: { type: 'deadline_reached', kind: 'quiet_hours' }, ctx: ctx(MORNING - 1), effects: [] },
  {
    rule: '§9', title: 'when quiet hours end the held texts go, in the order they were written', before: twoHeld, input: { type: 'deadline_reached', kind: 'quiet_hours' },
    ctx: ctx(MORNING), effects: ['send', 'send'], after: { outbox: ['m-1', 'm-2'], held: [] },
    also: (d) => assert.deepEqual(deadlines(d.snapshot), []),
  },
  {
    rule: '§9', title: 'texts held until different mornings go each at its own time', before: held(held(at('work_in_progress'), 'm-1'), 'm-2', 'prompt_requester', MORNING + 86_400_000),
    input: { type: 'deadline_reached', kind: 'quiet_hours' }, ctx: ctx(MORNING), effects: ['send'],
    also: (d) => assert.deepEqual(deadlines(d.snapshot).map((x) => x.at), [MORNING + 86_400_000]),
  },
  { rule: '§9', title: 'a text whose hold already ended (the fact arrived late) goes at once', before: at('work_in_progress'), input: recorded('m-1', 'prompt_requester', 900), effects: ['send'] },
  {
    rule: '§9', title: 'texts a person writes are never held (agent messages go through the outbox at once)', before: held(at('work_in_progress'), 'm-1'),
    input: { type: 'agent_message', actor: agent, messageId: 'm-2' }, ctx: ctx(2_000), effects: ['send'],
    also: (d) => assert.deepEqual(d.snapshot.held?.map((h) => h.messageId), ['m-1'], 'the held prompt still waits for the morning'),
  },
  {
    rule: 'MA-8', title: 'the requester writing meanwhile cancels a held prompt (the run that asked for it ended) (SPEC §9)', before: held(held(at('work_in_progress'), 'm-1'), 'm-2', 'queue_max_wait'),
    input: { type: 'taken_in', interactionId: 'i-1', opened: false, taken: 1, queueId: 'q' }, ctx: ctx(2_000), effects: ['cancel_outbound'],
    also: (d) => {
      assert.deepEqual(d.effects.map((e) => e.type === 'cancel_outbound' && e.messageId), ['m-1']);
      assert.deepEqual(d.snapshot.held?.map((h) => h.messageId), ['m-2'], 'the max-wait text is not about their silence: it stays held');
    },
  },
  {
    rule: '§9', title: 'a conversation that closes during quiet hours cancels its held texts', before: held(at('work_in_progress'), 'm-1'),
    input: { type: 'end', actor: agent, outcome: 'complete' }, ctx: ctx(2_000), effects: ['close', 'note:ended', 'system_text:conversation_closed', 'cancel_outbound'], after: { held: [] },
    also: (d) => assert.deepEqual(deadlines(d.snapshot), []),
  },
  { rule: '§9', title: 'the same text recorded twice (a retried activity) is held once', before: held(at('work_in_progress'), 'm-1'), input: recorded('m-1'), unchanged: true },
]);
