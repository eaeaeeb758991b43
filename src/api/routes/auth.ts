import { z } from 'zod';
import { createSession, deleteSession } from '../../auth/sessions';
import { randomUUID } from 'node:crypto';
import { hashPassword, verifyPassword } from '../../auth/passwords';
import { getPresence } from '../../use-cases/presence';
import type { ApiDeps } from '../context';
import { UnauthenticatedError } from '../../domain/errors';
import type { ApiRegistry } from '../route-registry';
import { SESSION_COOKIE, tokenFrom } from '../authenticate';
import { Login as LoginResult, Me } from '../schemas/users';

const Login = z.object({ email: z.string().trim().toLowerCase().email(), password: z.string().min(1).max(200) }).strict();


export function authRoutes(api: ApiRegistry, { db, config }: ApiDeps): void {
  // Verified against when the email is unknown, so both failures take the same time.
  let decoy: Promise<string> | null = null;
  api.route({
    method: 'post', path: '/api/auth/login', tag: 'auth', auth: 'public', summary: 'Sign in; returns a bearer token and sets the session cookie',
    body: Login,
    responses: { 200: 'Signed in: a bearer token (also set as the session cookie) and who I am', 401: 'Wrong email or password' },
    result: LoginResult,
    handler: async ({ body, res }) => {
      const user = await db('users').where({ email: body.email, active: true }).first();
      const ok = await verifyPassword(user?.password_hash ?? (await (decoy ??= hashPassword(randomUUID()))), body.password);
      if (!user || !ok) throw new UnauthenticatedError('email or password is wrong');
      const token = await createSession(db, user.id, config.SESSION_TTL_HOURS);
      res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/', maxAge: config.SESSION_TTL_HOURS * 3600_000 });
      return { token, user: { id: user.id, role: user.role, email: user.email, name: user.name } };
    },
  });

  api.route({
    method: 'post', path: '/api/auth/logout', tag: 'auth', auth: 'agent', summary: 'End this session',
    responses: { 204: 'Signed out' },
    handler: async ({ req, res }) => {
      const token = tokenFrom(req);
      if (token) await deleteSession(db, token);
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      return undefined;
    },
  });

  api.route({
    method: 'get', path: '/api/me', tag: 'me', auth: 'agent', summary: 'The signed-in user and their presence',
    responses: { 200: 'Who I am, with my presence' },
    result: Me,
    handler: async ({ user }) => ({ ...user, presence: await getPresence(db, user.id) }),
  });
}
