import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';

// The one place that reads process.env. A bad value stops the process with a sentence naming the variable.
const bool = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +15005550006');

// Express's names for address ranges, or an address with an optional prefix length (10.0.0.0/8, ::1).
const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const isProxyEntry = (entry: string) => {
  if (PROXY_NAMES.includes(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const family = net.isIP(address);
  if (!family || rest.length) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
};
const trustProxy = z
  .string()
  .transform((s) => s.split(',').map((e) => e.trim()).filter(Boolean))
  .refine((entries) => entries.every(isProxyEntry), 'must be a comma-separated list of proxy addresses or subnets (10.0.0.1, 10.0.0.0/8) or loopback, linklocal, uniquelocal');

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().url().optional(),
  TEMPORAL_ADDRESS: z.string().min(3).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('parley-interactions'),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(0).max(65535).default(8233),
  /**
   * Where people open the Temporal Web UI (http://127.0.0.1:8233): the Manager page links each conversation to its
   * workflow there. `npm start` and `npm run cluster` set it to the UI they start; unset: no link.
   */
  TEMPORAL_UI_URL: z.string().url().refine((u) => /^https?:/.test(u), 'must be an http or https URL').optional(),
  TEMPORAL_CLI: z.string().optional(),
  PUBLIC_BASE_URL: z.string().url().optional(),
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex digits').optional(),
  TWILIO_AUTH_TOKEN: z.string().min(8).optional(),
  TWILIO_API_BASE_URL: z.string().url().optional(),
  SIMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
  DEMO: bool.default(true),
  DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  DEMO_COMPANY_NUMBER: e164.default('+15005550006'),
  /** The demo's second company number, whose new conversations start with the virtual agent. */
  DEMO_VA_NUMBER: e164.default('+14155550100'),
  DEFAULT_REGION: z.string().length(2).default('US'),
  DATA_DIR: z.string().default('.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OFFER_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
  /** VA-15: a conversation only the virtual agent handled closes after this long without a requester text. */
  VA_IDLE_CLOSE_SECONDS: z.coerce.number().int().min(1).max(30 * 86_400).default(7200),
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  /**
   * Issue 22: how often the worker checks that every open interaction has a running workflow and every queued item an
   * offer or a "why nobody", and how long a row must have been unchanged before it counts (visibility and a pass lag).
   */
  CONSISTENCY_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  CONSISTENCY_GRACE_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /** How long a stored text may wait for its first signal before the sweeper sends one (api crash, Temporal down). */
  SWEEP_UNSIGNALLED_AFTER_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /**
   * How long the api holds a conversation's next signal for the workflow to claim the texts of the previous one
   * (src/ingest/wake-coalescer.ts); 0 sends as soon as the previous signal returns.
   */
  WAKE_CLAIM_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /** Proxies whose X-Forwarded-For names the client (the sign-in throttle counts per client address); default none. */
  TRUST_PROXY: trustProxy.default([]),
  /** Failed sign-ins per account, and per client address, within SIGN_IN_WINDOW_MINUTES before 429. */
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
  SIGN_IN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(10_000).default(50),
  SIGN_IN_WINDOW_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  /**
   * When to ask the provider for an outbound message's status if no final callback came: seconds after its last
   * update, then after each fetch; then it is left alone.
   */
  STATUS_CHECK_SCHEDULE_SECONDS: z
    .string()
    .transform((s) => s.split(',').map((v) => Number(v.trim())))
    .refine((a) => a.length >= 1 && a.length <= 20 && a.every((n) => Number.isFinite(n) && n > 0 && n <= 30 * 86_400), 'must be a comma-separated list of 1 to 20 positive numbers of seconds')
    .default([120, 600, 3600, 21_600, 86_400]),
  /** Outbound messages whose status one sweep fetches at most. */
  STATUS_CHECK_BATCH: z.coerce.number().int().min(1).max(10_000).default(100),
  /** When set, GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`; else it is open. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Where the worker serves its metrics (Temporal SDK's and its own) for Prometheus; unset: not served. */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /**
   * PROF-11: a customer directory asked who a new requester number is (`GET {url}?phone=<E.164>`, README
   * "Requester directory"); unset: the built-in rule (the users' mobile phones). Any answer it cannot give in
   * PROFILE_DIRECTORY_TIMEOUT_MS falls back to the built-in rule; the take-in waits for it, so it stays short.
   */
  PROFILE_DIRECTORY_URL: z.string().url().refine((u) => /^https?:/.test(u), 'must be an http or https URL').optional(),
  PROFILE_DIRECTORY_TIMEOUT_MS: z.coerce.number().int().min(50).max(5000).default(1500),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(12),
  /** How long an agent's command (hold, end, transfer, a message…) waits for its conversation's workflow before 503. */
  COMMAND_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  WORKFLOW_BUNDLE_PATH: z.string().optional(),
  /**
   * Workflows a worker keeps in memory between tasks (the SDK's sticky cache; 0 = none, every task replays the
   * history). The SDK's default follows the heap limit (about 2,300 on a 24 GiB machine); each cached interaction
   * workflow measured ~250-330 KB of worker RSS (npm run bench, scale), so that default let a worker grow to 670-940 MB.
   * 1,000 bounds it near 450 MB and still holds every conversation active in the last minutes at this stack's
   * capacity; evicted ones replay on their next text. docs/decisions.md "Worker memory".
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).refine((n) => n !== 1, 'must be 0 (no cache) or at least 2').default(1000),
  /** Test-only: check every api response against its documented schema; a mismatch answers 500 (route-registry.ts). */
  API_CHECK_RESPONSES: bool.default(false),
  /**
   * Test-only: the workflow task timeout of new interaction runs (unset: the server's default, 10 s). A workflow task
   * waiting on a slow local activity heartbeats at 80% of it, which is when updates get in; tests of those races set
   * 2 s so they wait seconds, not the default's 8 s and more.
   */
  WORKFLOW_TASK_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(120).optional(),
  /** Test-only: continue-as-new after this many history events instead of waiting for the server's suggestion. */
  CONTINUE_AS_NEW_AFTER_EVENTS: z.coerce.number().int().min(20).optional(),
});

export type Env = z.infer<typeof schema>;

export interface Config extends Env {
  dataDir: string;
  /** Express's `trust proxy` setting: the configured proxies, or false. */
  trustProxy: string[] | false;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'} ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`);
  }
  const c = parsed.data;
  if (Boolean(c.TWILIO_ACCOUNT_SID) && !c.TWILIO_AUTH_TOKEN) {
    throw new ConfigError('Invalid configuration: TWILIO_AUTH_TOKEN must be set when TWILIO_ACCOUNT_SID is set');
  }
  return { ...c, dataDir: path.resolve(c.DATA_DIR), trustProxy: c.TRUST_PROXY.length ? c.TRUST_PROXY : false };
}
