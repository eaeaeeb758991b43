import { z } from 'zod';
import { listAudit } from '../../audit/audit-log';
import { toE164, InvalidPhoneNumberError } from '../../domain/phone';
import { createUser, listUsers } from '../../use-cases/users';
import type { ApiDeps } from '../context';
import { InvalidInputError } from '../../domain/errors';
import type { ApiRegistry } from '../route-registry';
import { AuditPage } from '../schemas/audit';
import { Role, UserList, UserSummary } from '../schemas/users';

const isoDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time such as 2026-12-02T06:00:00Z' });
const AuditQuery = z
  .object({
    userId: z.string().uuid('must be a user id (a UUID)').optional(),
    interactionId: z.string().uuid('must be an interaction id (a UUID)').optional(),
    since: isoDateTime.optional(),
    until: isoDateTime.optional(),
    cursor: z.string().regex(/^[1-9]\d{0,15}$/, 'must be the nextCursor of an earlier page').optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict()
  .refine((q) => !q.since || !q.until || Date.parse(q.since) < Date.parse(q.until), { path: ['until'], message: 'must be later than since' });

export function administrationRoutes(api: ApiRegistry, { db, config }: ApiDeps): void {
  api.route({
    method: 'get', path: '/api/admin/audit', tag: 'admin', auth: 'admin',
    summary: 'The audit log, newest first: who (userId: the actor) did what, to which interaction, when, from → to',
    query: AuditQuery,
    responses: { 200: 'A page of rows; pass nextCursor as cursor for the next page (null after the last)' },
    result: AuditPage,
    handler: async ({ query }) => {
      const page = await listAudit(db, {
        userId: query.userId, interactionId: query.interactionId, limit: query.limit,
        since: query.since ? new Date(query.since) : undefined, until: query.until ? new Date(query.until) : undefined,
        beforeId: query.cursor ? Number(query.cursor) : undefined,
      });
      return { rows: page.rows, nextCursor: page.nextId === null ? null : String(page.nextId) };
    },
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
