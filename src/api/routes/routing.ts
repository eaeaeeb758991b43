import { z } from 'zod';
import { INTERACTION_STATES } from '../../domain/interaction-state';
import { assignInteraction, reassignInteraction, transferInteraction } from '../../use-cases/interaction-commands';
import { getChannelAvailability, setChannelAvailability } from '../../use-cases/presence';
import { agentPresenceHistory, listAgentStatus, listSupervisedInteractions, listTransferTargets, routingEventsFor } from '../../use-cases/routing-views';
import type { ApiDeps } from '../context';
import type { ApiRegistry } from '../route-registry';
import { OFFER_TIMEOUT_PRESENCES } from '../../routing/offer-timeout';
import { InteractionStateChange } from '../schemas/interactions';
import { AgentStatusList, ChannelAvailability, PresenceHistory, RoutingEventList, SupervisedInteractionList, TransferTargets } from '../schemas/routing';

const Params = z.object({ id: z.string().uuid('must be an interaction id (a UUID)') });
const agentId = z.string().uuid('must be a user id (a UUID)');
/** MAN-1: a manager's offer waits at most a week. */
const MAX_MANUAL_OFFER_SECONDS = 7 * 24 * 3600;

/** Issue 16: transfer, assignment and reassign (DESIGN.md "Transfer and assignment"), routing events, manager views. */
export function routingRoutes(api: ApiRegistry, { db, gateway, postCommit }: ApiDeps): void {
  const commands = { db, gateway, postCommit };

  api.route({
    method: 'post', path: '/api/interactions/:id/transfer', tag: 'interactions', auth: 'agent',
    summary: 'Transfer to a queue or to an agent (TRF-1…3), with an optional note for agents; the assignee or a manager',
    params: Params,
    body: z
      .object({
        agentId: agentId.optional(),
        queueId: z.string().min(1).max(100).optional(),
        note: z.string().trim().max(500, 'must be at most 500 characters').optional(),
      })
      .strict()
      .refine((b) => (b.agentId ? 1 : 0) + (b.queueId ? 1 : 0) === 1, { message: 'give either agentId or queueId', path: ['agentId'] }),
    responses: {
      200: 'Transferred: queued for the queue or offered to the agent; the previous agent can no longer send (REG-2)',
      400: 'No such queue or agent', 409: 'Not yours to transfer, not transferable in this state, or the agent is not Available',
    },
    result: InteractionStateChange,
    handler: async ({ user, params, body, record }) => {
      const r = await transferInteraction(commands, user, params.id, { toQueueId: body.queueId, toAgentId: body.agentId, note: body.note });
      record({
        action: 'interaction.transferred', interactionId: r.interactionId, from: r.previousAgentId, to: body.agentId ?? `queue:${body.queueId}`,
        detail: { note: body.note ?? null },
      });
      return { state: r.state };
    },
  });

  api.route({
    method: 'get', path: '/api/transfer-targets', tag: 'interactions', auth: 'agent',
    summary: 'Where a conversation can be transferred (TRF-1…3): the active queues and the other agents who are Available now',
    responses: { 200: 'Queues in evaluation order; agents by name' },
    result: TransferTargets,
    handler: async ({ user }) => listTransferTargets(db, user.id),
  });

  api.route({
    method: 'post', path: '/api/interactions/:id/assign', tag: 'supervisor', auth: 'manager',
    summary:
      'Assign to an agent (MAN-1). Without `offer`: the agent has it at once, whatever their presence (REG-4); open work is canceled (Q-6). ' +
      'With `offer`: a waiting conversation is offered to that Available agent only, with the manager’s options (allowed to decline, ' +
      'timeout (none: 24 hours), presence on timeout, over capacity); it respects the agent’s SMS switch and capacity unless ' +
      '`overCapacity`; declined or expired, it goes back to routing',
    params: Params,
    body: z
      .object({
        agentId,
        offer: z
          .object({
            allowedToDecline: z.boolean().default(true),
            timeoutSeconds: z
              .number('must be a number of seconds, or null for none')
              .int('must be a whole number of seconds')
              .min(0, 'must be 0 or more (0 or null: 24 hours)')
              .max(MAX_MANUAL_OFFER_SECONDS, `must be at most ${MAX_MANUAL_OFFER_SECONDS} (a week)`)
              .nullable()
              .default(null),
            timeoutPresence: z.enum(OFFER_TIMEOUT_PRESENCES, `must be one of ${OFFER_TIMEOUT_PRESENCES.join(', ')}`).default('away'),
            /** SPEC §17: offer it even when the agent's SMS is off or full. */
            overCapacity: z.boolean().default(false),
          })
          .strict()
          .optional(),
      })
      .strict(),
    responses: {
      200: 'Assigned (the previous agent can no longer send, REG-2), or offered to the agent',
      400: 'No such agent, or an option out of range',
      409: 'Closed, already that agent’s; with `offer`: not waiting (accepted or on hold), the agent is not Available, or (without `overCapacity`) their SMS is off or full',
    },
    result: InteractionStateChange,
    handler: async ({ user, params, body, record }) => {
      const r = await assignInteraction(commands, user, params.id, { toAgentId: body.agentId, offer: body.offer });
      record({ action: 'interaction.assigned', interactionId: r.interactionId, from: r.previousAgentId, to: body.agentId, ...(r.offer ? { detail: { offer: r.offer } } : {}) });
      return { state: r.state };
    },
  });

  api.route({
    method: 'post', path: '/api/interactions/:id/reassign', tag: 'interactions', auth: 'agent',
    summary: 'Reassign (RSN-4): clear the assignee and route again; the previous agent is not offered it again. The assignee or a manager',
    params: Params,
    body: z.object({ reason: z.string().trim().max(200).optional() }).strict(),
    responses: { 200: 'Queued again', 409: 'Not assigned, or not yours' },
    result: InteractionStateChange,
    handler: async ({ user, params, body, record }) => {
      const r = await reassignInteraction(commands, user, params.id, body.reason ?? null);
      record({ action: 'interaction.reassigned', interactionId: r.interactionId, from: r.previousAgentId, to: 'queued', detail: { reason: body.reason ?? null } });
      return { state: r.state };
    },
  });

  api.route({
    method: 'get', path: '/api/interactions/:id/routing-events', tag: 'interactions', auth: 'agent',
    summary: 'Why not Ana? (EV-1): every routing decision, offer, accept, reject, timeout, cancel, transfer and assignment, with the candidates and why each was passed over',
    params: Params,
    responses: { 200: 'Routing events, oldest first', 404: 'No such interaction' },
    result: RoutingEventList,
    handler: async ({ user, params }) => routingEventsFor(db, user, params.id),
  });

  api.route({
    method: 'get', path: '/api/supervisor/interactions', tag: 'supervisor', auth: 'manager',
    summary: 'All active interactions with queue, state, wait and assignee (SPEC §10), newest first; filterable',
    query: z
      .object({
        state: z.union([z.enum(INTERACTION_STATES), z.array(z.enum(INTERACTION_STATES))]).optional(),
        queueId: z.string().max(100).optional(),
        agentId: agentId.optional(),
        unassigned: z.enum(['true', 'false']).optional(),
      })
      .strict(),
    responses: { 200: 'Active interactions (500 at most)' },
    result: SupervisedInteractionList,
    handler: async ({ query }) =>
      listSupervisedInteractions(db, {
        state: query.state === undefined ? undefined : Array.isArray(query.state) ? query.state : [query.state],
        queueId: query.queueId, agentId: query.agentId, unassigned: query.unassigned === 'true',
      }),
  });

  api.route({
    method: 'get', path: '/api/supervisor/agents', tag: 'supervisor', auth: 'manager',
    summary: 'Agent presence and capacity (CAP-8): presence and time in it, capacity in use per channel and universal',
    responses: { 200: 'Every active user with presence, by name' },
    result: AgentStatusList,
    handler: async () => listAgentStatus(db),
  });

  api.route({
    method: 'get', path: '/api/supervisor/agents/:id/presence-history', tag: 'supervisor', auth: 'manager',
    summary: 'An agent’s presence history (PRS-4), newest first',
    params: z.object({ id: agentId }),
    responses: { 200: 'The last 200 changes', 404: 'No such user' },
    result: PresenceHistory,
    handler: async ({ params }) => agentPresenceHistory(db, params.id),
  });

  api.route({
    method: 'get', path: '/api/me/channels', tag: 'me', auth: 'agent', summary: 'My availability per channel (PRS-3)',
    responses: { 200: 'Channel id → available' },
    result: ChannelAvailability,
    handler: async ({ user }) => getChannelAvailability(db, user.id),
  });

  api.route({
    method: 'put', path: '/api/me/channels', tag: 'me', auth: 'agent', summary: 'Turn channels on or off for new work (PRS-3)',
    body: z.record(z.string().min(1).max(50), z.boolean()),
    responses: { 200: 'Channel id → available', 400: 'No such channel' },
    result: ChannelAvailability,
    handler: async ({ user, body }) => setChannelAvailability({ db, postCommit }, user.id, body),
  });
}
