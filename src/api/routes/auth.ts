import { z } from 'zod';
import { createSession, deleteSession } from '../../auth/sessions';
import { createSignInThrottle, type SignInThrottle } from '../../auth/sign-in-throttle';
import { randomUUID } from 'node:crypto';
import { hashPassword, verifyPassword } from '../../auth/passwords';
import { getPresenceWithReason } from '../../use-cases/presence';
import type { ApiDeps } from '../context';
import { TooManyRequestsError, UnauthenticatedError } from '../../domain/errors';
import type { ApiRegistry } from '../route-registry';
import { SESSION_COOKIE, tokenFrom } from '../authenticate';
import { Login as LoginResult, Me } from '../schemas/users';

const Login = z.object({ email: z.string().trim().toLowerCase().email(), password: z.string().min(1).max(200) }).strict();


export function authRoutes(api: ApiRegistry, { db, config, publicBaseUrl }: ApiDeps): void {
  // Verified against when the email is unknown, so both failures take the same time.
  let decoy: Promise<string> | null = null;
  // Built at the first request: describeApi() registers the routes with no dependencies.
  let signInThrottle: SignInThrottle | undefined;
  const throttle = () =>
    (signInThrottle ??= createSignInThrottle(db, {
      perAccount: config.SIGN_IN_MAX_FAILURES, perAddress: config.SIGN_IN_MAX_FAILURES_PER_ADDRESS, windowMs: config.SIGN_IN_WINDOW_MINUTES * 60_000,
    }));
  const cookie = () => ({ httpOnly: true, sameSite: 'strict', path: '/', secure: publicBaseUrl.startsWith('https:') }) as const;
  api.route({
    method: 'post', path: '/api/auth/login', tag: 'auth', auth: 'public', summary: 'Sign in; returns a bearer token and sets the session cookie',
    body: Login,
    responses: {
      200: 'Signed in: a bearer token (also set as the session cookie) and who I am', 401: 'Wrong email or password',
      429: 'Too many failed sign-ins for this account or address; see Retry-After',
    },
    result: LoginResult,
    handler: async ({ body, req, res, record }) => {
      // req.ip honours X-Forwarded-For only from TRUST_PROXY's proxies (app.ts).
      const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
      const wait = await throttle().blockedFor(body.email, address);
      if (wait !== null) throw new TooManyRequestsError(`too many failed sign-ins; try again in ${wait} s`, undefined, wait);
      const user = await db('users').where({ email: body.email, active: true }).first();
      const ok = await verifyPassword(user?.password_hash ?? (await (decoy ??= hashPassword(randomUUID()))), body.password);
      if (!user || !ok) {
        await throttle().failed(body.email, address);
        throw new UnauthenticatedError('email or password is wrong');
      }
      await throttle().succeeded(body.email);
      const token = await createSession(db, user.id, config.SESSION_TTL_HOURS);
      record({ action: 'auth.sign_in', actorId: user.id });
      res.cookie(SESSION_COOKIE, token, { ...cookie(), maxAge: config.SESSION_TTL_HOURS * 3600_000 });
      return { token, user: { id: user.id, role: user.role, email: user.email, name: user.name } };
    },
  });

  api.route({
    method: 'post', path: '/api/auth/logout', tag: 'auth', auth: 'agent', summary: 'End this session',
    responses: { 204: 'Signed out' },
    handler: async ({ req, res, record }) => {
      const token = tokenFrom(req);
      if (token) {
        await deleteSession(db, token);
        record({ action: 'auth.sign_out' });
      }
      res.clearCookie(SESSION_COOKIE, cookie());
      return undefined;
    },
  });

  api.route({
    method: 'get', path: '/api/me', tag: 'me', auth: 'agent', summary: 'The signed-in user and their presence',
    responses: { 200: 'Who I am, with my presence' },
    result: Me,
    handler: async ({ user }) => {
      const { status, awayReason } = await getPresenceWithReason(db, user.id);
      const ui = config.TEMPORAL_UI_URL;
      const temporalWorkflowsUrl = ui && user.role !== 'agent' ? `${ui.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(config.TEMPORAL_NAMESPACE)}/workflows` : null;
      return { ...user, presence: status, awayReason, temporalWorkflowsUrl };
    },
  });
}
