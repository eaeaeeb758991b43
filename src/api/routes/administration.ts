import { z } from 'zod';
import { listAudit } from '../../audit/audit-log';
import type { ApiDeps } from '../context';
import type { ApiRegistry } from '../route-registry';
import { AuditPage } from '../schemas/audit';

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

export function administrationRoutes(api: ApiRegistry, { db }: ApiDeps): void {
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
}
