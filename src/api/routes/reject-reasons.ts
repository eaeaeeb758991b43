import { z } from 'zod';
import {
  createRejectReason, deleteRejectReason, listRejectReasons, rejectReasonsFor, replaceRejectReason, type RejectReasonInput,
} from '../../use-cases/reject-reasons';
import type { ApiDeps } from '../context';
import type { ApiRegistry } from '../route-registry';
import { RejectReason, RejectReasonBody, RejectReasonList } from '../schemas/reject-reasons';

const Id = z.object({ id: z.string().uuid('must be a reject reason id (a UUID)') });

/** RR-1/RR-2: the reject picker's reasons — the agents' ordered list per channel, and the admins' editing. */
export function rejectReasonRoutes(api: ApiRegistry, { db }: ApiDeps): void {
  api.route({
    method: 'get', path: '/api/reject-reasons', tag: 'offers', auth: 'agent', summary: 'The active reject reasons for a channel, in picker order',
    query: z.object({ channel: z.string().trim().min(1).default('sms') }).strict(),
    responses: { 200: 'Active reasons for every channel or this one, lowest order first' },
    result: RejectReasonList,
    handler: async ({ query }) => rejectReasonsFor(db, query.channel),
  });
  api.route({
    method: 'get', path: '/api/admin/reject-reasons', tag: 'admin', auth: 'admin', summary: 'Every reject reason, active or not',
    responses: { 200: 'The reasons in picker order' },
    result: RejectReasonList,
    handler: async () => listRejectReasons(db),
  });
  api.route({
    method: 'post', path: '/api/admin/reject-reasons', tag: 'admin', auth: 'admin', summary: 'Create a reject reason',
    body: RejectReasonBody,
    responses: { 201: 'The reason with its id' },
    result: RejectReason,
    handler: async ({ user, body }) => createRejectReason(db, user.id, body as RejectReasonInput),
  });
  api.route({
    method: 'put', path: '/api/admin/reject-reasons/:id', tag: 'admin', auth: 'admin', summary: 'Replace a reject reason (past rejections keep their text)',
    params: Id, body: RejectReasonBody,
    responses: { 200: 'The reason as saved', 404: 'No such reject reason' },
    result: RejectReason,
    handler: async ({ user, params, body }) => replaceRejectReason(db, user.id, params.id, body as RejectReasonInput),
  });
  api.route({
    method: 'delete', path: '/api/admin/reject-reasons/:id', tag: 'admin', auth: 'admin', summary: 'Delete a reject reason (past rejections keep their text)',
    params: Id,
    responses: { 204: 'Deleted', 404: 'No such reject reason' },
    handler: async ({ user, params }) => deleteRejectReason(db, user.id, params.id),
  });
}
