import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadConfig } from '../config';
import { newSid } from '../simulator/sid';
import { startSimulator } from '../simulator';

// Standalone Twilio-compatible SMS simulator.
//   tsx src/main/simulator.ts --port 3100 --account-sid AC… --auth-token … --webhook-base-url http://127.0.0.1:3000
// Flags win over the environment (SIMULATOR_PORT, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, PUBLIC_BASE_URL, PORT).
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'account-sid': { type: 'string' },
      'auth-token': { type: 'string' },
      'webhook-base-url': { type: 'string' },
      'status-delay-ms': { type: 'string' },
    },
    strict: true,
  });
  const config = loadConfig();
  const logger = pino({ level: config.LOG_LEVEL, name: 'simulator' });

  const port = values.port !== undefined ? Number(values.port) : config.SIMULATOR_PORT;
  const statusDelayMs = values['status-delay-ms'] !== undefined ? Number(values['status-delay-ms']) : 1000;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0–65535, got ${values.port}`);
  if (!Number.isInteger(statusDelayMs) || statusDelayMs < 0) throw new Error('--status-delay-ms must be a whole number ≥ 0');
  const accountSid = values['account-sid'] ?? config.TWILIO_ACCOUNT_SID ?? newSid('AC');
  if (!/^AC[0-9a-fA-F]{32}$/.test(accountSid)) throw new Error('--account-sid must look like AC followed by 32 hex digits');
  const authToken = values['auth-token'] ?? config.TWILIO_AUTH_TOKEN ?? randomBytes(16).toString('hex');
  const webhookBaseUrl = values['webhook-base-url'] ?? config.PUBLIC_BASE_URL ?? `http://127.0.0.1:${config.PORT}`;
  new URL(webhookBaseUrl);

  const running = await startSimulator({
    port,
    host: values.host,
    accountSid,
    authToken,
    webhookBaseUrl,
    statusDelayMs,
    logger,
  });
  logger.info(
    { url: running.url, accountSid, authToken, webhookBaseUrl },
    'Twilio-compatible simulator listening; point the twilio client at url (TWILIO_API_BASE_URL)',
  );

  const stop = (signal: string) => {
    logger.info({ signal }, 'stopping simulator');
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
