import type { Knex } from 'knex';
import { InvalidInputError } from '../domain/errors';
import { notifyChange } from '../realtime/pg-change-events';

export const PRESENCE = ['available', 'away', 'offline'] as const;
export type Presence = (typeof PRESENCE)[number];

/** Sets the agent's presence; `previous` is what it was (the same as `status` when nothing changed). */
export async function setPresence(db: Knex, userId: string, status: Presence, reason = 'agent'): Promise<{ previous: Presence; status: Presence }> {
  return db.transaction(async (trx) => {
    const current = await trx('agent_presence').where({ user_id: userId }).forUpdate().first();
    const previous: Presence = current?.status ?? 'offline';
    if (current?.status === status) return { previous, status };
    await trx('agent_presence')
      .insert({ user_id: userId, status, changed_at: trx.fn.now() })
      .onConflict('user_id')
      .merge({ status, changed_at: trx.fn.now() });
    await trx('presence_history').insert({ user_id: userId, status, reason });
    await notifyChange(trx, { type: 'presence', agentId: userId, status });
    return { previous, status };
  });
}

export async function getPresence(db: Knex, userId: string): Promise<Presence> {
  const row = await db('agent_presence').where({ user_id: userId }).first('status');
  return (row?.status as Presence) ?? 'offline';
}

/** PRS-3: the agent's availability per channel (no row: available). */
export async function getChannelAvailability(db: Knex, userId: string): Promise<Record<string, boolean>> {
  const channels = await db('channels').where({ active: true }).pluck('id');
  const rows = await db('agent_channel_availability').where({ user_id: userId }).select('channel_id', 'available');
  return Object.fromEntries(channels.map((c: string) => [c, rows.find((r) => r.channel_id === c)?.available ?? true]));
}

export async function setChannelAvailability(db: Knex, userId: string, channels: Record<string, boolean>): Promise<Record<string, boolean>> {
  await db.transaction(async (trx) => {
    const known = await trx('channels').whereIn('id', Object.keys(channels)).pluck('id');
    const unknown = Object.keys(channels).filter((c) => !known.includes(c));
    if (unknown.length) throw new InvalidInputError(`invalid body: channels: no channel ${unknown.join(', ')}`);
    for (const [channel_id, available] of Object.entries(channels)) {
      await trx('agent_channel_availability').insert({ user_id: userId, channel_id, available }).onConflict(['user_id', 'channel_id']).merge({ available, changed_at: trx.fn.now() });
      await trx('presence_history').insert({ user_id: userId, status: (await trx('agent_presence').where({ user_id: userId }).first('status'))?.status ?? 'offline', reason: `channel ${channel_id} ${available ? 'on' : 'off'}` });
    }
    await notifyChange(trx, { type: 'capacity', agentId: userId });
  });
  return getChannelAvailability(db, userId);
}
