import { createLogger } from '../logger';
import { freePort } from '../runtime/free-port';
import { installRuntimeLogger } from '../worker/runtime-logger';
import { startWorker } from '../worker/start-worker';
import { configOrExit, requireEnv } from './boot';

async function main() {
  const config = configOrExit();
  requireEnv(config, ['DATABASE_URL', 'TEMPORAL_ADDRESS']);
  const log = createLogger('worker', config.LOG_LEVEL);
  // The SDK exports its metrics on an internal port; the worker serves them with its own on WORKER_METRICS_PORT.
  const sdkMetricsPort = config.WORKER_METRICS_PORT === undefined ? undefined : await freePort(0);
  installRuntimeLogger(log, config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace' ? 'DEBUG' : 'INFO', sdkMetricsPort);
  // The Temporal runtime shuts the worker down on SIGINT/SIGTERM; run resolves once in-flight tasks are done.
  const worker = await startWorker(config, log, config.TEMPORAL_ADDRESS!);
  await worker.run;
  log.info('worker stopped');
}

main().catch((err) => {
  process.stderr.write(`worker failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
