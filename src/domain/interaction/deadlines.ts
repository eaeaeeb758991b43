// Timers: the durable deadlines an interaction waits for, and what each does when it is reached (SPEC §5, §6, §7, §9;
// WI-3, Q-9, Q-10, VA-14, VA-15).
import type { LiveView } from './state';
import type { InteractionSnapshot } from './state';
import { isClosed } from '../interaction-state';
import { pendingActions } from '../messaging-actions';
import type { Draft } from './draft';
import { maDue } from './messaging-actions';
import { quietHoursEnded } from './outbox';
import type { Deadline, DeadlineKind, Decision, DecisionEvent } from './types';
import { leaveQueueForTopic, vaIdleClose, VA_IDLE_CLOSE_MS } from './virtual-agent';

type Input<T extends DecisionEvent['type']> = Extract<DecisionEvent, { type: T }>;

/** The durable deadlines the workflow's single timer loop waits for, earliest first. */
export function deadlines(s: InteractionSnapshot, opts: { vaIdleCloseMs?: number } = {}): Deadline[] {
  const out: Deadline[] = [];
  if (s.state === 'offered' && s.offer && s.offer.expiresAt !== null) out.push({ kind: 'offer_timeout', at: s.offer.expiresAt });
  if ((s.state === 'queued' || s.state === 'offered') && s.maxWaitAt && !s.maxWaitTextSent) out.push({ kind: 'max_wait', at: s.maxWaitAt });
  if ((s.state === 'queued' || s.state === 'offered') && s.waitTriggers?.length) out.push({ kind: 'queue_trigger', at: s.waitTriggers[0].at });
  if (s.state === 'virtual_agent' && s.lastInboundAt !== undefined) {
    out.push({ kind: 'va_idle', at: s.lastInboundAt + (opts.vaIdleCloseMs ?? VA_IDLE_CLOSE_MS) });
  }
  // SPEC §7: the earliest pending messaging action, while a live agent has the conversation.
  const [action] = s.ma && s.assignedAgentId && !isClosed(s.state) ? pendingActions(s.ma) : [];
  if (action) out.push({ kind: 'messaging_action', at: action.at, actionId: action.id, event: action.event });
  // SPEC §9: held texts go when the requester's quiet hours end (one timer for the earliest).
  if (s.held?.length && !isClosed(s.state)) {
    const at = Math.min(...s.held.map((h) => h.until));
    out.push({ kind: 'quiet_hours', at, messageIds: s.held.filter((h) => h.until === at).map((h) => h.messageId) });
  }
  return out.sort((a, b) => a.at - b.at);
}

export function deadlineReached(d: Draft, event: Input<'deadline_reached'>): Decision | void {
  const due = deadlines(d.s, d.ctx).find((x) => x.kind === event.kind);
  if (!due || due.at > d.ctx.now) return d.unchanged();
  const kind: DeadlineKind = event.kind;
  switch (kind) {
    case 'offer_timeout':
      d.emit({ type: 'expire_offer', offer: d.s.offer! });
      return;
    case 'quiet_hours':
      return quietHoursEnded(d);
    case 'messaging_action':
      return maDue(d);
    case 'queue_trigger':
      return queueTrigger(d);
    case 'max_wait':
      return maxWait(d);
    case 'va_idle':
      return vaIdleClose(d);
    default: {
      // A deadline kind added without its handler is a type error here, never a silent close.
      const unhandled: never = kind;
      throw new Error(`no handler for the deadline ${String(unhandled)}`);
    }
  }
}

/** a wait trigger: the requester hears its text; the item keeps waiting (VA-14: or leaves for its topic). */
function queueTrigger(d: Draft): void {
  const { s, ctx } = d;
  const [fired, ...rest] = s.waitTriggers ?? [];
  s.waitTriggers = rest.length ? rest : null;
  d.emit({ type: 'system_text', key: 'queue_max_wait', messageId: ctx.newId(), body: fired.text });
  if (!fired.topicId) {
    d.emit({ type: 'routing_event', event: 'queue_trigger', detail: { text: fired.text } });
    return;
  }
  d.emit({ type: 'routing_event', event: 'queue_trigger', detail: { text: fired.text, topicId: fired.topicId } });
  leaveQueueForTopic(d, fired.topicId, 'wait_trigger');
}

/** Q-9/CC-1 (SPEC §5 "never stuck"): the requester hears once that they are still waiting; the item stays queued. */
function maxWait(d: Draft): void {
  const { s, ctx } = d;
  s.maxWaitTextSent = true;
  s.maxWaitAt = null;
  d.emit({ type: 'system_text', key: 'queue_max_wait', messageId: ctx.newId(), body: s.maxWaitText ?? null });
  if (!s.maxWaitTopicId) {
    d.emit({ type: 'routing_event', event: 'max_wait', detail: {} });
    return;
  }
  // VA-14: the max wait's topic: out of the queue to the virtual agent (Q-9: they do not return to the queue).
  d.emit({ type: 'routing_event', event: 'max_wait', detail: { topicId: s.maxWaitTopicId } });
  leaveQueueForTopic(d, s.maxWaitTopicId, 'max_wait');
}

/** The live view (issue 15): the state and every pending timer with its due time. */
export function liveView(s: InteractionSnapshot, opts: { vaIdleCloseMs?: number } = {}): LiveView {
  const timers = deadlines(s, opts).map((x) => ({
    // a wait trigger is a queue waiting text like the max wait's; the Workspace names both "Max-wait text".
    kind: x.kind === 'queue_trigger' ? ('max_wait' as const) : x.kind, dueAt: new Date(x.at).toISOString(), ...(x.actionId ? { actionId: x.actionId, event: x.event } : {}),
    ...(x.messageIds ? { messageIds: x.messageIds } : {}),
  }));
  return { interactionId: s.interactionId, state: s.state, assignedAgentId: s.assignedAgentId, timers, outbox: [...s.outbox] };
}
