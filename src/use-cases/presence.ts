import type { Knex } from 'knex';
import { notifyChange } from '../realtime/pg-change-events';

export const PRESENCE = ['available', 'away', 'offline'] as const;
export type Presence = (typeof PRESENCE)[number];

export async function setPresence(db: Knex, userId: string, status: Presence, reason = 'agent'): Promise<Presence> {
  await db.transaction(async (trx) => {
    const current = await trx('agent_presence').where({ user_id: userId }).forUpdate().first();
    if (current?.status === status) return;
    await trx('agent_presence')
      .insert({ user_id: userId, status, changed_at: trx.fn.now() })
      .onConflict('user_id')
      .merge({ status, changed_at: trx.fn.now() });
    await trx('presence_history').insert({ user_id: userId, status, reason });
    await notifyChange(trx, { type: 'presence', agentId: userId, status });
  });
  return status;
}

export async function getPresence(db: Knex, userId: string): Promise<Presence> {
  const row = await db('agent_presence').where({ user_id: userId }).first('status');
  return (row?.status as Presence) ?? 'offline';
}
