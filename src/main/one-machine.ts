// What the two one-machine supervisors share: `npm start` (dev server, one api and worker) and `npm run cluster`
// (the production shape): the schema and demo data, the simulator as provider, child entry points, the banner.
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { createDb, migrate } from '../db/knex';
import { DEMO_USERS, seedDemo } from '../demo/seed';
import { resolveProvider } from '../providers/provider-mode';
import { freePort } from '../runtime';
import { startSimulator, type RunningSimulator } from '../simulator';

/** Migrates, seeds the demo (DEMO) and returns the demo password if known. */
export async function prepareDatabase(config: Config, databaseUrl: string): Promise<string | null> {
  const db = createDb(databaseUrl, { max: 2 });
  let demo: { password: string; generated: boolean } | null = null;
  try {
    await migrate(db);
    if (config.DEMO) demo = await seedDemo(db, { password: config.DEMO_PASSWORD, companyNumber: config.DEMO_COMPANY_NUMBER, vaNumber: config.DEMO_VA_NUMBER });
  } finally {
    await db.destroy();
  }
  const passwordFile = path.join(config.dataDir, 'demo-password');
  if (demo?.generated) fs.writeFileSync(passwordFile, demo.password, { mode: 0o600 });
  return config.DEMO_PASSWORD ?? (fs.existsSync(passwordFile) ? fs.readFileSync(passwordFile, 'utf8').trim() : null);
}

export interface ProviderSetup {
  /** Env the api and worker children need for the provider (simulator mode). */
  env: NodeJS.ProcessEnv;
  sim?: RunningSimulator;
  accountSid: string;
}

/** Twilio when TWILIO_ACCOUNT_SID is set; else the simulator, posting its webhooks to publicBaseUrl (or the deliverTo apis). */
export async function startProvider(config: Config, log: Logger, publicBaseUrl: string, opts: { deliverTo?: string[]; statusDelayMs?: number } = {}): Promise<ProviderSetup> {
  const provider = resolveProvider(config);
  if (!provider.simulated || config.TWILIO_API_BASE_URL) return { env: {}, accountSid: provider.accountSid };
  const sim = await startSimulator({
    port: await freePort(config.SIMULATOR_PORT), accountSid: provider.accountSid, authToken: provider.authToken,
    webhookBaseUrl: publicBaseUrl, logger: log.child({ component: 'simulator' }), deliverTo: opts.deliverTo, statusDelayMs: opts.statusDelayMs,
    companyNumbers: [
      { number: config.DEMO_COMPANY_NUMBER, label: 'live agents' },
      { number: config.DEMO_VA_NUMBER, label: 'virtual agent first' },
    ],
  });
  return { env: { TWILIO_API_BASE_URL: sim.url, TWILIO_AUTH_TOKEN: provider.authToken }, sim, accountSid: provider.accountSid };
}

/** Node arguments that run the api or worker entry point: the built JavaScript, or the TypeScript through tsx. */
export function entryArgs(name: 'api' | 'worker'): string[] {
  const file = path.join(__dirname, `${name}${path.extname(__filename)}`);
  return path.extname(__filename) === '.ts' ? ['--import', 'tsx', file] : [file];
}

export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
}

export interface BannerInput {
  config: Config;
  publicBaseUrl: string;
  /** Extra `label → value` rows after the Workspace (other api processes, workers, Temporal services). */
  rows?: [string, string][];
  phonesUrl?: string;
  accountSid: string;
  temporalUi?: string;
  temporalAddress: string;
  demoPassword: string | null;
}

export function banner(b: BannerInput): string {
  const row = (label: string, value: string) => `  ${label.padEnd(15)} ${value}`;
  const { config } = b;
  const lines = [
    '',
    'Parley is running. Ctrl-C stops everything.',
    row('Workspace', `${b.publicBaseUrl}/`),
    ...(b.rows ?? []).map(([label, value]) => row(label, value)),
    b.phonesUrl
      ? row('Virtual phones', `${b.phonesUrl}  (text ${config.DEMO_COMPANY_NUMBER} for live agents, ${config.DEMO_VA_NUMBER} for the virtual agent)`)
      : row('Provider', `Twilio account ${b.accountSid}`),
    b.temporalUi ? row('Temporal UI', `${b.temporalUi}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows`) : row('Temporal', b.temporalAddress),
    row('API reference', `${b.publicBaseUrl}/api/openapi.json`),
  ];
  if (config.DEMO) {
    lines.push(row('Demo sign-ins', DEMO_USERS.map((u) => u.email).join(', ')));
    lines.push(row('Demo password', b.demoPassword ?? '(set when this database was first seeded; not stored here)'));
  }
  return `${lines.join('\n')}\n\n`;
}
