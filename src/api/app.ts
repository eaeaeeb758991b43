import { randomUUID } from 'node:crypto';
import cookieParser from 'cookie-parser';
import express, { type ErrorRequestHandler, type Request } from 'express';
import type { Logger } from 'pino';
import { writeAudit } from '../audit/audit-log';
import { securityHeaders } from '../http/security-headers';
import { metricsHandler } from '../metrics/metrics-endpoint';
import { sessionAuthenticator } from './authenticate';
import type { ApiDeps } from './context';
import { InvalidInputError, isDomainError, NotFoundError, PayloadTooLargeError, TooManyRequestsError, type ErrorKind } from '../domain/errors';
import { ApiRegistry, ResponseMismatchError } from './route-registry';
import { administrationRoutes } from './routes/administration';
import { composeRoutes } from './routes/compose';
import { routingRoutes } from './routes/routing';
import { routingAdminRoutes } from './routes/routing-admin';
import { preferencesRoutes } from './routes/preferences';
import { messagingActionRoutes } from './routes/messaging-actions';
import { requesterRoutes } from './routes/requesters';
import { virtualAgentAdminRoutes } from './routes/virtual-agent-admin';
import { agentWorkRoutes } from './routes/agent-work';
import { authRoutes } from './routes/auth';
import { historyRoutes } from './routes/history';
import { interactionRoutes } from './routes/interactions';
import { usersAdminRoutes } from './routes/users-admin';
import { rejectReasonRoutes } from './routes/reject-reasons';
import { webhookRouter } from './routes/webhooks';

const API_INFO = { title: 'Parley API', version: '0.1.0' };

function registerRoutes(api: ApiRegistry, deps: ApiDeps): void {
  authRoutes(api, deps);
  agentWorkRoutes(api, deps);
  rejectReasonRoutes(api, deps);
  historyRoutes(api, deps);
  interactionRoutes(api, deps);
  administrationRoutes(api, deps);
  usersAdminRoutes(api, deps);
  requesterRoutes(api, deps);
  composeRoutes(api, deps);
  virtualAgentAdminRoutes(api, deps);
  messagingActionRoutes(api, deps);
  routingRoutes(api, deps);
  routingAdminRoutes(api, deps);
  preferencesRoutes(api, deps);
}

export function createApiRegistry(deps: ApiDeps): ApiRegistry {
  // The audit log listens to what routes say they changed (STYLE.md: side effects subscribe to the event).
  const api = new ApiRegistry(sessionAuthenticator(deps.db), { checkResponses: deps.config.API_CHECK_RESPONSES, onAction: (entry) => writeAudit(deps.db, entry) });
  registerRoutes(api, deps);
  return api;
}

/**
 * The document served at /api/openapi.json, built without servers (scripts/generate-api-types.ts, tests). Route
 * modules read their dependencies only when a request comes, and none comes here, so they get none.
 */
export function describeApi(): object {
  const api = new ApiRegistry(async () => null);
  registerRoutes(api, {} as ApiDeps);
  return api.openapi(API_INFO);
}

export function createApp(deps: ApiDeps, extend?: (app: express.Express) => void): express.Express {
  const { db, log } = deps;
  const app = express();
  app.disable('x-powered-by');
  // Only the configured proxies may say who the client is; anyone else could forge X-Forwarded-For.
  app.set('trust proxy', deps.config.trustProxy);
  app.use(securityHeaders({ https: deps.publicBaseUrl.startsWith('https:') }));

  app.use((req, res, next) => {
    const requestId = req.header('x-request-id') ?? randomUUID();
    res.setHeader('x-request-id', requestId);
    (req as Request & { log: typeof log }).log = log.child({ requestId });
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (req.path !== '/healthz') log.debug({ requestId, method: req.method, path: req.path, status: res.statusCode, ms }, 'request');
    });
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const [database, temporal] = await Promise.all([
      db.raw('select 1').then(() => true, () => false),
      deps.temporalReady().catch(() => false),
    ]);
    res.status(database && temporal ? 200 : 503).json({ status: database && temporal ? 'ready' : 'not ready', database, temporal });
  });

  app.get('/metrics', metricsHandler(deps.metrics.registry, deps.config.METRICS_TOKEN));

  app.use('/webhooks/twilio', webhookRouter(deps));

  const api = createApiRegistry(deps);
  const document = api.openapi(API_INFO);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(document);
  });
  app.use('/api', cookieParser(), express.json({ limit: '32kb' }));
  app.use(api.router);
  app.use('/api', (req) => {
    throw new NotFoundError(`no route ${req.method} ${req.originalUrl}`);
  });

  extend?.(app);

  app.use(answerErrors(log));
  return app;
}

/** Every error leaves as {error:{code,message}}; stacks stay in the log. */
export function answerErrors(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const e = fromBodyParser(err);
    let status = 500;
    let code = 'internal';
    let message = 'something went wrong on our side; it has been logged';
    if (isDomainError(e)) {
      status = HTTP_STATUS[e.kind];
      ({ code, message } = e);
      if (e instanceof TooManyRequestsError && e.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(e.retryAfterSeconds));
    } else if (e instanceof ResponseMismatchError) {
      code = 'response_mismatch';
      message = e.message;
    } else if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      status = e.status;
      code = 'bad_request';
      message = e.message ?? 'bad request';
    }
    if (status >= 500) log.error({ err, path: req.originalUrl }, 'request failed');
    res.status(status).json({ error: { code, message } });
  };
}

/** The one mapping of domain errors to HTTP. */
const HTTP_STATUS: Record<ErrorKind, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  too_many_requests: 429,
  unavailable: 503,
};

/** express.json's own failures, as the domain errors they are. */
function fromBodyParser(err: unknown): Error & { status?: number } {
  const e = err as Error & { type?: string; status?: number };
  if (e.type === 'entity.too.large') return new PayloadTooLargeError('request body is too large');
  if (e.type === 'entity.parse.failed') return new InvalidInputError('request body is not valid JSON', 'invalid_json');
  return e;
}
