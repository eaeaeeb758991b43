import { DefaultLogger, Runtime, type LogLevel, type Logger as SdkLogger } from '@temporalio/worker';
import type { Logger } from 'pino';

const TO_PINO: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error',
};

let sdkMetrics: string | undefined;

/**
 * Installs the process's Temporal runtime. Runtime.install can run once per process (the SDK's core is a
 * singleton, and tests run several workers in one process), so this is where the SDK's Prometheus exporter is
 * bound, on an internal address; each worker's own metrics endpoint (WORKER_METRICS_PORT) serves what it exports.
 */
export function installRuntime(logger: SdkLogger, sdkMetricsPort?: number): void {
  const bindAddress = sdkMetricsPort === undefined ? undefined : `127.0.0.1:${sdkMetricsPort}`;
  Runtime.install({ logger, ...(bindAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress } } } } : {}) });
  sdkMetrics = bindAddress && `http://${bindAddress}/metrics`;
}

/** Where the Temporal SDK's metrics of this process are exported, if installRuntime was given a port. */
export function sdkMetricsUrl(): string | undefined {
  return sdkMetrics;
}

/**
 * Sends the SDK's own logs — including workflow (wf.log) and activity logs, which carry workflowId, runId and
 * activity ids — through our pino logger, so every line is structured JSON.
 */
export function installRuntimeLogger(log: Logger, level: LogLevel = 'INFO', sdkMetricsPort?: number): void {
  installRuntime(
    new DefaultLogger(level, (entry) => {
      log[TO_PINO[entry.level]]({ ...(entry.meta ?? {}), sdk: true }, entry.message);
    }),
    sdkMetricsPort,
  );
}
