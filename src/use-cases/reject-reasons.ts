import type { Knex } from 'knex';
import { InvalidInputError, NotFoundError } from '../domain/errors';

// RR-1/RR-2: admin-defined reasons for rejecting an offer. An agent's rejection stores the reason's text (and the
// agent's details), so editing or deleting a reason never rewrites history.

export interface RejectReason {
  id: string;
  text: string;
  order: number;
  /** Null: offered on every channel's reject picker. */
  channelId: string | null;
  /** WI-7: a reassignable rejection lets routing offer the item to the same agent again. */
  reassignable: boolean;
  active: boolean;
}
export type RejectReasonInput = Omit<RejectReason, 'id'>;

const toReason = (r: Record<string, unknown>): RejectReason => ({
  id: r.id as string, text: r.text as string, order: r.sort_order as number, channelId: (r.channel_id as string | null) ?? null,
  reassignable: r.reassignable as boolean, active: r.active as boolean,
});
const columns = (r: RejectReasonInput) => ({ text: r.text, sort_order: r.order, channel_id: r.channelId, reassignable: r.reassignable, active: r.active });

/** RR-2: the reasons an agent may pick for a channel, in picker order. */
export async function rejectReasonsFor(db: Knex, channelId: string): Promise<RejectReason[]> {
  const rows = await db('reject_reasons').where({ active: true }).andWhere((q) => q.whereNull('channel_id').orWhere('channel_id', channelId)).orderBy([{ column: 'sort_order' }, { column: 'text' }]);
  return rows.map(toReason);
}

export async function listRejectReasons(db: Knex): Promise<RejectReason[]> {
  return (await db('reject_reasons').orderBy([{ column: 'sort_order' }, { column: 'text' }])).map(toReason);
}

async function checkChannel(db: Knex, channelId: string | null) {
  if (channelId && !(await db('channels').where({ id: channelId }).first('id'))) throw new InvalidInputError(`invalid body: channelId: no channel ${channelId}`);
}

export async function createRejectReason(db: Knex, actorId: string, r: RejectReasonInput): Promise<RejectReason> {
  await checkChannel(db, r.channelId);
  const [row] = await db('reject_reasons').insert(columns(r)).returning('*');
  await db('audit_log').insert({ actor_user_id: actorId, action: 'reject_reason.created', subject_type: 'reject_reason', subject_id: row.id, detail: JSON.stringify(r) });
  return toReason(row);
}

export async function replaceRejectReason(db: Knex, actorId: string, id: string, r: RejectReasonInput): Promise<RejectReason> {
  await checkChannel(db, r.channelId);
  const [row] = await db('reject_reasons').where({ id }).update({ ...columns(r), updated_at: db.fn.now() }).returning('*');
  if (!row) throw new NotFoundError('no such reject reason');
  await db('audit_log').insert({ actor_user_id: actorId, action: 'reject_reason.changed', subject_type: 'reject_reason', subject_id: id, detail: JSON.stringify(r) });
  return toReason(row);
}

export async function deleteRejectReason(db: Knex, actorId: string, id: string): Promise<void> {
  const n = await db('reject_reasons').where({ id }).delete();
  if (!n) throw new NotFoundError('no such reject reason');
  await db('audit_log').insert({ actor_user_id: actorId, action: 'reject_reason.deleted', subject_type: 'reject_reason', subject_id: id, detail: '{}' });
}

/**
 * What a rejection stores: a picked reason gives its text and its reassignable flag (the agent's words, if any,
 * follow it); without one, the agent's own words (the API's original `{reason, reassignable?}` body).
 */
export async function resolveRejection(
  db: Knex, channelId: string, body: { reasonId?: string; reason?: string; reassignable?: boolean },
): Promise<{ reason: string; reassignable: boolean; reasonId: string | null }> {
  if (!body.reasonId) {
    if (!body.reason) throw new InvalidInputError('invalid body: reason: give a reason (or a reasonId)');
    return { reason: body.reason, reassignable: body.reassignable ?? false, reasonId: null };
  }
  const picked = (await rejectReasonsFor(db, channelId)).find((r) => r.id === body.reasonId);
  if (!picked) throw new InvalidInputError(`invalid body: reasonId: no active reject reason ${body.reasonId} for the ${channelId} channel`);
  const reason = body.reason ? `${picked.text}: ${body.reason}` : picked.text;
  return { reason: reason.slice(0, 200), reassignable: picked.reassignable, reasonId: picked.id };
}
