import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { createDb } from '../db/knex';
import { recipientRulesOf, type ParleyExtensions } from '../extensions';
import { createCompanyNumberLookup } from '../ingest/company-numbers';
import { sweepInbound } from '../ingest/inbound-sweeper';
import { createWakeCoalescer } from '../ingest/wake-coalescer';
import { createMetrics } from '../metrics/metrics';
import { createProviderNumbers } from '../providers/owned-numbers';
import { resolveProvider } from '../providers/provider-mode';
import { createPostCommit } from '../realtime/post-commit';
import { createSseHub } from '../realtime/sse-hub';
import { createDispatcher } from '../routing/dispatcher';
import { createConnectionTracker, HEARTBEAT_MS } from '../routing/workspace-connections';
import { sweepPresence } from '../use-cases/presence-sweep';
import { createInteractionGateway } from '../temporal/interaction-gateway';
import { gatewayLimits, interactionSettings, interactionStartOptions } from '../temporal/settings';
import { recordSignalled } from '../use-cases/receive-inbound-sms';
import { createApp } from './app';
import type { ApiDeps } from './context';

export interface RunningApi {
  url: string;
  port: number;
  deps: ApiDeps;
  shutdown(): Promise<void>;
}

const KEEP_ALIVE_TIMEOUT_MS = 65_000;
const SHUTDOWN_GRACE_MS = 5000;

export async function startApi(
  config: Config,
  log: Logger,
  address: string,
  extend?: Parameters<typeof createApp>[1],
  extensions: ParleyExtensions = {},
): Promise<RunningApi> {
  const db = createDb(config.DATABASE_URL!, { max: 20 });
  // Connect lazily: the api must take webhooks while Temporal is down (DESIGN "Ingress").
  const connection = Connection.lazy({ address });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const gateway = createInteractionGateway(client, config.TEMPORAL_TASK_QUEUE, interactionSettings(config), interactionStartOptions(config), gatewayLimits(config));
  // Issue 26: change notices and dispatcher wake-ups go out from one place, after the commit.
  const postCommit = createPostCommit({ db, dispatcher: () => dispatcher, log });
  const metrics = createMetrics({ sseConnections: () => hub.clientCount() });
  const dispatcher = createDispatcher({ db, notifier: gateway, offerTimeoutMs: config.OFFER_TIMEOUT_SECONDS * 1000, log, metrics });
  const provider = resolveProvider(config);
  const readinessChecks = new Set<Promise<boolean>>();
  const publicBaseUrl = (config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');
  const connections = createConnectionTracker(db, log);
  const hub = createSseHub({
    databaseUrl: config.DATABASE_URL!, db, log, connections, checkEvents: config.API_CHECK_RESPONSES,
    onChange: (change) => {
      if (change.type === 'claimed') wakes.claimed(change.workflowId);
      else if (change.type === 'interaction' && change.workflowId) wakes.claimed(change.workflowId, change.claimed);
    },
  });
  const wakes = createWakeCoalescer({
    gateway, log, claimWaitMs: config.WAKE_CLAIM_WAIT_MS,
    recordSignalled: (ids) => recordSignalled(db, ids),
  });
  const deps: ApiDeps = {
    config, db, gateway, postCommit, hub, log, wakes, metrics, companyNumbers: createCompanyNumberLookup(db), providerNumbers: createProviderNumbers(config, db),
    recipientRules: recipientRulesOf(config, extensions), webhookAuthToken: provider.authToken, publicBaseUrl,
    temporalReady: () => {
      // A gRPC deadline, not a race: a raced call would go on retrying in the background while Temporal is down.
      const check = connection
        .withDeadline(Date.now() + 2000, () => connection.workflowService.getSystemInfo({}))
        .then(() => true, () => false);
      readinessChecks.add(check);
      void check.finally(() => readinessChecks.delete(check));
      return check;
    },
  };
  const app = createApp(deps, extend);
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.PORT, '0.0.0.0', () => resolve(s));
    s.once('error', reject);
  });
  // Node closes an idle keep-alive connection after 5 s, sooner than the providers and proxies that post to us
  // expect: one that reuses the connection as it closes gets a reset, and an SMS webhook that fails may not come
  // again. Idle connections are cheap; outlast the usual 60 s of load balancers and proxies.
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
  const port = (server.address() as { port: number }).port;

  let sweeping: Promise<unknown> | null = null;
  const sweeper = setInterval(() => {
    if (sweeping) return;
    sweeping = sweepInbound(
      { db, gateway, log },
      { unsignalledAfterMs: config.SWEEP_UNSIGNALLED_AFTER_MS, signalledAfterMs: 120_000, heldHere: wakes.holds },
    )
      .then((resignalled) => metrics.inboundResignals.inc(resignalled))
      .catch((err) => log.warn({ err }, 'inbound sweep failed'))
      .finally(() => {
        sweeping = null;
      });
  }, config.SWEEP_INTERVAL_MS);

  // PRS-5: this process's Workspace connections stay alive; agents whose last one is gone go Offline after the grace.
  const heartbeat = setInterval(() => void connections.heartbeat().catch((err) => log.warn({ err }, 'connection heartbeat failed')), HEARTBEAT_MS);
  let presenceSweeping: Promise<unknown> | null = null;
  const presenceSweep = setInterval(() => {
    presenceSweeping ??= sweepPresence({ db, gateway, log })
      .catch((err) => log.warn({ err }, 'presence sweep failed'))
      .finally(() => {
        presenceSweeping = null;
      });
  }, config.SWEEP_INTERVAL_MS);

  log.info({ port, publicBaseUrl }, 'api listening');
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    deps,
    async shutdown() {
      clearInterval(sweeper);
      clearInterval(heartbeat);
      clearInterval(presenceSweep);
      await hub.close();
      await presenceSweeping;
      await connections.closeAll().catch(() => undefined);
      // Requests in flight (a webhook not yet acknowledged) finish; idle keep-alive connections close now.
      // A connection whose request ends after this goes idle, but stays open until closed again.
      await new Promise<void>((resolve) => {
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
        server.close(() => {
          clearInterval(idle);
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
      await sweeping;
      await dispatcher.idle().catch(() => undefined);
      await withTimeout(Promise.all([wakes.drain(), gateway.drain(), ...readinessChecks]), 10_000);
      await connection.close().catch(() => undefined);
      await db.destroy();
    },
  };
}

function withTimeout(p: Promise<unknown>, ms: number): Promise<unknown> {
  return Promise.race([p, new Promise((resolve) => setTimeout(resolve, ms).unref())]);
}
