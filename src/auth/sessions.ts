import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';

export type Role = 'agent' | 'manager' | 'admin';
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(db: Knex, userId: string, ttlHours: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db('sessions').insert({ token_hash: digest(token), user_id: userId, expires_at: new Date(Date.now() + ttlHours * 3600_000) });
  return token;
}

export async function findSessionUser(db: Knex, token: string): Promise<SessionUser | null> {
  const row = await db('sessions as s')
    .join('users as u', 'u.id', 's.user_id')
    .where('s.token_hash', digest(token))
    .andWhere('s.expires_at', '>', db.fn.now())
    .andWhere('u.active', true)
    .first('u.id', 'u.email', 'u.name', 'u.role');
  return row ?? null;
}

export async function deleteSession(db: Knex, token: string): Promise<void> {
  await db('sessions').where({ token_hash: digest(token) }).delete();
}

/** Signs a user out everywhere (a password reset, a deactivation): every session of theirs ends now. */
export async function revokeSessions(db: Knex, userId: string): Promise<number> {
  return db('sessions').where({ user_id: userId }).delete();
}
