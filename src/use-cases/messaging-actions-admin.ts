import type { Knex } from 'knex';
import { NotFoundError } from '../domain/errors';
import { toDefinition, type MessagingActionDefinition } from '../domain/messaging-actions';
import type { LiveView } from '../workflows/definitions';

// SPEC §7 for admins. Armed runs re-read the list when they fire, so a change applies to them at their next timer.

export type MessagingActionInput = Omit<MessagingActionDefinition, 'id' | 'promptText' | 'targetState'> & { promptText?: string | null; targetState?: MessagingActionDefinition['targetState'] };

const columns = (a: MessagingActionInput) => ({
  name: a.name, active: a.active, event: a.event, duration_seconds: a.durationSeconds, condition: JSON.stringify(a.condition ?? {}),
  action: a.action, prompt_text: a.promptText ?? null, target_state: a.targetState ?? null,
});

export async function listMessagingActions(db: Knex): Promise<MessagingActionDefinition[]> {
  return (await db('messaging_actions').orderBy('created_at')).map(toDefinition);
}

export async function createMessagingAction(db: Knex, actorId: string, a: MessagingActionInput): Promise<MessagingActionDefinition> {
  const [row] = await db('messaging_actions').insert(columns(a)).returning('*');
  await db('audit_log').insert({ actor_user_id: actorId, action: 'messaging_action.created', subject_type: 'messaging_action', subject_id: row.id, detail: JSON.stringify(a) });
  return toDefinition(row);
}

export async function replaceMessagingAction(db: Knex, actorId: string, id: string, a: MessagingActionInput): Promise<MessagingActionDefinition> {
  const [row] = await db('messaging_actions').where({ id }).update({ ...columns(a), updated_at: db.fn.now() }).returning('*');
  if (!row) throw new NotFoundError('no such messaging action');
  await db('audit_log').insert({ actor_user_id: actorId, action: 'messaging_action.changed', subject_type: 'messaging_action', subject_id: id, detail: JSON.stringify(a) });
  return toDefinition(row);
}

export async function deleteMessagingAction(db: Knex, actorId: string, id: string): Promise<void> {
  const n = await db('messaging_actions').where({ id }).delete();
  if (!n) throw new NotFoundError('no such messaging action');
  await db('audit_log').insert({ actor_user_id: actorId, action: 'messaging_action.deleted', subject_type: 'messaging_action', subject_id: id, detail: '{}' });
}

type Timer = LiveView['timers'][number];

/**
 * What each armed messaging action will do, added to the live view's timers so every agent reads it ("Closes as
 * abandoned in …"), not only admins, who may read the list. An action deleted since it was armed does nothing.
 */
export async function withEffects(db: Knex, timers: Timer[]): Promise<(Timer & { effect?: { action: MessagingActionDefinition['action']; targetState: MessagingActionDefinition['targetState'] } })[]> {
  const ids = timers.filter((t) => t.kind === 'messaging_action' && t.actionId).map((t) => t.actionId!);
  if (ids.length === 0) return timers;
  const rows = await db('messaging_actions').whereIn('id', ids).select('id', 'action', 'target_state');
  const byId = new Map(rows.map((r) => [r.id as string, { action: r.action, targetState: r.target_state ?? null }]));
  return timers.map((t) => (t.actionId && byId.has(t.actionId) ? { ...t, effect: byId.get(t.actionId)! } : t));
}
