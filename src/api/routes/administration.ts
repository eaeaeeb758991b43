import { z } from 'zod';
import { toE164, InvalidPhoneNumberError } from '../../domain/phone';
import { createUser, listActiveInteractions, listUsers } from '../../use-cases/users';
import type { ApiDeps } from '../context';
import { InvalidInputError } from '../../domain/errors';
import type { ApiRegistry } from '../route-registry';
import { ActiveInteractionList } from '../schemas/interactions';
import { Role, UserList, UserSummary } from '../schemas/users';

export function administrationRoutes(api: ApiRegistry, { db, config }: ApiDeps): void {
  api.route({
    method: 'get', path: '/api/supervisor/interactions', tag: 'supervisor', auth: 'manager', summary: 'All active interactions and who holds them',
    responses: { 200: 'Active interactions, newest first (500 at most)' },
    result: ActiveInteractionList,
    handler: async () => listActiveInteractions(db),
  });

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
        password: z.string().min(12, 'must be at least 12 characters').max(200),
        mobilePhone: z.string().max(40).nullish(),
        smsCapacity: z.number().int().min(0).max(100).nullish(),
      })
      .strict(),
    responses: { 201: 'The user, created (offline)', 409: 'Email already used' },
    result: UserSummary,
    handler: async ({ body, user }) => {
      let mobilePhone: string | null = null;
      if (body.mobilePhone) {
        try {
          mobilePhone = toE164(body.mobilePhone, config.DEFAULT_REGION);
        } catch (err) {
          if (err instanceof InvalidPhoneNumberError) throw new InvalidInputError(`invalid body: mobilePhone ${err.message}`);
          throw err;
        }
      }
      return createUser(db, user.id, { ...body, mobilePhone });
    },
  });
}
