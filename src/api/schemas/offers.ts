import { z } from 'zod';
import { PRESENCE } from '../../use-cases/presence';
import { CapturedField, InteractionState } from './interactions';
import { named, timestamp } from './registry';

export const Presence = named('Presence', z.enum(PRESENCE));
/** PRS-2: an admin-defined away reason as an agent's presence names it. */
export const AwayReasonRef = named('AwayReasonRef', z.strictObject({ id: z.uuid(), name: z.string() }));
export const PresenceStatus = named(
  'PresenceStatus',
  z.strictObject({ status: Presence, /** PRS-2: why the agent is Away, when they said (null otherwise). */ awayReason: AwayReasonRef.nullable() }),
);
/** PRS-2: a reason an admin defined for being Away (Lunch, Training…). */
export const AwayReason = named('AwayReason', z.strictObject({ id: z.uuid(), name: z.string(), position: z.int(), active: z.boolean() }));
export const AwayReasonList = named('AwayReasonList', z.array(AwayReason));

export const Offer = named(
  'Offer',
  z.strictObject({
    id: z.uuid(),
    interactionId: z.uuid(),
    workItemId: z.uuid(),
    queueId: z.string(),
    /** The queue's name as the admin wrote it (its id when the queue is gone). */
    queueName: z.string(),
    requesterNumber: z.string(),
    companyNumber: z.string(),
    /** The requester's first text; '' when it has none yet. */
    firstMessage: z.string(),
    /** The requester's most recent text (STOP-style keywords and virtual agent commands left out unless there is nothing else); '' when none. */
    latestMessage: z.string(),
    /** VA-10: the virtual agent's summary at its handoff; null when it never handed off. */
    vaSummary: z.string().nullable(),
    requesterName: z.string().nullable(),
    verifyIdentity: z.boolean(),
    /** What the virtual agent captured before handing off. */
    context: z.record(z.string(), z.string()),
    /** The same values with the labels their topics give them. */
    captured: z.array(CapturedField),
    waitingSince: timestamp(),
    offeredAt: timestamp(),
    /** Null: no time limit (MAN-1, a manager's offer without a timeout). */
    expiresAt: timestamp().nullable(),
    /** ASG-3: false when the queue does not allow rejecting its offers, or the manager did not (MAN-1): hide Reject. */
    allowReject: z.boolean(),
    /** MAN-1: the manager who offered it; null when routing did. */
    offeredByName: z.string().nullable(),
  }),
);
export const OfferList = named('OfferList', z.array(Offer));

export const OfferDecision = named('OfferDecision', z.strictObject({ interactionId: z.uuid(), state: InteractionState }));
