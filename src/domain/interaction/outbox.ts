// Inputs of the outbox family: texts stored for the requester, sent in order, some held for the requester's quiet
// hours (SPEC §8, §9).
import { partition, type Draft } from './draft';
import type { Decision, DecisionEvent } from './types';

type Input<T extends DecisionEvent['type']> = Extract<DecisionEvent, { type: T }>;

export function outboundRecorded(d: Draft, event: Input<'outbound_recorded'>): Decision | void {
  const { s, ctx } = d;
  if (s.outbox.includes(event.messageId) || (s.held ?? []).some((h) => h.messageId === event.messageId)) return d.unchanged();
  if (event.holdUntil !== undefined && event.holdUntil > ctx.now) {
    // SPEC §9: night for the requester: the text waits for the morning on a durable timer.
    s.held = [...(s.held ?? []), { messageId: event.messageId, key: event.key ?? 'prompt_requester', until: event.holdUntil }];
    return;
  }
  s.outbox.push(event.messageId);
  d.emit({ type: 'send', messageId: event.messageId });
}

export function sent(d: Draft, event: Input<'sent'>): Decision | void {
  if (d.s.outbox[0] !== event.messageId) return d.unchanged();
  d.s.outbox.shift();
}

/** SPEC §9: the requester's morning: the held texts go, in the order they were written. */
export function quietHoursEnded(d: Draft): void {
  const { s, ctx } = d;
  const [go, stay] = partition(s.held ?? [], (h) => h.until <= ctx.now);
  s.held = stay;
  for (const h of go) {
    s.outbox.push(h.messageId);
    d.emit({ type: 'send', messageId: h.messageId });
  }
}
