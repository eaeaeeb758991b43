// Inputs of the virtual-agent family: a turn of the virtual agent, or its failure, and the moves into and out of it
// (SPEC §6; VA-8…16, RI-9, VA-13, INT-6/9/10/12).
import type { InteractionSnapshot } from './state';
import { newSession as newVaSession, type VaOutcome, type VaSession } from '../va-session';
import type { Draft } from './draft';
import type { Decision, DecisionEvent } from './types';
import type { VaHandoffReason, VaIdleReason } from './notes';

type Input<T extends DecisionEvent['type']> = Extract<DecisionEvent, { type: T }>;

/** VA-15's default idle timeout (2 h). */
export const VA_IDLE_CLOSE_MS = 2 * 3600_000;

/**
 * VA-15/VA-16, INT-6/9/10: why an idle conversation with the virtual agent closes. Sessions recorded before the
 * virtual agent counted turns carry neither fact and close as `no_activity`, as they did.
 */
export function vaIdleReason(va: VaSession | null | undefined): VaIdleReason {
  if (va?.topicDone) return 'topic_complete'; // INT-10: a topic done, "anything else?" unanswered
  if ((va?.turns ?? 0) >= 2) return 'no_user_response'; // INT-9: they answered the virtual agent, then went quiet
  return 'no_activity'; // INT-6: only their first text
}

/**
 * RI-9/VA-13: on a number whose requesters stay with the virtual agent there is nobody to hand off to. Asked for a
 * person (or handed off by a topic or the fallback), the requester is told so and is back at the topic picker; an
 * engine that failed (VA-10) cannot go on, so the conversation closes with the reason `error` (INT-12).
 */
function vaOnlyHandoff(d: Draft, reason: VaHandoffReason): void {
  const { s, ctx } = d;
  if (reason === 'error') {
    d.move({ type: 'end', outcome: 'complete' });
    s.closeReason = 'error';
    d.emit({ type: 'close', projection: d.changed() });
    d.emit({ type: 'note', note: { kind: 'va_failed_without_live_agents' } });
    return;
  }
  if (s.va) s.va = { ...s.va, topicId: null, stepId: null, unrecognised: 0 };
  d.emit({ type: 'system_text', key: 'va_no_live_agents', messageId: ctx.newId() });
  d.emit({ type: 'note', note: { kind: 'va_asked_for_person_without_live_agents' } });
}

export function vaTurn(d: Draft, event: Input<'va_turn' | 'va_failed'>): Decision | void {
  const { s, ctx } = d;
  if (s.state !== 'virtual_agent') return d.unchanged(); // handed off or closed meanwhile
  const outcome: VaOutcome = event.type === 'va_failed' ? { kind: 'handoff', reason: 'error' } : event.outcome;
  if (event.type === 'va_turn') {
    s.va = event.session;
    for (const id of event.replyIds) {
      s.outbox.push(id);
      d.emit({ type: 'send', messageId: id });
    }
  }
  if (outcome.kind === 'end') {
    d.move({ type: 'end', outcome: 'complete' });
    s.closeReason = outcome.reason;
    d.emit({ type: 'close', projection: d.changed() });
  } else if (outcome.kind === 'handoff' && s.vaOnly) {
    vaOnlyHandoff(d, outcome.reason);
  } else if (outcome.kind === 'handoff') {
    // VA-8…10 (SPEC §6: SMS is asynchronous, so with nobody Available it still queues, after saying so once).
    const available = event.type === 'va_turn' && event.agentsAvailable;
    d.move({ type: 'queued' });
    s.workItemId = ctx.newId();
    d.emit({ type: 'note', note: { kind: 'va_handed_off', reason: outcome.reason } });
    // VA-11: the wait to expect, said once in the transfer text (SMS gets no per-minute refresh).
    const estimate = available && event.type === 'va_turn' && event.estimatedWaitSeconds !== undefined ? { estimatedWaitSeconds: event.estimatedWaitSeconds } : {};
    d.emit({ type: 'system_text', key: available ? 'va_transfer' : 'no_agents_available', messageId: ctx.newId(), ...estimate });
    if (!available) s.noAgentsTextSent = true;
    d.emit({ type: 'enqueue', workItemId: s.workItemId, queueId: s.queueId, projection: d.changed(), route: true });
  }
}

/**
 * VA-14: a trigger or the max wait names a topic: the requester leaves the queue (the offer is withdrawn)
 * and the virtual agent starts it. They go back to a queue only by asking for a person again.
 */
export function leaveQueueForTopic(d: Draft, topicId: string, by: 'wait_trigger' | 'max_wait'): void {
  const { s, ctx } = d;
  d.move({ type: 'virtual_agent' });
  Object.assign(s, {
    workItemId: null, offer: null, maxWaitAt: null, maxWaitTopicId: null, waitTriggers: null, transferFrom: null, triggerTopicRun: true,
  } satisfies Partial<InteractionSnapshot>);
  s.va = s.va ?? newVaSession();
  s.lastInboundAt = ctx.now; // VA-15's idle timeout counts from the topic's start
  d.emit({ type: 'leave_queue', projection: d.changed() });
  d.emit({ type: 'note', note: { kind: 'left_queue_for_topic', by } });
  d.emit({ type: 'run_va', session: s.va, start: { topicId, id: ctx.newId() } });
}

/** VA-15: only the virtual agent has talked to them, and they went quiet: closed, and not texted about it. */
export function vaIdleClose(d: Draft): void {
  const { s } = d;
  s.closeReason = vaIdleReason(s.va);
  // INT-6: never engaged is abandoned; INT-9/INT-10 engaged, so complete.
  d.move({ type: 'end', outcome: s.closeReason === 'no_activity' ? 'abandon' : 'complete' });
  d.emit({ type: 'close', projection: d.changed() });
  d.emit({ type: 'note', note: { kind: 'va_idle_closed', reason: s.closeReason } });
}
