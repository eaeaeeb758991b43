import type { Knex } from 'knex';
import type { SessionUser } from '../auth/sessions';
import { ForbiddenError, InvalidInputError } from '../domain/errors';
import { replaceProfile } from '../profiles/messaging-profiles';

export interface RequesterView {
  profileId: string | null;
  userId: string | null;
  name: string | null;
  email: string | null;
  verifyIdentity: boolean;
}

/** `requester` of an interaction (a guest: userId, name, email null). */
export async function requesterOf(db: Knex, row: { requester_profile_id: string | null; requester_user_id: string | null; verify_identity: boolean }): Promise<RequesterView> {
  const user = row.requester_user_id ? await db('users').where({ id: row.requester_user_id }).first('name', 'email') : null;
  return {
    profileId: row.requester_profile_id ?? null,
    userId: row.requester_user_id ?? null,
    name: user?.name ?? null,
    email: user?.email ?? null,
    verifyIdentity: row.verify_identity ?? false,
  };
}

/**
 * PROF-7/PROF-9: the assignee (or a manager) says who is really texting: the number's active profile is replaced
 * (the old one kept, inactive), the interaction's requester changes and its "verify identity" flag clears, and one
 * audit row says who changed it from whom to whom.
 */
export async function reassociateRequester(
  db: Knex,
  actor: SessionUser,
  row: Record<string, unknown>,
  userId: string | null,
): Promise<RequesterView> {
  if (actor.role === 'agent' && row.assigned_agent_id !== actor.id) throw new ForbiddenError('only the assigned agent or a manager can change the requester');
  if (userId) {
    const user = await db('users').where({ id: userId, active: true }).first('id');
    if (!user) throw new InvalidInputError('invalid body: userId is not an active user');
  }
  const from = (row.requester_user_id as string | null) ?? null;
  await replaceProfile(db, {
    interactionId: row.id as string, number: row.requester_number as string, userId, deactivate: 'current', reason: 'reassociated', actorId: actor.id,
  });
  await db('audit_log').insert({
    actor_user_id: actor.id, action: 'requester.reassociated', subject_type: 'interaction', subject_id: row.id as string,
    interaction_id: row.id as string, from_value: from ?? 'guest', to_value: userId ?? 'guest', detail: JSON.stringify({ number: row.requester_number }),
  });
  const fresh = await db('interactions').where({ id: row.id as string }).first();
  return requesterOf(db, fresh);
}

/** The requester panel's user picker: active users by name, email or mobile number. */
export async function searchUsers(db: Knex, query: string) {
  const like = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db('users')
    .where({ active: true })
    .andWhere((q) => q.whereILike('name', like).orWhereILike('email', like).orWhereILike('mobile_phone', like))
    .orderBy('name')
    .limit(20)
    .select('id', 'name', 'email', 'mobile_phone');
  return rows.map((r) => ({ id: r.id as string, name: r.name as string, email: r.email as string, mobilePhone: (r.mobile_phone as string | null) ?? null }));
}
