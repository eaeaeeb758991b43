import { randomUUID } from 'node:crypto';
import type { DeliveryEffects, FinalOutcome } from './faults';
import { API_VERSION } from './twilio-json';
import type { MessageStatus, SimMessage } from './types';

export interface Transition {
  status: MessageStatus;
  errorCode: number | null;
}

/** One status callback to post: the transition it reports and the token shared by its duplicates. */
export interface PlannedCallback extends Transition {
  idempotencyToken: string;
}

/**
 * Status changes after create. There is no callback for the initial status (queued, or accepted with a Messaging
 * Service); `failed` means the message never left Twilio, so it never reaches `sent`.
 */
export function plannedTransitions(initial: MessageStatus, final: FinalOutcome): Transition[] {
  const steps: Transition[] = initial === 'accepted' ? [{ status: 'queued', errorCode: null }] : [];
  if (final.status === 'failed') return [...steps, { status: 'failed', errorCode: final.errorCode }];
  steps.push({ status: 'sent', errorCode: null });
  steps.push(
    final.status === 'delivered'
      ? { status: 'delivered', errorCode: null }
      : { status: 'undelivered', errorCode: final.errorCode },
  );
  return steps;
}

/**
 * Which callbacks go out at each step of the timeline (index i is posted when transition i happens). Reordering
 * swaps the last two so the terminal status arrives before `sent`, as carriers' DLRs often do.
 */
export function callbackSchedule(
  transitions: Transition[],
  effects: Pick<DeliveryEffects, 'duplicateCallbacks' | 'reorderCallbacks' | 'dropCallbacks'>,
): PlannedCallback[][] {
  const order = [...transitions];
  if (effects.reorderCallbacks && order.length >= 2) {
    const n = order.length;
    [order[n - 2], order[n - 1]] = [order[n - 1], order[n - 2]];
  }
  return order.map((t) => {
    if (effects.dropCallbacks) return [];
    const cb: PlannedCallback = { ...t, idempotencyToken: randomUUID() };
    return effects.duplicateCallbacks ? [cb, { ...cb }] : [cb];
  });
}

/** Twilio's status-callback parameter set for one transition. */
export function statusCallbackParams(m: SimMessage, t: Transition, at: Date): Record<string, string> {
  const params: Record<string, string> = {
    MessageSid: m.sid,
    SmsSid: m.sid,
    AccountSid: m.accountSid,
    From: m.from ?? '',
    To: m.to,
    MessageStatus: t.status,
    SmsStatus: t.status,
    ApiVersion: API_VERSION,
  };
  if (m.messagingServiceSid) params.MessagingServiceSid = m.messagingServiceSid;
  if (t.errorCode !== null) params.ErrorCode = String(t.errorCode);
  if (t.status === 'delivered' || t.status === 'undelivered') params.RawDlrDoneDate = rawDlrDoneDate(at);
  return params;
}

/** YYMMDDhhmm, minute precision and no zone, as carriers report it. */
function rawDlrDoneDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}`;
}
