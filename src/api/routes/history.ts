import { z } from 'zod';
import { CURSOR_PATTERN, decodeCursor, encodeCursor, listHistory, listRequesterHistory, type HistoryPage as Page } from '../../use-cases/interaction-history';
import { loadInteractionToRead } from '../../use-cases/interactions';
import type { ApiDeps } from '../context';
import type { ApiRegistry } from '../route-registry';
import { HistoryPage } from '../schemas/history';

const isoDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time such as 2026-12-02T06:00:00Z' });
const cursor = z.string().regex(CURSOR_PATTERN, 'must be the nextCursor of an earlier page');
const limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);

const HistoryQuery = z
  .object({
    number: z
      .string()
      .trim()
      .regex(/^[\d\s()+.-]+$/, 'must be digits of a phone number (spaces, +, -, ( and ) are ignored)')
      .transform((s) => s.replace(/\D/g, ''))
      .refine((digits) => digits.length >= 3, 'type at least 3 digits')
      .optional()
      .describe('Digits anywhere in the requester’s number: 5550123 finds +14155550123'),
    name: z.string().trim().min(2, 'type at least 2 characters').max(100).optional().describe('Part of the requester’s name, any case'),
    closedSince: isoDateTime.optional().describe('Closed at or after this time'),
    closedUntil: isoDateTime.optional().describe('Closed before this time'),
    cursor: cursor.optional(),
    limit: limit(100, 25),
  })
  .strict()
  .refine((q) => !q.closedSince || !q.closedUntil || Date.parse(q.closedSince) < Date.parse(q.closedUntil), {
    path: ['closedUntil'],
    message: 'must be later than closedSince',
  });

const EarlierQuery = z.object({ cursor: cursor.optional(), limit: limit(100, 20) }).strict();

const answer = (p: Page) => ({ rows: p.rows, nextCursor: p.nextCursor ? encodeCursor(p.nextCursor) : null });

/** Issue 25: closed conversations to find again, and the requester's earlier ones beside a conversation. */
export function historyRoutes(api: ApiRegistry, { db }: ApiDeps): void {
  // Registered before GET /api/interactions/:id, which would otherwise take "history" for an id.
  api.route({
    method: 'get', path: '/api/interactions/history', tag: 'interactions', auth: 'agent',
    summary: 'History: closed conversations newest first — an agent’s own (held at close, joined, written in or accepted), all for managers and admins; by number, name and close time',
    query: HistoryQuery,
    responses: { 200: 'A page of closed conversations; pass nextCursor as cursor for the next page (null after the last)' },
    result: HistoryPage,
    handler: async ({ user, query }) =>
      answer(
        await listHistory(
          db, user,
          {
            numberDigits: query.number, name: query.name,
            closedSince: query.closedSince ? new Date(query.closedSince) : undefined,
            closedUntil: query.closedUntil ? new Date(query.closedUntil) : undefined,
          },
          { limit: query.limit, after: query.cursor ? decodeCursor(query.cursor) : undefined },
        ),
      ),
  });

  api.route({
    method: 'get', path: '/api/interactions/:id/requester-history', tag: 'interactions', auth: 'agent',
    summary: 'The requester’s other closed conversations, newest first (the same user, or the same number as a guest); an agent gets those they may open: handled, or of a requester they work with now',
    params: z.object({ id: z.string().uuid('must be an interaction id (a UUID)') }),
    query: EarlierQuery,
    responses: { 200: 'A page of closed conversations; pass nextCursor as cursor for the next page (null after the last)', 404: 'No such interaction' },
    result: HistoryPage,
    handler: async ({ user, params, query }) => {
      const row = await loadInteractionToRead(db, params.id, user);
      return answer(await listRequesterHistory(db, user, row, { limit: query.limit, after: query.cursor ? decodeCursor(query.cursor) : undefined }));
    },
  });
}
