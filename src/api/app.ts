import { randomUUID } from 'node:crypto';
import { metricsHandler } from '../metrics/metrics-endpoint';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import { writeAudit } from '../audit/audit-log';
import { securityHeaders } from '../http/security-headers';
import { sessionAuthenticator } from './authenticate';
import type { ApiDeps } from './context';
import { ApiError, NotFoundError, TooManyRequestsError } from './errors';
import { ApiRegistry } from './route-registry';
import { administrationRoutes } from './routes/administration';
import { agentWorkRoutes } from './routes/agent-work';
import { authRoutes } from './routes/auth';
import { interactionRoutes } from './routes/interactions';
import { webhookRouter } from './routes/webhooks';

export function createApiRegistry(deps: ApiDeps): ApiRegistry {
  // The audit log listens to what routes say they changed (STYLE.md: side effects subscribe to the event).
  const api = new ApiRegistry(sessionAuthenticator(deps.db), (entry) => writeAudit(deps.db, entry));
  authRoutes(api, deps);
  agentWorkRoutes(api, deps);
  interactionRoutes(api, deps);
  administrationRoutes(api, deps);
  return api;
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
  app.get('/api/openapi.json', (_req, res) => {
    res.json(api.openapi({ title: 'Parley API', version: '0.1.0' }));
  });
  app.use('/api', cookieParser(), express.json({ limit: '32kb' }));
  app.use(api.router);
  app.use('/api', (req) => {
    throw new NotFoundError(`no route ${req.method} ${req.originalUrl}`);
  });

  extend?.(app);

  // Every error leaves as {error:{code,message}}; stacks stay in the log.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const e = err as { type?: string; status?: number; message?: string };
    let status = 500;
    let code = 'internal';
    let message = 'something went wrong on our side; it has been logged';
    if (err instanceof ApiError) {
      ({ status, code } = err);
      message = err.message;
      if (err instanceof TooManyRequestsError) res.setHeader('Retry-After', String(err.retryAfterSeconds));
    } else if (e.type === 'entity.too.large') {
      status = 413;
      code = 'payload_too_large';
      message = 'request body is too large';
    } else if (e.type === 'entity.parse.failed') {
      status = 400;
      code = 'invalid_json';
      message = 'request body is not valid JSON';
    } else if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      status = e.status;
      code = 'bad_request';
      message = e.message ?? 'bad request';
    }
    if (status >= 500) log.error({ err, path: req.originalUrl }, 'request failed');
    res.status(status).json({ error: { code, message } });
  });
  return app;
}
