import type { Knex } from 'knex';

/** NOT-1: "Conversation audio alerts" and "Conversation desktop notifications", both off until the agent opts in. */
export interface AgentPreferences {
  audioAlerts: boolean;
  desktopNotifications: boolean;
}

const OFF: AgentPreferences = { audioAlerts: false, desktopNotifications: false };

export async function getPreferences(db: Knex, userId: string): Promise<AgentPreferences> {
  const row = await db('agent_preferences').where({ user_id: userId }).first('audio_alerts', 'desktop_notifications');
  return row ? { audioAlerts: row.audio_alerts as boolean, desktopNotifications: row.desktop_notifications as boolean } : OFF;
}

/** Changes what is given and keeps the rest; returns the preferences before and after. */
export async function setPreferences(db: Knex, userId: string, change: Partial<AgentPreferences>) {
  return db.transaction(async (trx) => {
    const before = await getPreferences(trx, userId);
    const after = { ...before, ...change };
    await trx('agent_preferences')
      .insert({ user_id: userId, audio_alerts: after.audioAlerts, desktop_notifications: after.desktopNotifications, updated_at: trx.fn.now() })
      .onConflict('user_id')
      .merge();
    return { before, after };
  });
}
