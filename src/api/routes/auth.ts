import { z } from 'zod';
import { deleteSession } from '../../auth/sessions';
import { getPresenceWithReason } from '../../use-cases/presence';
import { createSignIn } from '../../use-cases/sign-in';
import type { ApiDeps } from '../context';
import type { ApiRegistry } from '../route-registry';
import { SESSION_COOKIE, tokenFrom } from '../authenticate';
import { Login as LoginResult, Me } from '../schemas/users';

const Login = z.object({ email: z.string().trim().toLowerCase().email(), password: z.string().min(1).max(200) }).strict();


export function authRoutes(api: ApiRegistry, { db, config, publicBaseUrl }: ApiDeps): void {
  // Built at the first request: describeApi() registers the routes with no dependencies.
  let signIn: ReturnType<typeof createSignIn> | undefined;
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
      const { token, user } = await (signIn ??= createSignIn(db, config))(body.email, body.password, address);
      record({ action: 'auth.sign_in', actorId: user.id });
      res.cookie(SESSION_COOKIE, token, { ...cookie(), maxAge: config.SESSION_TTL_HOURS * 3600_000 });
      return { token, user };
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
