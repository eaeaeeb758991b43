import type { Knex } from 'knex';

export const AUDIT_ACTIONS = [
  'auth.sign_in', 'auth.sign_out', 'presence.changed', 'offer.accepted', 'offer.rejected', 'message.sent',
  'interaction.held', 'interaction.resumed', 'interaction.ended', 'user.created', 'user.changed', 'user.password_reset',
  'compose.sent', 'requester.reassociated', 'virtual_agent.topics_saved', 'system_texts.saved', 'company_number.changed',
  'messaging_action.created', 'messaging_action.changed', 'messaging_action.deleted',
  'interaction.transferred', 'interaction.assigned', 'interaction.reassigned', 'queue.created', 'queue.changed', 'queue.deleted',
  'group.created', 'group.changed', 'group.deleted', 'channel.changed', 'capacity.changed', 'routing_settings.changed',
  'away_reason.created', 'away_reason.changed', 'away_reason.deleted',
  'compose_settings.changed', 'company_number.registered', 'preferences.changed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Something an agent or admin changed: one audit row. */
export interface AuditEntry {
  action: AuditAction;
  /** Null for the command line (the first admin). */
  actorId: string | null;
  /** What changed; defaults to the interaction, else the actor. */
  subject?: { type: 'user' | 'offer' | 'interaction' | 'message' | 'queue' | 'group' | 'channel' | 'settings' | 'company_number' | 'away_reason'; id: string };
  interactionId?: string | null;
  from?: string | null;
  to?: string | null;
  detail?: Record<string, unknown>;
}

export async function writeAudit(db: Knex, e: AuditEntry): Promise<void> {
  const subject = e.subject ?? (e.interactionId ? { type: 'interaction', id: e.interactionId } : { type: 'user', id: e.actorId ?? 'system' });
  await db('audit_log').insert({
    actor_user_id: e.actorId, action: e.action, subject_type: subject.type, subject_id: subject.id,
    interaction_id: e.interactionId ?? null, from_value: e.from ?? null, to_value: e.to ?? null, detail: JSON.stringify(e.detail ?? {}),
  });
}

export interface AuditQuery {
  userId?: string;
  interactionId?: string;
  since?: Date;
  until?: Date;
  /** Rows older than this id (the previous page's last). */
  beforeId?: number;
  limit: number;
}

export interface AuditRow {
  at: string;
  actorId: string | null;
  action: string;
  interactionId?: string;
  from?: string;
  to?: string;
}

/** Newest first, a page at a time; `nextId` is where the next page starts, null after the last. */
export async function listAudit(db: Knex, q: AuditQuery): Promise<{ rows: AuditRow[]; nextId: number | null }> {
  const query = db('audit_log').orderBy('id', 'desc').limit(q.limit + 1).select('id', 'created_at', 'actor_user_id', 'action', 'interaction_id', 'from_value', 'to_value');
  if (q.userId) query.where('actor_user_id', q.userId);
  if (q.interactionId) query.where('interaction_id', q.interactionId);
  if (q.since) query.where('created_at', '>=', q.since);
  if (q.until) query.where('created_at', '<', q.until);
  if (q.beforeId !== undefined) query.where('id', '<', q.beforeId);
  const found = await query;
  const page = found.slice(0, q.limit);
  return {
    rows: page.map((r) => ({
      at: (r.created_at as Date).toISOString(),
      actorId: r.actor_user_id,
      action: r.action,
      ...(r.interaction_id ? { interactionId: r.interaction_id } : {}),
      ...(r.from_value !== null ? { from: r.from_value } : {}),
      ...(r.to_value !== null ? { to: r.to_value } : {}),
    })),
    nextId: found.length > q.limit ? (page[page.length - 1].id as number) : null,
  };
}
