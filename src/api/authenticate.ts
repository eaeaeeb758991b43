import type { Request } from 'express';
import type { Knex } from 'knex';
import { findSessionUser } from '../auth/sessions';
import type { Authenticate } from './route-registry';

export const SESSION_COOKIE = 'parley_session';

export function tokenFrom(req: Request): string | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || null;
  const cookie = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
  return cookie || null;
}

export function sessionAuthenticator(db: Knex): Authenticate {
  return async (req) => {
    const token = tokenFrom(req);
    return token ? findSessionUser(db, token) : null;
  };
}
