import { z } from 'zod';
import { liveView } from '../../use-cases/live-view';
import {
  createMessagingAction, deleteMessagingAction, listMessagingActions, replaceMessagingAction, type MessagingActionInput,
} from '../../use-cases/messaging-actions-admin';
import type { ApiDeps } from '../context';
import type { ApiRegistry } from '../route-registry';
import { LiveView, MessagingAction, MessagingActionBody, MessagingActionList } from '../schemas/messaging-actions';

const Id = z.object({ id: z.string().uuid('must be a messaging action id (a UUID)') });

/** SPEC §7: timed messaging actions (admin), and each conversation's pending timers read from its workflow. */
export function messagingActionRoutes(api: ApiRegistry, { db, gateway }: ApiDeps): void {
  api.route({
    method: 'get', path: '/api/admin/messaging-actions', tag: 'admin', auth: 'admin', summary: 'Every messaging action',
    responses: { 200: 'The messaging actions, oldest first' },
    result: MessagingActionList,
    handler: async () => listMessagingActions(db),
  });
  api.route({
    method: 'post', path: '/api/admin/messaging-actions', tag: 'admin', auth: 'admin', summary: 'Create a messaging action',
    body: MessagingActionBody,
    responses: { 201: 'The action with its id' },
    result: MessagingAction,
    handler: async ({ user, body }) => createMessagingAction(db, user.id, body as MessagingActionInput),
  });
  api.route({
    method: 'put', path: '/api/admin/messaging-actions/:id', tag: 'admin', auth: 'admin',
    summary: 'Replace a messaging action (armed conversations use the change when their timer fires)',
    params: Id, body: MessagingActionBody,
    responses: { 200: 'The action as saved', 404: 'No such messaging action' },
    result: MessagingAction,
    handler: async ({ user, params, body }) => replaceMessagingAction(db, user.id, params.id, body as MessagingActionInput),
  });
  api.route({
    method: 'delete', path: '/api/admin/messaging-actions/:id', tag: 'admin', auth: 'admin', summary: 'Delete a messaging action',
    params: Id,
    responses: { 204: 'Deleted', 404: 'No such messaging action' },
    handler: async ({ user, params }) => deleteMessagingAction(db, user.id, params.id),
  });

  api.route({
    method: 'get', path: '/api/interactions/:id/live', tag: 'interactions', auth: 'agent',
    summary: 'What the conversation will do next by itself: its pending timers, read from its workflow (not PostgreSQL)',
    params: z.object({ id: z.string().uuid('must be an interaction id (a UUID)') }),
    responses: { 200: 'The state, the pending timers with their due times, and the outbox', 404: 'No such interaction, or not yours' },
    result: LiveView,
    handler: async ({ user, params }) => liveView({ db, gateway }, user, params.id),
  });
}
