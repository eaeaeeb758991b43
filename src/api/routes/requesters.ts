import { z } from 'zod';
import { toE164, InvalidPhoneNumberError } from '../../domain/phone';
import { loadInteractionFor } from '../../use-cases/interactions';
import { reassociateRequester, searchUsers } from '../../use-cases/requesters';
import { updateUser } from '../../use-cases/users';
import type { ApiDeps } from '../context';
import { InvalidInputError } from '../../domain/errors';
import { Requester } from '../schemas/interactions';
import { UserChanged, UserMatchList } from '../schemas/users';
import type { ApiRegistry } from '../route-registry';

/** SPEC §1: who is texting, and the users an agent can say it is. */
export function requesterRoutes(api: ApiRegistry, { db, events, config }: ApiDeps): void {
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
    handler: async ({ user, params, body }) => {
      const row = await loadInteractionFor(db, params.id, user);
      const requester = await reassociateRequester(db, user, row, body.userId);
      events.interactionChanged(params.id);
      return requester;
    },
  });

  api.route({
    method: 'patch', path: '/api/admin/users/:id', tag: 'admin', auth: 'admin', summary: 'Change a user (name, role, mobile phone, capacity, active)',
    params: z.object({ id: z.string().uuid('must be a user id (a UUID)') }),
    body: z
      .object({
        name: z.string().trim().min(1).max(200),
        role: z.enum(['agent', 'manager', 'admin']),
        mobilePhone: z.string().max(40).nullable(),
        smsCapacity: z.number().int().min(0).max(100).nullable(),
        active: z.boolean(),
      })
      .partial()
      .strict(),
    responses: { 200: 'The user as changed', 404: 'No such user' },
    result: UserChanged,
    handler: async ({ user, params, body }) => {
      let mobilePhone = body.mobilePhone;
      if (mobilePhone) {
        try {
          mobilePhone = toE164(mobilePhone, config.DEFAULT_REGION);
        } catch (err) {
          if (err instanceof InvalidPhoneNumberError) throw new InvalidInputError(`invalid body: mobilePhone ${err.message}`);
          throw err;
        }
      }
      return updateUser(db, user.id, params.id, { ...body, mobilePhone });
    },
  });
}
