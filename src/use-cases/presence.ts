import type { Knex } from 'knex';
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
