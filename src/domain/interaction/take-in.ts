// Inputs of the take-in family: a text was signalled, the take-in started, and what it found (SPEC §2, §4, §9;
// RI-1…6, INT-5, issue 22's adoption).
import { isClosed } from '../interaction-state';
import { adoptionSnapshot, needsWorkItem, type OpenWorkItemRow, type OrphanRow } from '../adoption';
import { emptyRuns, requesterWrote } from '../messaging-actions';
import { newSession as newVaSession } from '../va-session';
import type { Draft } from './draft';
import type { Decision, DecisionEvent } from './types';

type Input<T extends DecisionEvent['type']> = Extract<DecisionEvent, { type: T }>;

export function inboundSignalled(d: Draft): void {
  d.s.inboundPending = true;
}

export function takeInStarted(d: Draft): void {
  d.s.inboundPending = false;
}

/**
 * Issue 22: an open interaction whose run ended without closing it is this run's now, as the read model has it. One
 * waiting for live agents without a work item, or with the virtual agent (whose session is lost), is queued (Q-2's
 * conditions choose); an assigned one arms its messaging actions.
 */
function adopt(d: Draft, row: OrphanRow, item: OpenWorkItemRow | null): void {
  const { s, ctx } = d;
  const queue = needsWorkItem(row, item);
  Object.assign(s, adoptionSnapshot(row, queue ? null : item, ctx.now, { queueAgain: queue }), { inboundPending: s.inboundPending, outbox: s.outbox, runs: s.runs });
  d.emit({ type: 'note', note: { kind: 'taken_over_by_new_run' } });
  if (queue) {
    s.workItemId = ctx.newId();
    d.emit({ type: 'enqueue', workItemId: s.workItemId, queueId: s.queueId, projection: d.changed(), route: true });
  } else if (s.assignedAgentId) {
    s.ma = requesterWrote(emptyRuns(), ctx.now);
    d.emit({ type: 'arm_messaging_actions' });
  }
}

export function takenIn(d: Draft, event: Input<'taken_in'>): Decision | void {
  const { s, ctx } = d;
  const keywords = event.keywords ?? [];
  const conversational = event.taken - keywords.length;
  // SPEC §9: opt-out keywords are answered before the virtual agent or an agent sees them (the answers reach
  // even a number that just opted out).
  const answerKeywords = () => {
    for (const k of keywords) {
      d.emit({ type: 'system_text', key: k === 'stop' ? 'opt_out_confirmation' : k === 'start' ? 'opt_in_confirmation' : 'help', messageId: ctx.newId() });
      if (k !== 'help') d.emit({ type: 'note', note: { kind: k === 'stop' ? 'opted_out' : 'opted_in' } });
    }
  };
  if (s.interactionId === null && event.adopted) {
    adopt(d, event.adopted.interaction, event.adopted.workItem);
    if (event.taken === 0) return;
  } else if (s.interactionId === null) {
    if (event.interactionId === null || !event.opened) return d.unchanged(); // a duplicate wake-up: nothing to open
    s.interactionId = event.interactionId;
    s.queueId = event.queueId;
    s.lastInboundAt = ctx.now;
    answerKeywords();
    if (event.optedOut || conversational === 0) {
      // SPEC §9: an opted-out number, or texts that were only keywords, never become new work.
      d.move({ type: 'end', outcome: 'complete' });
      s.closeReason = 'auto_closed';
      d.emit({ type: 'close', projection: d.changed() });
      return;
    }
    if (event.liveAgentOnly === false) {
      if (event.virtualAgentOnly) s.vaOnly = true;
      // RI-2/VA-12: the virtual agent answers first.
      d.move({ type: 'virtual_agent' });
      s.va = newVaSession();
      d.emit({ type: 'project', projection: d.changed() }, { type: 'run_va', session: s.va });
      return;
    }
    d.move({ type: 'queued' });
    s.workItemId = ctx.newId();
    d.emit({ type: 'enqueue', workItemId: s.workItemId, queueId: s.queueId, projection: d.changed(), route: true });
    return;
  }
  if (isClosed(s.state)) {
    // RI-6: the conversation closed while the take-in was in flight. Texts it could not take belong to the next
    // interaction: a fresh run takes them (and ends at once if there are none).
    if (event.taken === 0) s.inboundPending = true;
    return;
  }
  if (event.taken === 0) return d.unchanged();
  answerKeywords();
  // INT-5: they asked for a person and, before anyone took the conversation, said bye or opted out. Only results
  // that carry `saidBye` decide so (older histories kept waiting in the queue).
  const leaving = event.saidBye || (event.optedOut === true && keywords.includes('stop'));
  if (event.saidBye !== undefined && leaving && (s.state === 'queued' || s.state === 'offered') && !s.agentEngaged) {
    d.move({ type: 'end', outcome: 'abandon' });
    s.closeReason = 'left_before_engagement';
    s.offer = null;
    d.emit({ type: 'close', projection: d.changed() });
    d.emit({ type: 'note', note: { kind: 'left_before_engagement', saidBye: event.saidBye === true } });
    // SYS-1 (SPEC §8): the requester closed it, as `bye` to the virtual agent is answered; an opted-out number gets nothing.
    if (event.saidBye && !event.optedOut) d.emit({ type: 'system_text', key: 'conversation_closed', messageId: ctx.newId() });
    return;
  }
  if (conversational === 0) return;
  s.lastInboundAt = ctx.now;
  if (s.ma) s.ma = requesterWrote(s.ma, ctx.now);
  // A held "are you still there?" is moot once they wrote (their text ended the run that prompted it, MA-8).
  d.dropHeld((h) => h.key === 'prompt_requester', 'The requester wrote before quiet hours ended: the held prompt was not sent.');
  // RI-4: in a virtual agent conversation the text is the next answer to its current step.
  if (s.state === 'virtual_agent' && s.va) {
    d.emit({ type: 'run_va', session: s.va });
    return;
  }
  const before = s.state;
  d.move({ type: 'requester_message' }); // SPEC §4: a text into on_hold resumes it
  if (s.state === before) return;
  d.emit({ type: 'project', projection: d.changed() });
}
