import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from 'pino';

const TO_PINO: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error',
};

/**
 * Sends the SDK's own logs — including workflow (wf.log) and activity logs, which carry workflowId, runId and
 * activity ids — through our pino logger, so every line is structured JSON.
 */
export function installRuntimeLogger(log: Logger, level: LogLevel = 'INFO'): void {
  Runtime.install({
    logger: new DefaultLogger(level, (entry) => {
      log[TO_PINO[entry.level]]({ ...(entry.meta ?? {}), sdk: true }, entry.message);
    }),
  });
}
