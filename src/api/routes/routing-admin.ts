import { z } from 'zod';
import { parseCondition, type Condition } from '../../routing/condition';
import { ASSIGNMENT_RULE_NAMES } from '../../routing/rank-agents';
import { OFFER_TIMEOUT_PRESENCES } from '../../routing/offer-timeout';
import { ScheduleSchema } from '../../routing/schedule';
import {
  createGroup, createQueue, deleteGroup, deleteQueue, getAgentCapacities, getRoutingSettings, listChannels, listGroups, listQueues, putAgentCapacities,
  putChannel, putRoutingSettings, replaceGroup, replaceQueue, type QueueInput,
} from '../../use-cases/routing-admin';
import { createAwayReason, deleteAwayReason, listAwayReasons, replaceAwayReason } from '../../use-cases/away-reasons';
import type { ApiDeps } from '../context';
import type { ApiRegistry } from '../route-registry';
import { TranslationsInput } from '../schemas/virtual-agent';
import { AwayReason, AwayReasonList } from '../schemas/offers';
import { AgentCapacities, AgentGroup, AgentGroupList, Channel, ChannelList, Queue, QueueList, RoutingSettings } from '../schemas/routing';

const QueueId = z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a queue id (lower-case letters, digits, - and _)') });
const GroupId = z.object({ id: z.string().uuid('must be a group id (a UUID)') });
const UserId = z.object({ id: z.string().uuid('must be a user id (a UUID)') });
const ChannelId = z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'must be a channel id (lower-case letters, digits, - and _)') });

/** validated by the condition language's own checker, whose messages name the part to fix. */
const ConditionBody = z
  .unknown()
  .superRefine((v, ctx) => {
    if (v === null) return;
    const r = parseCondition(v);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.error });
  })
  .describe('A routing condition: {always: true}, {all: [...]}, {any: [...]}, {not: {...}} or {field, op, value} (see RoutingCondition); null receives nothing automatically (Q-3)');

const QueueBody = z
  .object({
    id: QueueId.shape.id.optional(),
    name: z.string().trim().min(1).max(200),
    description: z.string().max(1000).nullish(),
    channelId: z.string().default('sms'),
    active: z.boolean().default(true),
    position: z.int().min(0).max(100_000),
    condition: ConditionBody,
    schedule: ScheduleSchema.nullable().default(null),
    targetWaitSeconds: z.int().min(0).max(86_400 * 30).default(0),
    maxWaitSeconds: z.int().min(0).max(86_400 * 30).default(0),
    maxWaitText: z.string().trim().min(1).max(1600).nullish(),
    initialResponseText: z.string().trim().max(1600).nullable().optional(),
    initialResponseTranslations: TranslationsInput.optional(),
    /** VA-14/Q-9: when the max wait passes the requester leaves the queue for this virtual agent topic. */
    maxWaitTopicId: z.string().trim().min(1).max(40).nullish(),
    assignmentRule: z.enum(ASSIGNMENT_RULE_NAMES as [string, ...string[]]).default('most_capacity'),
    autoAccept: z.boolean().default(false),
    offerTimeoutSeconds: z.int().min(5).max(3600).nullish(),
    offerTimeoutPresence: z.enum(OFFER_TIMEOUT_PRESENCES).default('away'),
    allowReject: z.boolean().default(true),
    waitTriggers: z
      .array(
        z
          .object({
            afterSeconds: z.int().min(1).max(86_400 * 30), text: z.string().trim().min(1).max(1600),
            /** VA-14: the requester leaves the queue and this virtual agent topic starts (an id of the topics in force). */
            topicId: z.string().trim().min(1).max(40).nullish(),
          })
          .strict(),
      )
      .max(5)
      .default([]),
    pools: z
      .array(z.object({ groupIds: z.array(z.string().uuid()).max(100), eligibleAfterSeconds: z.int().min(0).max(86_400 * 30) }).strict())
      .max(20)
      .optional()
      .describe('Left out: a new queue gets the default groups for new agents, a replaced one keeps its pools; [] offers to nobody (Q-5)'),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.maxWaitTopicId && q.maxWaitSeconds === 0) {
      ctx.addIssue({ code: 'custom', path: ['maxWaitTopicId'], message: 'needs a max wait (maxWaitSeconds above 0)' });
    }
    // a wait trigger fires while the requester waits, before the max wait (which has its own text).
    q.waitTriggers.forEach((t, i) => {
      if (q.maxWaitSeconds > 0 && t.afterSeconds >= q.maxWaitSeconds) {
        ctx.addIssue({ code: 'custom', path: ['waitTriggers', i, 'afterSeconds'], message: `must be less than maxWaitSeconds (${q.maxWaitSeconds})` });
      }
    });
  });

const toQueueInput = (b: z.infer<typeof QueueBody>): QueueInput => ({
  ...b, condition: (b.condition ?? null) as Condition | null, assignmentRule: b.assignmentRule as QueueInput['assignmentRule'],
  waitTriggers: b.waitTriggers.map(({ topicId, ...t }) => (topicId ? { ...t, topicId } : t)),
});

const GroupBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    memberIds: z.array(z.string().uuid()).max(5000).default([]),
    capacities: z.record(z.string(), z.int().min(0).max(100)).default({}),
    queuePriorities: z.record(z.string(), z.int().min(0).max(100_000)).default({}),
    defaultForNewAgents: z.boolean().default(false),
  })
  .strict();

const AwayReasonId = z.object({ id: z.string().uuid('must be an away reason id (a UUID)') });
const AwayReasonBody = z
  .object({ name: z.string().trim().min(1).max(60), position: z.int().min(0).max(100_000).default(0), active: z.boolean().default(true) })
  .strict();

/** SPEC §10 admin: queues, groups and members, channels and capacities, routing options. */
export function routingAdminRoutes(api: ApiRegistry, { db, postCommit }: ApiDeps): void {
  const admin = { db, postCommit };
  api.route({
    method: 'get', path: '/api/admin/queues', tag: 'admin', auth: 'manager', summary: 'Queues in evaluation order (Q-1, Q-2)',
    responses: { 200: 'Every queue with its condition, schedule, pools and rule' },
    result: QueueList,
    handler: async () => listQueues(db),
  });
  api.route({
    method: 'post', path: '/api/admin/queues', tag: 'admin', auth: 'admin', summary: 'Create a queue',
    body: QueueBody,
    responses: { 201: 'The queue', 400: 'Invalid condition, schedule, channel or group', 409: 'The id is taken' },
    result: Queue,
    handler: async ({ user, body }) => createQueue(admin, user.id, toQueueInput(body)),
  });
  api.route({
    method: 'put', path: '/api/admin/queues/:id', tag: 'admin', auth: 'admin', summary: 'Replace a queue (waiting items follow the new rules at the next dispatch)',
    params: QueueId, body: QueueBody,
    responses: { 200: 'The queue as saved', 400: 'Invalid condition, schedule, channel or group', 404: 'No such queue' },
    result: Queue,
    handler: async ({ user, params, body }) => replaceQueue(admin, user.id, params.id, toQueueInput(body)),
  });
  api.route({
    method: 'delete', path: '/api/admin/queues/:id', tag: 'admin', auth: 'admin', summary: 'Delete a queue nothing refers to',
    params: QueueId,
    responses: { 204: 'Deleted', 404: 'No such queue', 409: 'In use: deactivate it instead' },
    handler: async ({ user, params }) => deleteQueue(admin, user.id, params.id),
  });

  api.route({
    method: 'get', path: '/api/admin/groups', tag: 'admin', auth: 'manager', summary: 'Agent groups with members and capacity overrides (ELG-1, CAP-2)',
    responses: { 200: 'Groups by name' },
    result: AgentGroupList,
    handler: async () => listGroups(db),
  });
  api.route({
    method: 'post', path: '/api/admin/groups', tag: 'admin', auth: 'admin', summary: 'Create a group',
    body: GroupBody,
    responses: { 201: 'The group', 400: 'No such user or channel', 409: 'The name is taken' },
    result: AgentGroup,
    handler: async ({ user, body }) => createGroup(admin, user.id, body),
  });
  api.route({
    method: 'put', path: '/api/admin/groups/:id', tag: 'admin', auth: 'admin', summary: 'Replace a group (name, members, capacities)',
    params: GroupId, body: GroupBody,
    responses: { 200: 'The group as saved', 404: 'No such group' },
    result: AgentGroup,
    handler: async ({ user, params, body }) => replaceGroup(admin, user.id, params.id, body),
  });
  api.route({
    method: 'delete', path: '/api/admin/groups/:id', tag: 'admin', auth: 'admin', summary: 'Delete a group (pools naming it no longer do)',
    params: GroupId,
    responses: { 204: 'Deleted', 404: 'No such group' },
    handler: async ({ user, params }) => deleteGroup(admin, user.id, params.id),
  });

  api.route({
    method: 'get', path: '/api/admin/channels', tag: 'admin', auth: 'manager', summary: 'Service channels with default capacity and work item size (CAP-1, CAP-4, CAP-7)',
    responses: { 200: 'Channels by id' },
    result: ChannelList,
    handler: async () => listChannels(db),
  });
  api.route({
    method: 'put', path: '/api/admin/channels/:id', tag: 'admin', auth: 'admin', summary: 'Change a channel, or add one under a new id',
    params: ChannelId,
    body: z.object({ name: z.string().trim().min(1).max(100), active: z.boolean().default(true), defaultCapacity: z.int().min(0).max(100), workItemSize: z.int().min(1).max(100).default(1) }).strict(),
    responses: { 200: 'The channel as saved' },
    result: Channel,
    handler: async ({ user, params, body }) => putChannel(admin, user.id, params.id, body),
  });

  api.route({
    method: 'get', path: '/api/admin/agents/:id/capacities', tag: 'admin', auth: 'manager', summary: 'An agent’s own capacity overrides (CAP-2, CAP-3)',
    params: UserId,
    responses: { 200: 'Overrides per channel and universal capacity', 404: 'No such user' },
    result: AgentCapacities,
    handler: async ({ params }) => getAgentCapacities(db, params.id),
  });
  api.route({
    method: 'put', path: '/api/admin/agents/:id/capacities', tag: 'admin', auth: 'admin',
    summary: 'Set an agent’s capacity overrides (a channel left out uses the group or channel default) and universal capacity (null: none)',
    params: UserId,
    body: z.object({ channels: z.record(z.string(), z.int().min(0).max(100)), universalCapacity: z.int().min(0).max(500).nullable() }).strict(),
    responses: { 200: 'The overrides as saved', 400: 'No such channel', 404: 'No such user' },
    result: AgentCapacities,
    handler: async ({ user, params, body }) => putAgentCapacities(admin, user.id, params.id, body),
  });

  api.route({
    method: 'get', path: '/api/admin/routing-settings', tag: 'admin', auth: 'manager', summary: 'Routing options (RSN-1, PRS-5)',
    responses: { 200: 'The options' },
    result: RoutingSettings,
    handler: async () => getRoutingSettings(db),
  });
  api.route({
    method: 'put', path: '/api/admin/routing-settings', tag: 'admin', auth: 'admin', summary: 'Change the routing options',
    body: z.object({ reassignWhenAgentUnavailable: z.boolean(), offlineGraceSeconds: z.int().min(0).max(86_400) }).strict(),
    responses: { 200: 'The options as saved' },
    result: RoutingSettings,
    handler: async ({ user, body }) => putRoutingSettings(db, user.id, body),
  });

  // PRS-2 (SPEC §17): away reasons, audited in the use case.
  api.route({
    method: 'get', path: '/api/admin/away-reasons', tag: 'admin', auth: 'admin', summary: 'Away reasons, active or not, in order (PRS-2)',
    responses: { 200: 'Every away reason' },
    result: AwayReasonList,
    handler: async () => listAwayReasons(db),
  });
  api.route({
    method: 'post', path: '/api/admin/away-reasons', tag: 'admin', auth: 'admin', summary: 'Create an away reason',
    body: AwayReasonBody,
    responses: { 201: 'The away reason', 409: 'The name is taken' },
    result: AwayReason,
    handler: async ({ user, body }) => createAwayReason(admin, user.id, body),
  });
  api.route({
    method: 'put', path: '/api/admin/away-reasons/:id', tag: 'admin', auth: 'admin', summary: 'Replace an away reason (name, order, active)',
    params: AwayReasonId, body: AwayReasonBody,
    responses: { 200: 'The away reason as saved', 404: 'No such away reason', 409: 'The name is taken' },
    result: AwayReason,
    handler: async ({ user, params, body }) => replaceAwayReason(admin, user.id, params.id, body),
  });
  api.route({
    method: 'delete', path: '/api/admin/away-reasons/:id', tag: 'admin', auth: 'admin', summary: 'Delete an away reason (agents Away for it stay Away; history keeps its name)',
    params: AwayReasonId,
    responses: { 204: 'Deleted', 404: 'No such away reason' },
    handler: async ({ user, params }) => deleteAwayReason(admin, user.id, params.id),
  });
}
