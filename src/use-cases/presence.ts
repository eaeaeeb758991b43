import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { InvalidInputError } from '../domain/errors';
import { PRESENCE, type Presence } from '../domain/presence';
import { notifyChange } from '../realtime/pg-change-events';
import { DISPATCH, type PostCommit } from '../realtime/post-commit';
import type { InteractionGateway } from '../temporal/interaction-gateway';
import { reassignIfUnavailable } from './agent-unavailable';
import { activeAwayReason } from './away-reasons';

export { PRESENCE, type Presence };

export interface AwayReasonRef {
  id: string;
  name: string;
}

export interface PresenceChange {
  previous: Presence;
  status: Presence;
  awayReason: AwayReasonRef | null;
  /** Whether the status or the away reason changed (a history row was written). */
  changed: boolean;
}

/**
 * Sets the agent's presence; `previous` is what it was. PRS-2: Away may carry an admin-defined reason (it must be
 * active); it is kept with the presence and in its history, and any other status clears it. Away with another reason
 * is a change of its own (a history row), though routing sees the same Away.
 */
export async function setPresence(db: Knex, userId: string, status: Presence, reason = 'agent', awayReasonId: string | null = null): Promise<PresenceChange> {
  if (awayReasonId && status !== 'away') throw new InvalidInputError(`invalid body: awayReasonId: only Away takes a reason (status is ${status})`);
  return db.transaction(async (trx) => {
    const awayReason = awayReasonId ? await activeAwayReason(trx, awayReasonId) : null;
    const current = await trx('agent_presence').where({ user_id: userId }).forUpdate().first();
    const previous: Presence = current?.status ?? 'offline';
    if (current?.status === status && (current?.away_reason_id ?? null) === (awayReason?.id ?? null)) return { previous, status, awayReason, changed: false };
    const columns = { status, away_reason_id: awayReason?.id ?? null, changed_at: trx.fn.now() };
    await trx('agent_presence').insert({ user_id: userId, ...columns }).onConflict('user_id').merge(columns);
    await trx('presence_history').insert({ user_id: userId, status, reason, away_reason_id: awayReason?.id ?? null, away_reason_name: awayReason?.name ?? null });
    await notifyChange(trx, { type: 'presence', agentId: userId, status });
    return { previous, status, awayReason, changed: true };
  });
}

/**
 * An agent sets their own presence (PRS-1, PRS-2). Available: the dispatcher looks for work for them. RSN-1: with
 * the option on, an agent who goes Away or Offline has their conversations re-routed (in the background).
 */
export async function changeMyPresence(
  deps: { db: Knex; gateway: InteractionGateway; postCommit: PostCommit; log: Logger },
  userId: string, status: Presence, awayReasonId: string | null,
): Promise<PresenceChange> {
  const { db, gateway, log, postCommit } = deps;
  const change = await setPresence(db, userId, status, 'agent', awayReasonId);
  if (status === 'available') postCommit.after(db, DISPATCH);
  else if (change.previous !== status) {
    void reassignIfUnavailable({ db, gateway, log }, userId).catch((err) => log.warn({ err }, 'reassign on presence change failed'));
  }
  return change;
}

export async function getPresence(db: Knex, userId: string): Promise<Presence> {
  return (await getPresenceWithReason(db, userId)).status;
}

export async function getPresenceWithReason(db: Knex, userId: string): Promise<{ status: Presence; awayReason: AwayReasonRef | null }> {
  const row = await db('agent_presence as p').leftJoin('away_reasons as r', 'r.id', 'p.away_reason_id').where({ 'p.user_id': userId }).first('p.status', 'r.id', 'r.name');
  return { status: (row?.status as Presence) ?? 'offline', awayReason: row?.id ? { id: row.id as string, name: row.name as string } : null };
}

/** PRS-3: the agent's availability per channel (no row: available). */
export async function getChannelAvailability(db: Knex, userId: string): Promise<Record<string, boolean>> {
  const channels = await db('channels').where({ active: true }).pluck('id');
  const rows = await db('agent_channel_availability').where({ user_id: userId }).select('channel_id', 'available');
  return Object.fromEntries(channels.map((c: string) => [c, rows.find((r) => r.channel_id === c)?.available ?? true]));
}

/** PRS-3: the agent turns channels on or off for new work; one turned on may bring an offer at once. */
export async function setChannelAvailability(deps: { db: Knex; postCommit: PostCommit }, userId: string, channels: Record<string, boolean>): Promise<Record<string, boolean>> {
  const { db, postCommit } = deps;
  await db.transaction(async (trx) => {
    const known = await trx('channels').whereIn('id', Object.keys(channels)).pluck('id');
    const unknown = Object.keys(channels).filter((c) => !known.includes(c));
    if (unknown.length) throw new InvalidInputError(`invalid body: channels: no channel ${unknown.join(', ')}`);
    for (const [channel_id, available] of Object.entries(channels)) {
      await trx('agent_channel_availability').insert({ user_id: userId, channel_id, available }).onConflict(['user_id', 'channel_id']).merge({ available, changed_at: trx.fn.now() });
      await trx('presence_history').insert({ user_id: userId, status: (await trx('agent_presence').where({ user_id: userId }).first('status'))?.status ?? 'offline', reason: `channel ${channel_id} ${available ? 'on' : 'off'}` });
    }
    postCommit.after(trx, { type: 'capacity', agentId: userId }, ...(Object.values(channels).some(Boolean) ? [DISPATCH] : []));
  });
  return getChannelAvailability(db, userId);
}
