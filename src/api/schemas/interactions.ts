import { z } from 'zod';
import { DELIVERY_STATUSES } from '../../domain/delivery-status';
import { CLOSE_REASONS, INTERACTION_STATES } from '../../domain/interaction-state';
import { named, timestamp } from './registry';

export const InteractionState = named('InteractionState', z.enum(INTERACTION_STATES));
export const CloseReason = named('CloseReason', z.enum(CLOSE_REASONS));
/** Every status a message can be stored with (src/domain/delivery-status.ts). */
export const DeliveryStatus = named('DeliveryStatus', z.enum(DELIVERY_STATUSES));
export const MessageDirection = named('MessageDirection', z.enum(['inbound', 'outbound', 'system']));
/** Who wrote a message: the Workspace marks the virtual agent's and the system's. */
export const AuthorKind = named('AuthorKind', z.enum(['requester', 'agent', 'virtual_agent', 'system']));

/** SPEC §1: whom the interaction is for; a guest has userId, name and email null. */
export const Requester = named(
  'Requester',
  z.strictObject({
    profileId: z.uuid().nullable(),
    userId: z.uuid().nullable(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    verifyIdentity: z.boolean(),
  }),
);

export const TranscriptMessage = named(
  'TranscriptMessage',
  z.strictObject({
    id: z.uuid(),
    direction: MessageDirection,
    body: z.string(),
    media: z.array(z.strictObject({ url: z.string(), contentType: z.string() })),
    status: DeliveryStatus,
    errorCode: z.string().nullable(),
    errorMessage: z.string().nullable(),
    /** The agent who wrote an outbound message; null for the requester's and system messages. */
    authorId: z.uuid().nullable(),
    authorKind: AuthorKind,
    /** SPEC §17: the writing agent's name (null for the requester, the virtual agent and the system). */
    authorName: z.string().nullable(),
    createdAt: timestamp(),
    /** SPEC §9: an unsolicited text held for the requester's quiet hours goes then (null: not held). */
    heldUntil: timestamp().nullable(),
  }),
);

/** VA-10: one value the virtual agent captured, with the label its topic gives it. */
export const CapturedField = named(
  'CapturedField',
  z.strictObject({ field: z.string(), label: z.string(), value: z.string() }),
);

/** SPEC §4 / INT-13: durations in whole seconds; null until the interaction reaches what ends them. */
export const InteractionMetrics = named(
  'InteractionMetrics',
  z.strictObject({
    waitSeconds: z.int().min(0).nullable(),
    firstResponseSeconds: z.int().min(0).nullable(),
    agentAverageResponseSeconds: z.int().min(0).nullable(),
    agentResponses: z.int().min(0),
    requesterAverageResponseSeconds: z.int().min(0).nullable(),
    requesterResponses: z.int().min(0),
    handleSeconds: z.int().min(0).nullable(),
  }),
);

export const InteractionDetail = named(
  'InteractionDetail',
  z.strictObject({
    id: z.uuid(),
    workflowId: z.string(),
    state: InteractionState,
    closeReason: CloseReason.nullable(),
    requesterNumber: z.string(),
    companyNumber: z.string(),
    assignedAgentId: z.uuid().nullable(),
    queueId: z.string().nullable(),
    unreadCount: z.int().min(0),
    createdAt: timestamp(),
    closedAt: timestamp().nullable(),
    requester: Requester,
    /** AI-15: agents who composed into this conversation without holding it. */
    participantIds: z.array(z.uuid()),
    /** SPEC §9: the requester opted out of this company number; nothing can be sent to them. */
    optedOut: z.boolean(),
    /** VA-10: what the virtual agent captured before handing off (e.g. orderNumber). */
    context: z.record(z.string(), z.string()),
    /** The same values with the labels their topics give them, in capture order. */
    captured: z.array(CapturedField),
    /** VA-10: the virtual agent's summary at its handoff (topic and why); null when it never handed off. */
    vaSummary: z.string().nullable(),
    /** AI-14: the agent who started the conversation with Compose; null when the requester texted first. */
    startedBy: z.strictObject({ agentId: z.uuid(), name: z.string() }).nullable(),
    metrics: InteractionMetrics,
    messages: z.array(TranscriptMessage),
  }),
);

export const OngoingInteraction = named(
  'OngoingInteraction',
  z.strictObject({
    id: z.uuid(),
    state: InteractionState,
    requesterNumber: z.string(),
    companyNumber: z.string(),
    assignedAgentId: z.uuid(),
    unreadCount: z.int().min(0),
    /** The body of the newest message, whoever wrote it; '' when there is none. */
    lastMessage: z.string(),
    /** Who wrote the newest message (inbound: the requester); null when there is none. */
    lastMessageDirection: MessageDirection.nullable(),
    /** Who wrote it: the Ongoing card says "Requester wrote", "You wrote", "Virtual agent wrote" or "Automatic text". */
    lastMessageAuthorKind: AuthorKind.nullable(),
    /** The agent who wrote it (SPEC §17: "You wrote" only when that is the reader); null unless an agent did. */
    lastMessageAuthorId: z.uuid().nullable(),
    lastMessageAuthorName: z.string().nullable(),
    lastMessageAt: timestamp().nullable(),
    lastInboundAt: timestamp().nullable(),
    /** The requester's name; null for a guest. */
    requesterName: z.string().nullable(),
    verifyIdentity: z.boolean(),
    /** SPEC §9: the requester texted STOP to this company number; nothing can be sent to them. */
    optedOut: z.boolean(),
  }),
);
export const OngoingInteractionList = named('OngoingInteractionList', z.array(OngoingInteraction));

/** ONG-6: a colleague's SMS conversation in progress or on hold, for the read-only list. */
export const ColleagueInteraction = named(
  'ColleagueInteraction',
  z.strictObject({
    id: z.uuid(),
    /** The service channel (only SMS today). */
    channel: z.enum(['sms']),
    state: z.enum(['work_in_progress', 'on_hold']),
    requesterNumber: z.string(),
    requesterName: z.string().nullable(),
    companyNumber: z.string(),
    assignedAgentId: z.uuid(),
    assignedAgentName: z.string(),
    /** The later of the interaction's last change and its last message. */
    updatedAt: timestamp(),
  }),
);
export const ColleagueInteractionList = named('ColleagueInteractionList', z.array(ColleagueInteraction));

/** The interaction's state after an agent's command (hold, resume, end, accept, reject). */
export const InteractionStateChange = named('InteractionStateChange', z.strictObject({ state: InteractionState }));
export const MessageQueued = named('MessageQueued', z.strictObject({ messageId: z.uuid() }));
