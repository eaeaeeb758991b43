import type { Knex } from 'knex';
import type { SessionUser } from '../auth/sessions';
import type { CloseReason } from '../domain/interaction-state';

// Issue 25, History. Who may read a closed conversation (docs/notes-i25-history.md says why):
// - managers and admins: every one;
// - an agent: the ones they handled — held at close, joined (AI-15), wrote in, or accepted an offer for (a transfer
//   or reassign took it from them later) — and, read-only, every earlier conversation of a requester they are working
//   with now (a conversation of that requester assigned to them, offered to them or joined by them, not closed).
// "The same requester" is the same user when one is named, or the same number while nobody was (a guest): a number
// that passed to someone else (AI-17) does not show its former owner's conversations.

export const CLOSED_STATES = ['closed_complete', 'closed_abandoned'] as const;
export type ClosedState = (typeof CLOSED_STATES)[number];

/** Where the next page starts: the last row's close time (in microseconds, as PostgreSQL keeps it) and id. */
export interface HistoryCursor {
  closedAtMicros: bigint;
  id: string;
}

export interface HistoryFilter {
  /** Digits anywhere in the requester's number ("5550123" finds +14155550123). */
  numberDigits?: string;
  /** Part of the requester's (a user's) name, any case. */
  name?: string;
  closedSince?: Date;
  closedUntil?: Date;
}

export interface HistoryPageQuery {
  after?: HistoryCursor;
  limit: number;
}

export interface HistoryRow {
  id: string;
  channel: 'sms';
  state: ClosedState;
  closeReason: CloseReason | null;
  requesterNumber: string;
  requesterName: string | null;
  companyNumber: string;
  companyNumberName: string | null;
  assignedAgentId: string | null;
  assignedAgentName: string | null;
  createdAt: string;
  closedAt: string;
}

export interface HistoryPage {
  rows: HistoryRow[];
  nextCursor: HistoryCursor | null;
}

export const encodeCursor = (c: HistoryCursor) => `${c.closedAtMicros}_${c.id}`;
export const CURSOR_PATTERN = /^(\d{1,20})_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
export function decodeCursor(s: string): HistoryCursor {
  const m = CURSOR_PATTERN.exec(s);
  if (!m) throw new Error('not a history cursor');
  return { closedAtMicros: BigInt(m[1]), id: m[2] };
}

/** The conversations `userId` handled: held at close, joined, wrote in, or accepted an offer for. */
function handledBy(db: Knex, userId: string) {
  return db('interactions').where('assigned_agent_id', userId).select('id')
    .union((q) => q.from('interaction_participants').where('user_id', userId).select('interaction_id'))
    .union((q) => q.from('messages').where('author_user_id', userId).whereNotNull('interaction_id').select('interaction_id'))
    .union((q) => q.from('offers as o').join('work_items as w', 'w.id', 'o.work_item_id').where({ 'o.agent_id': userId, 'o.state': 'accepted' }).select('w.interaction_id'));
}

/** An open conversation `userId` works in (assigned, offered or joined) whose requester is the one of the row aliased `i`. */
function workingWithRequesterOf(db: Knex, userId: string) {
  return db('interactions as o')
    .whereNotIn('o.state', CLOSED_STATES)
    .where((q) =>
      q.where('o.assigned_agent_id', userId)
        .orWhereExists(db('interaction_participants as p').whereRaw('p.interaction_id = o.id').where('p.user_id', userId))
        .orWhereExists(db('work_items as w').whereRaw('w.interaction_id = o.id').where({ 'w.offered_agent_id': userId, 'w.state': 'offered' })),
    )
    .whereRaw('(o.requester_user_id = i.requester_user_id or (i.requester_user_id is null and i.requester_number = o.requester_number))')
    .select(db.raw('1'));
}

function historyRows(db: Knex) {
  return db('interactions as i')
    .leftJoin('users as r', 'r.id', 'i.requester_user_id')
    .leftJoin('users as a', 'a.id', 'i.assigned_agent_id')
    .leftJoin('company_numbers as c', 'c.number', 'i.company_number')
    .whereIn('i.state', CLOSED_STATES)
    .select(
      'i.id', 'i.state', 'i.close_reason', 'i.requester_number', 'r.name as requester_name', 'i.company_number', 'c.display_name as company_number_name',
      'i.assigned_agent_id', 'a.name as assigned_agent_name', 'i.created_at', 'i.closed_at',
      // The cursor keeps PostgreSQL's microseconds: a JavaScript Date would round them off and repeat or skip rows.
      db.raw(`(extract(epoch from i.closed_at) * 1000000)::bigint::text as closed_at_micros`),
    )
    .orderBy([{ column: 'i.closed_at', order: 'desc' }, { column: 'i.id', order: 'desc' }]);
}

async function page(db: Knex, q: Knex.QueryBuilder, p: HistoryPageQuery): Promise<HistoryPage> {
  if (p.after) {
    q.whereRaw(`(i.closed_at, i.id) < (timestamptz 'epoch' + ?::bigint * interval '1 microsecond', ?::uuid)`, [p.after.closedAtMicros.toString(), p.after.id]);
  }
  const found = await q.limit(p.limit + 1);
  const rows = found.slice(0, p.limit);
  const last = rows[rows.length - 1];
  return {
    rows: rows.map(toRow),
    nextCursor: found.length > p.limit ? { closedAtMicros: BigInt(last.closed_at_micros as string), id: last.id as string } : null,
  };
}

function toRow(r: Record<string, unknown>): HistoryRow {
  return {
    id: r.id as string,
    channel: 'sms',
    state: r.state as ClosedState,
    closeReason: (r.close_reason as CloseReason | null) ?? null,
    requesterNumber: r.requester_number as string,
    requesterName: (r.requester_name as string | null) ?? null,
    companyNumber: r.company_number as string,
    companyNumberName: (r.company_number_name as string | null) ?? null,
    assignedAgentId: (r.assigned_agent_id as string | null) ?? null,
    assignedAgentName: (r.assigned_agent_name as string | null) ?? null,
    createdAt: (r.created_at as Date).toISOString(),
    // A closed row always has closed_at (the projection sets both in one statement).
    closedAt: ((r.closed_at as Date | null) ?? (r.created_at as Date)).toISOString(),
  };
}

const likePattern = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** History: closed conversations newest first — an agent's own (handled), every one for managers and admins. */
export async function listHistory(db: Knex, user: SessionUser, f: HistoryFilter, p: HistoryPageQuery): Promise<HistoryPage> {
  const q = historyRows(db);
  // An array rather than `in (…)`: the planner then fetches the agent's rows by id instead of hashing every closed row.
  if (user.role === 'agent') q.whereRaw('i.id = any(array(?))', [handledBy(db, user.id)]);
  if (f.numberDigits) q.whereLike('i.requester_number', likePattern(f.numberDigits));
  if (f.name) q.whereIn('i.requester_user_id', db('users').whereILike('name', likePattern(f.name)).select('id'));
  if (f.closedSince) q.where('i.closed_at', '>=', f.closedSince);
  if (f.closedUntil) q.where('i.closed_at', '<', f.closedUntil);
  return page(db, q, p);
}

/**
 * The requester panel: the other closed conversations of this interaction's requester, newest first. An agent sees
 * those they may open (see the top of this file); the caller has checked they may read `of` itself.
 */
export async function listRequesterHistory(
  db: Knex,
  user: SessionUser,
  of: { id: string; requester_number: string; requester_user_id: string | null },
  p: HistoryPageQuery,
): Promise<HistoryPage> {
  const q = historyRows(db)
    .whereNot('i.id', of.id)
    .where((w) => {
      if (of.requester_user_id) w.where('i.requester_user_id', of.requester_user_id).orWhere((g) => g.whereNull('i.requester_user_id').where('i.requester_number', of.requester_number));
      else w.whereNull('i.requester_user_id').where('i.requester_number', of.requester_number);
    });
  if (user.role === 'agent') q.where((w) => w.whereIn('i.id', handledBy(db, user.id)).orWhereExists(workingWithRequesterOf(db, user.id)));
  return page(db, q, p);
}

/** Whether an agent may read this closed conversation (managers and admins read every one). */
export async function agentMayReadClosed(db: Knex, userId: string, interactionId: string): Promise<boolean> {
  const found = await db('interactions as i')
    .where('i.id', interactionId)
    .whereIn('i.state', CLOSED_STATES)
    .where((w) => w.whereIn('i.id', handledBy(db, userId)).orWhereExists(workingWithRequesterOf(db, userId)))
    .first('i.id');
  return !!found;
}
