import { z } from 'zod';
import { toE164, InvalidPhoneNumberError } from '../../domain/phone';
import { InvalidInputError } from '../../domain/errors';
import { createUser, listUsers, resetPassword, updateUser } from '../../use-cases/users';
import type { ApiDeps } from '../context';
import type { ApiRegistry } from '../route-registry';
import { Role, UserChanged, UserList, UserSummary } from '../schemas/users';

/** The password rule, one for creating a user and for an admin's reset. */
const Password = z.string().min(12, 'must be at least 12 characters').max(200);
const UserId = z.object({ id: z.string().uuid('must be a user id (a UUID)') });
const GroupIds = z.array(z.string().uuid('must be a group id (a UUID)')).max(200);

/** Issue 24: the Users tab. Every change is audited by the use case, in its transaction. */
export function usersAdminRoutes(api: ApiRegistry, { db, config, postCommit }: ApiDeps): void {
  /** A mobile phone as typed (national or E.164) → E.164, the form profile resolution matches (PROF-10). */
  function mobileE164(value: string): string {
    try {
      return toE164(value, config.DEFAULT_REGION);
    } catch (err) {
      if (err instanceof InvalidPhoneNumberError) throw new InvalidInputError(`invalid body: mobilePhone ${err.message}`);
      throw err;
    }
  }

  api.route({
    method: 'get', path: '/api/admin/users', tag: 'admin', auth: 'admin', summary: 'Every user with role and presence',
    responses: { 200: 'Users by email' },
    result: UserList,
    handler: async () => listUsers(db),
  });

  api.route({
    method: 'post', path: '/api/admin/users', tag: 'admin', auth: 'admin', summary: 'Create a user',
    body: z
      .object({
        email: z.string().trim().toLowerCase().email(),
        name: z.string().trim().min(1).max(200),
        role: Role,
        password: Password,
        mobilePhone: z.string().max(40).nullish(),
        smsCapacity: z.number().int().min(0).max(100).nullish(),
        groupIds: GroupIds.optional().describe('The agent groups the user is in; left out, an agent or manager joins the default groups for new agents (Q-5)'),
      })
      .strict(),
    responses: { 201: 'The user, created (offline)', 400: 'A field is invalid, or a group does not exist', 409: 'Email already used' },
    result: UserSummary,
    handler: async ({ body, user }) => createUser(db, user.id, { ...body, mobilePhone: body.mobilePhone ? mobileE164(body.mobilePhone) : null }),
  });

  api.route({
    method: 'patch', path: '/api/admin/users/:id', tag: 'admin', auth: 'admin',
    summary: 'Change a user (name, role, mobile phone, capacity, active, groups); deactivating signs them out everywhere',
    params: UserId,
    body: z
      .object({
        name: z.string().trim().min(1).max(200),
        role: Role,
        mobilePhone: z.string().max(40).nullable(),
        smsCapacity: z.number().int().min(0).max(100).nullable(),
        active: z.boolean(),
        groupIds: GroupIds.describe('The agent groups the user is in, replacing the ones they had'),
      })
      .partial()
      .strict(),
    responses: { 200: 'The user as changed', 400: 'A field is invalid, or an admin deactivates or demotes themselves', 404: 'No such user' },
    result: UserChanged,
    handler: async ({ user, params, body }) =>
      updateUser({ db, postCommit }, user.id, params.id, { ...body, mobilePhone: body.mobilePhone ? mobileE164(body.mobilePhone) : body.mobilePhone }),
  });

  api.route({
    method: 'post', path: '/api/admin/users/:id/password', tag: 'admin', auth: 'admin',
    summary: "Set a user's password; their sessions end (audited as user.password_reset, without the password)",
    params: UserId,
    body: z.object({ password: Password }).strict(),
    responses: { 204: 'Set; the user signs in with it', 404: 'No such user' },
    handler: async ({ user, params, body }) => resetPassword(db, user.id, params.id, body.password),
  });
}
