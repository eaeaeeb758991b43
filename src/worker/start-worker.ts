import fs from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import express from 'express';
import type { Logger } from 'pino';
import { createActivities } from '../activities';
import type { Config } from '../config';
import { createDb } from '../db/knex';
import { requesterDirectoryOf, type ParleyExtensions } from '../extensions';
import { createMetrics } from '../metrics/metrics';
import { metricsHandler } from '../metrics/metrics-endpoint';
import { resolveProvider } from '../providers/provider-mode';
import { createTwilioClient } from '../providers/twilio/http-client';
import { createTwilioProvider } from '../providers/twilio/provider';
import { createPostCommit } from '../realtime/post-commit';
import { createStatusReconciler } from '../sms/status-reconciler';
import { createDispatcher } from '../routing/dispatcher';
import { createInteractionGateway } from '../temporal/interaction-gateway';
import { gatewayLimits, interactionSettings, interactionStartOptions } from '../temporal/settings';
import { createConsistencySweep } from './consistency-sweep';
import { every } from './periodic';
import { sdkMetricsUrl } from './runtime-logger';
import { WORKER_TUNING } from './tuning';

/** A prebuilt bundle skips webpack at start-up (seconds per worker); sources are the fallback in development. */
function workflowSource(config: Config): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  const prebuilt = config.WORKFLOW_BUNDLE_PATH ?? path.resolve(__dirname, '../../workflow-bundle.js');
  if (fs.existsSync(prebuilt)) return { workflowBundle: { codePath: prebuilt } };
  return { workflowsPath: require.resolve('../workflows') };
}

export interface RunningWorker {
  run: Promise<void>;
  /** Where WORKER_METRICS_PORT serves the worker's metrics, when it is set. */
  metricsUrl?: string;
  shutdown(): Promise<void>;
}

export async function startWorker(config: Config, log: Logger, address: string, extensions: ParleyExtensions = {}): Promise<RunningWorker> {
  const db = createDb(config.DATABASE_URL!, { max: 10 });
  const provider = resolveProvider(config);
  const sms = createTwilioProvider(createTwilioClient({ accountSid: provider.accountSid, authToken: provider.authToken, apiBaseUrl: provider.apiBaseUrl }));
  const clientConnection = await Connection.connect({ address });
  const client = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE });
  const gateway = createInteractionGateway(client, config.TEMPORAL_TASK_QUEUE, interactionSettings(config), interactionStartOptions(config), gatewayLimits(config));
  // Issue 26: change notices and dispatcher wake-ups go out from one place, after the commit.
  const postCommit = createPostCommit({ db, dispatcher: () => dispatcher, log });
  const metrics = createMetrics();
  const dispatcher = createDispatcher({ db, notifier: gateway, offerTimeoutMs: config.OFFER_TIMEOUT_SECONDS * 1000, log, metrics });
  const publicBaseUrl = (config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');

  const activities = createActivities({
    db, provider: sms, events: postCommit, postCommit, log, metrics,
    requesterDirectory: requesterDirectoryOf(config, { db, log, metrics }, extensions),
    statusCallbackUrl: `${publicBaseUrl}/webhooks/twilio/status`,
  });
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    activities,
    ...WORKER_TUNING,
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    ...workflowSource(config),
  });

  // The dispatcher's safety net: overdue offers and queued items when no event kicked it.
  const sweep = setInterval(() => {
    dispatcher.sweep().catch((err) => log.warn({ err }, 'dispatch sweep failed'));
  }, config.SWEEP_INTERVAL_MS);

  const consistency = createConsistencySweep({
    db, client, gateway, dispatcher, log, metrics, graceMs: config.CONSISTENCY_GRACE_MS,
  });
  // Issue 22: every open interaction owned by a running workflow, every queued item an agent has room for offered.
  const consistencySweep = every(config.CONSISTENCY_SWEEP_INTERVAL_MS, () => consistency.sweep(), (err) => log.warn({ err }, 'consistency sweep failed'));

  const reconciler = createStatusReconciler(
    { db, provider: sms, events: postCommit, log, metrics },
    { scheduleMs: config.STATUS_CHECK_SCHEDULE_SECONDS.map((s) => s * 1000), batch: config.STATUS_CHECK_BATCH },
  );
  const statusSweep = every(config.SWEEP_INTERVAL_MS, () => reconciler.sweep(), (err) => log.warn({ err }, 'status reconciliation sweep failed'));

  const metricsServer = config.WORKER_METRICS_PORT === undefined ? null : await serveMetrics(config.WORKER_METRICS_PORT, metrics.registry, config.METRICS_TOKEN);

  const run = worker.run().finally(async () => {
    if (metricsServer) {
      const closed = new Promise((resolve) => metricsServer.close(resolve));
      metricsServer.closeAllConnections(); // a scraper's keep-alive connection would hold close() open
      await closed;
    }
    clearInterval(sweep);
    await statusSweep.stop();
    await consistencySweep.stop();
    await dispatcher.idle().catch(() => undefined);
    await Promise.race([gateway.drain(), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    await connection.close().catch(() => undefined);
    await clientConnection.close().catch(() => undefined);
    await db.destroy().catch(() => undefined);
  });
  log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, namespace: config.TEMPORAL_NAMESPACE, address }, 'worker running');
  return {
    run,
    ...(metricsServer ? { metricsUrl: `http://127.0.0.1:${(metricsServer.address() as { port: number }).port}/metrics` } : {}),
    async shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await run;
    },
  };
}

/** GET /metrics: this worker's parley_ metrics, then the Temporal SDK's (temporal_…) that this process exports. */
async function serveMetrics(port: number, registry: ReturnType<typeof createMetrics>['registry'], token: string | undefined): Promise<Server> {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', metricsHandler(registry, token, async () => {
    const url = sdkMetricsUrl();
    if (!url) return '';
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      return await res.text();
    } catch {
      return '# the Temporal SDK metrics could not be read\n';
    }
  }));
  return new Promise((resolve, reject) => {
    const server = app.listen(port, '0.0.0.0', () => resolve(server));
    server.once('error', reject);
  });
}
