import { z } from 'zod';
import { endInteraction, holdOrResume, sendAgentMessage } from '../../use-cases/interaction-commands';
import { interactionDetailFor, listColleaguesWork, listOngoing, markReadBy } from '../../use-cases/interactions';
import type { ApiDeps } from '../context';
import type { ApiRegistry } from '../route-registry';
import { ColleagueInteractionList, InteractionDetail, InteractionStateChange, MessageQueued, OngoingInteractionList } from '../schemas/interactions';

const Params = z.object({ id: z.string().uuid('must be an interaction id (a UUID)') });

export function interactionRoutes(api: ApiRegistry, { db, gateway }: ApiDeps): void {
  api.route({
    method: 'get', path: '/api/interactions', tag: 'interactions', auth: 'agent', summary: 'My ongoing interactions, unread first',
    query: z.object({ view: z.enum(['ongoing']).default('ongoing') }).strict(),
    responses: { 200: 'Open interactions assigned to me' },
    result: OngoingInteractionList,
    handler: async ({ user }) => listOngoing(db, user.id),
  });

  api.route({
    method: 'get', path: '/api/interactions/colleagues', tag: 'interactions', auth: 'agent',
    summary: 'ONG-6: SMS conversations in progress or on hold with other agents, most recently updated first (read-only for agents)',
    responses: { 200: 'Colleagues\' conversations (500 at most)' },
    result: ColleagueInteractionList,
    handler: async ({ user }) => listColleaguesWork(db, user.id),
  });

  api.route({
    method: 'get', path: '/api/interactions/:id', tag: 'interactions', auth: 'agent',
    summary: 'An interaction with its transcript (an agent may read a colleague\'s, ONG-6, but not act on it)',
    params: Params,
    responses: { 200: 'The interaction and its messages in order', 404: 'No such interaction' },
    result: InteractionDetail,
    handler: async ({ user, params }) => interactionDetailFor(db, user, params.id),
  });

  api.route({
    method: 'post', path: '/api/interactions/:id/read', tag: 'interactions', auth: 'agent', summary: 'Mark the requester messages read',
    params: Params,
    responses: { 204: 'Marked read' },
    handler: async ({ user, params }) => {
      await markReadBy(db, user, params.id);
      return undefined;
    },
  });

  api.route({
    method: 'post', path: '/api/interactions/:id/messages', tag: 'interactions', auth: 'agent', summary: 'Send an SMS to the requester',
    params: Params,
    body: z.object({ body: z.string().refine((s) => s.trim().length > 0, 'must not be empty').pipe(z.string().max(1600, 'must be at most 1,600 characters')) }).strict(),
    responses: { 202: 'Stored and queued for the provider', 409: 'Not assigned to you, or closed' },
    result: MessageQueued,
    handler: async ({ user, params, body, record }) => {
      const sent = await sendAgentMessage({ db, gateway }, user, params.id, body.body);
      record({ action: 'message.sent', subject: { type: 'message', id: sent.messageId }, interactionId: sent.interactionId });
      return { messageId: sent.messageId };
    },
  });

  for (const action of ['hold', 'resume'] as const) {
    api.route({
      method: 'post', path: `/api/interactions/:id/${action}`, tag: 'interactions', auth: 'agent',
      summary: action === 'hold' ? 'Put the interaction on hold' : 'Resume an interaction on hold',
      params: Params,
      responses: { 200: 'The state after the command', 409: 'Not allowed in the current state' },
      result: InteractionStateChange,
      handler: async ({ user, params, record }) => {
        const r = await holdOrResume({ db, gateway }, user, params.id, action);
        record({ action: action === 'hold' ? 'interaction.held' : 'interaction.resumed', interactionId: r.interactionId, from: r.previousState, to: r.state });
        return { state: r.state };
      },
    });
  }

  api.route({
    method: 'post', path: '/api/interactions/:id/end', tag: 'interactions', auth: 'agent', summary: 'End the interaction (complete or abandon)',
    params: Params,
    body: z.object({ outcome: z.enum(['complete', 'abandon']) }).strict(),
    responses: { 200: 'The closed state', 409: 'Already closed' },
    result: InteractionStateChange,
    handler: async ({ user, params, body, record }) => {
      const r = await endInteraction({ db, gateway }, user, params.id, body.outcome);
      record({ action: 'interaction.ended', interactionId: r.interactionId, from: r.previousState, to: r.state, detail: { outcome: body.outcome } });
      return { state: r.state };
    },
  });
}
