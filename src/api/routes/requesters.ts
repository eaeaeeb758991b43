import { z } from 'zod';
import { changeRequester } from '../../use-cases/requester-change';
import { searchUsers } from '../../use-cases/requesters';
import type { ApiDeps } from '../context';
import { Requester } from '../schemas/interactions';
import { UserMatchList } from '../schemas/users';
import type { ApiRegistry } from '../route-registry';

/** SPEC §1: who is texting, and the users an agent can say it is. */
export function requesterRoutes(api: ApiRegistry, { db, postCommit }: ApiDeps): void {
  api.route({
    method: 'get', path: '/api/users', tag: 'requesters', auth: 'agent', summary: 'Find users by name, email or mobile number (the requester picker)',
    query: z.object({ query: z.string().trim().min(1, 'type at least one character').max(100) }).strict(),
    responses: { 200: 'At most 20 matching users' },
    result: UserMatchList,
    handler: async ({ query }) => searchUsers(db, query.query),
  });

  api.route({
    method: 'put', path: '/api/interactions/:id/requester', tag: 'requesters', auth: 'agent',
    summary: 'Verify / re-associate the requester (PROF-7, PROF-9): the user, or null for a guest',
    params: z.object({ id: z.string().uuid('must be an interaction id (a UUID)') }),
    body: z.object({ userId: z.string().uuid('must be a user id (a UUID) or null').nullable() }).strict(),
    responses: { 200: 'The new requester', 403: 'Neither the assignee nor a manager', 404: 'No such interaction' },
    result: Requester,
    handler: async ({ user, params, body }) => changeRequester({ db, postCommit }, user, params.id, body.userId),
  });
}
