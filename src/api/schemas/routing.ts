import { z } from 'zod';
import { ConditionSchema } from '../../routing/condition';
import { ASSIGNMENT_RULE_NAMES, SKIP_REASONS } from '../../routing/rank-agents';
import { ScheduleSchema } from '../../routing/schedule';
import { InteractionState } from './interactions';
import { Presence } from './offers';
import { named, timestamp } from './registry';
import { TextTranslations } from './virtual-agent';

/** the routing condition language (src/routing/condition.ts). */
export const RoutingCondition = named('RoutingCondition', ConditionSchema);
/** a queue's opening hours; null = 24×7. */
export const QueueSchedule = named('QueueSchedule', ScheduleSchema);
export const AssignmentRule = named('AssignmentRule', z.enum(ASSIGNMENT_RULE_NAMES as [string, ...string[]]));

export const EligibilityPool = named(
  'EligibilityPool',
  z.strictObject({
    groupIds: z.array(z.uuid()),
    /** ELG-1: seconds the item must have waited before this pool's groups are offered it. */
    eligibleAfterSeconds: z.int().min(0),
  }),
);

export const Queue = named(
  'Queue',
  z.strictObject({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    channelId: z.string(),
    active: z.boolean(),
    /** evaluation order, ascending. */
    position: z.int(),
    /** null: receives nothing automatically; only a company number's own queue or a transfer puts items here. */
    condition: RoutingCondition.nullable(),
    schedule: QueueSchedule.nullable(),
    /** items waiting longer are flagged (reporting). */
    targetWaitSeconds: z.int().min(0),
    /** 0 = wait indefinitely. */
    maxWaitSeconds: z.int().min(0),
    /** the queue's own max-wait text; null = the system text `queue_max_wait`. */
    maxWaitText: z.string().nullable(),
    /** VA-14/Q-9: the virtual agent topic the requester leaves the queue for when the max wait passes (absent: none). */
    maxWaitTopicId: z.string().optional(),
    assignmentRule: AssignmentRule,
    /** ASG-4 */
    autoAccept: z.boolean(),
    /** ASG-3: null = the server default (OFFER_TIMEOUT_SECONDS). */
    offerTimeoutSeconds: z.int().min(1).nullable(),
    /** ASG-3: the presence an agent who lets an offer time out is moved to (never raised: Offline stays Offline). */
    offerTimeoutPresence: z.enum(['available', 'away', 'offline']),
    /** ASG-3: false = the queue's offers cannot be rejected (POST /api/offers/{id}/reject answers 409 reject_not_allowed). */
    allowReject: z.boolean(),
    /** texts the requester gets while still waiting, each `afterSeconds` after queueing (before any max wait). */
    /** VA-14: `topicId`, when set: the requester leaves the queue and that virtual agent topic starts. */
    waitTriggers: z.array(z.strictObject({ afterSeconds: z.int().min(1), text: z.string(), topicId: z.string().optional() })),
    /** ELG-1: the groups offered the queue's items, widening over time. */
    pools: z.array(EligibilityPool),
    /** no pool names a group, so nobody is offered this queue's work (routing events say `no_agent_groups`). */
    noAgentGroups: z.boolean(),
    /** Whether the queue is open now. */
    openNow: z.boolean(),
    /** SYS-2: the text an accepting agent's requester gets; null = the system text `agent_accepted` ({{agentName}} is filled in). */
    initialResponseText: z.string().nullable(),
    /** SYS-6: initialResponseText per language (a language left out gets initialResponseText). */
    initialResponseTranslations: TextTranslations,
  }),
);
export const QueueList = named('QueueList', z.array(Queue));

export const AgentGroup = named(
  'AgentGroup',
  z.strictObject({
    id: z.uuid(),
    name: z.string(),
    memberIds: z.array(z.uuid()),
    /** CAP-2: capacity per channel for members (channel id → capacity). */
    capacities: z.record(z.string(), z.int().min(0)),
    /** GQP-1/GQP-2: this group's priority per queue, lower first; a queue not listed has 100. */
    queuePriorities: z.record(z.string(), z.int().min(0)),
    /** a user created without naming groups joins every group with this flag. */
    defaultForNewAgents: z.boolean(),
  }),
);
export const AgentGroupList = named('AgentGroupList', z.array(AgentGroup));

export const Channel = named(
  'Channel',
  z.strictObject({ id: z.string(), name: z.string(), active: z.boolean(), defaultCapacity: z.int().min(0), workItemSize: z.int().min(1) }),
);
export const ChannelList = named('ChannelList', z.array(Channel));

/** CAP-2/CAP-3: an agent's own overrides. */
export const AgentCapacities = named(
  'AgentCapacities',
  z.strictObject({ agentId: z.uuid(), channels: z.record(z.string(), z.int().min(0)), universalCapacity: z.int().min(0).nullable() }),
);

export const RoutingSettings = named(
  'RoutingSettings',
  z.strictObject({
    /** RSN-1/RSN-2 (CFG-2): re-route an agent's conversations when they go Away or Offline. Off by default. */
    reassignWhenAgentUnavailable: z.boolean(),
    /** PRS-5 (ref Q12): seconds after the last Workspace connection closes before the agent goes Offline. */
    offlineGraceSeconds: z.int().min(0),
  }),
);

export const SkipReason = named('SkipReason', z.enum(SKIP_REASONS));
export const RoutingCandidate = named(
  'RoutingCandidate',
  z.strictObject({ agentId: z.uuid(), agentName: z.string().nullable(), eligible: z.boolean(), reason: SkipReason.optional() }),
);
/** EV-1 (DESIGN.md contract): one routing event with the candidates considered and why each was passed over. */
/** MAN-1: a manager's assignment as an offer (POST /api/interactions/{id}/assign `offer`), as recorded. */
export const ManualOfferOptions = named(
  'ManualOfferOptions',
  z.strictObject({
    allowedToDecline: z.boolean(),
    /** Null: none given, so it expires after 24 hours (SPEC §17). */
    timeoutSeconds: z.int().min(1).nullable(),
    timeoutPresence: z.enum(['available', 'away', 'offline']),
  }),
);

export const RoutingEvent = named(
  'RoutingEvent',
  z.strictObject({
    type: z.string(),
    at: timestamp(),
    agentId: z.uuid().optional(),
    agentName: z.string().nullable().optional(),
    candidates: z.array(RoutingCandidate).optional(),
    workItemId: z.uuid().optional(),
    queueId: z.string().optional(),
    /** Rejection reason, cancel reason, reassign reason. */
    reason: z.string().optional(),
    /** Who did it (transfer, manual assignment, reassign). */
    byUserId: z.uuid().optional(),
    byUserName: z.string().nullable().optional(),
    fromAgentId: z.uuid().optional(),
    fromAgentName: z.string().nullable().optional(),
    toQueueId: z.string().optional(),
    note: z.string().optional(),
    /** Manual assignment (MAN-1, EV-1): the work item it replaced. */
    previousWorkItemId: z.uuid().optional(),
    /** Manual assignment made as an offer (MAN-1): the manager's options. */
    offer: ManualOfferOptions.optional(),
    /** Offer timeout: the agent's presence afterwards (ASG-3, MAN-1). */
    presence: z.enum(['available', 'away', 'offline']).optional(),
  }),
);
export const RoutingEventList = named('RoutingEventList', z.array(RoutingEvent));

export const SupervisedInteraction = named(
  'SupervisedInteraction',
  z.strictObject({
    id: z.uuid(),
    state: InteractionState,
    requesterNumber: z.string(),
    /** The name of the user the requester's number belongs to (SPEC §1), null for a guest. */
    requesterName: z.string().nullable(),
    /** The interaction's Temporal workflow (Me.temporalWorkflowsUrl links to it). */
    workflowId: z.string(),
    companyNumber: z.string(),
    queueId: z.string().nullable(),
    queueName: z.string().nullable(),
    assignedAgentId: z.uuid().nullable(),
    assignedAgentName: z.string().nullable(),
    /** The agent an open offer waits on. */
    offeredAgentId: z.uuid().nullable(),
    createdAt: timestamp(),
    queuedAt: timestamp().nullable(),
    /** WI-8: seconds from queued to accepted, or to now while it waits. */
    waitSeconds: z.int().min(0).nullable(),
    /** */
    exceededTargetWait: z.boolean(),
    lastMessageAt: timestamp().nullable(),
  }),
);
export const SupervisedInteractionList = named('SupervisedInteractionList', z.array(SupervisedInteraction));

export const AgentChannelLoad = named(
  'AgentChannelLoad',
  z.strictObject({ channelId: z.string(), available: z.boolean(), capacity: z.int().min(0), inUse: z.int().min(0) }),
);
/** CAP-8: the agent presence and capacity table. */
export const AgentStatus = named(
  'AgentStatus',
  z.strictObject({
    id: z.uuid(),
    name: z.string(),
    email: z.string(),
    role: z.enum(['agent', 'manager', 'admin']),
    presence: Presence,
    /** PRS-2: the away reason the agent picked, when Away with one. */
    awayReason: z.string().nullable(),
    presenceSince: timestamp(),
    /** Seconds in the current presence. */
    secondsInPresence: z.int().min(0),
    connected: z.boolean(),
    groupIds: z.array(z.uuid()),
    channels: z.array(AgentChannelLoad),
    universalCapacity: z.int().min(0).nullable(),
    universalInUse: z.int().min(0),
    lastAssignedAt: timestamp().nullable(),
  }),
);
export const AgentStatusList = named('AgentStatusList', z.array(AgentStatus));

export const PresenceHistoryEntry = named(
  'PresenceHistoryEntry',
  z.strictObject({ status: Presence, reason: z.string(), /** PRS-2: the away reason picked, by its name then. */ awayReason: z.string().nullable(), at: timestamp() }),
);
export const PresenceHistory = named('PresenceHistory', z.array(PresenceHistoryEntry));

/** PRS-3: channel id → whether the agent takes new work on it. */
export const ChannelAvailability = named('ChannelAvailability', z.record(z.string(), z.boolean()));

/** TRF-1…3: where the person transferring can send a conversation (active queues, other Available agents). */
export const TransferTargets = named(
  'TransferTargets',
  z.strictObject({
    queues: z.array(z.strictObject({ id: z.string(), name: z.string() })),
    agents: z.array(z.strictObject({ id: z.uuid(), name: z.string() })),
  }),
);
