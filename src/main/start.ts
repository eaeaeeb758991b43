// One machine, one command: embedded PostgreSQL, the Temporal dev server with its UI, the SMS simulator, demo
// data, then the api and worker as child processes (the production shape, supervised).
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { DEMO_USERS, seedDemo } from '../demo/seed';
import { createDb, migrate } from '../db/knex';
import { ALL_SEARCH_ATTRIBUTES } from '../domain/search-attributes';
import { createLogger } from '../logger';
import { resolveProvider } from '../providers/provider-mode';
import {
  ensureTemporalCli, freePort, installShutdown, spawnChild, startEmbeddedPostgres, startTemporalDevServer, ensureSearchAttributes,
} from '../runtime';
import { startSimulator } from '../simulator';
import { configOrExit } from './boot';

async function main() {
  const config = configOrExit();
  const log = createLogger('start', config.LOG_LEVEL);
  fs.mkdirSync(config.dataDir, { recursive: true });
  const shutdown = installShutdown([], { log });

  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    const pg = await startEmbeddedPostgres({ dataDir: config.dataDir, log });
    shutdown.add({ name: 'postgres', stop: () => pg.stop() });
    databaseUrl = pg.url;
  }

  let temporalAddress = config.TEMPORAL_ADDRESS;
  let temporalUi: string | undefined;
  if (!temporalAddress) {
    const cliPath = await ensureTemporalCli({ log, cliPath: config.TEMPORAL_CLI });
    const temporal = await startTemporalDevServer({
      cliPath, dataDir: config.dataDir, uiPort: await freePort(config.TEMPORAL_UI_PORT), namespace: config.TEMPORAL_NAMESPACE, log,
      searchAttributes: ALL_SEARCH_ATTRIBUTES,
    });
    shutdown.add({ name: 'temporal', stop: () => temporal.stop() });
    temporalAddress = temporal.address;
    temporalUi = temporal.uiUrl;
  } else {
    const connection = await Connection.connect({ address: temporalAddress });
    await ensureSearchAttributes({ connection, namespace: config.TEMPORAL_NAMESPACE, searchAttributes: ALL_SEARCH_ATTRIBUTES, log });
    await connection.close();
  }

  const db = createDb(databaseUrl, { max: 2 });
  await migrate(db);
  let demo: { password: string; generated: boolean } | null = null;
  if (config.DEMO) demo = await seedDemo(db, { password: config.DEMO_PASSWORD, companyNumber: config.DEMO_COMPANY_NUMBER, vaNumber: config.DEMO_VA_NUMBER });
  await db.destroy();
  const passwordFile = path.join(config.dataDir, 'demo-password');
  if (demo?.generated) fs.writeFileSync(passwordFile, demo.password, { mode: 0o600 });
  const demoPassword = config.DEMO_PASSWORD ?? (fs.existsSync(passwordFile) ? fs.readFileSync(passwordFile, 'utf8').trim() : null);

  const port = await freePort(config.PORT, '0.0.0.0');
  const publicBaseUrl = config.PUBLIC_BASE_URL ?? `http://localhost:${port}`;
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress, PORT: String(port), PUBLIC_BASE_URL: publicBaseUrl,
  };

  const provider = resolveProvider(config);
  let phonesUrl: string | undefined;
  if (provider.simulated && !config.TWILIO_API_BASE_URL) {
    const sim = await startSimulator({
      port: await freePort(config.SIMULATOR_PORT), accountSid: provider.accountSid, authToken: provider.authToken,
      webhookBaseUrl: publicBaseUrl, logger: log.child({ component: 'simulator' }),
      companyNumbers: [
        { number: config.DEMO_COMPANY_NUMBER, label: 'live agents' },
        { number: config.DEMO_VA_NUMBER, label: 'virtual agent first' },
      ],
    });
    shutdown.add({ name: 'simulator', stop: () => sim.close() });
    childEnv.TWILIO_API_BASE_URL = sim.url;
    childEnv.TWILIO_AUTH_TOKEN = provider.authToken;
    phonesUrl = `${sim.url}/`;
  }

  const entry = (name: string) => {
    const file = path.join(__dirname, `${name}${path.extname(__filename)}`);
    return path.extname(__filename) === '.ts' ? ['--import', 'tsx', file] : [file];
  };
  const children = await Promise.all(
    ['worker', 'api'].map((name) =>
      spawnChild(name, process.execPath, entry(name), {
        log, env: childEnv,
        // The api and worker log structured JSON of their own (process name included): pass it through as is.
        output: (line) => process.stdout.write(`${line}\n`),
        onExit: (exit) => {
          if (exit.code !== 0 || exit.signal) void shutdown.run(`${name} exited unexpectedly`);
        },
      }),
    ),
  );
  shutdown.add(children.map((c) => ({ name: c.name, stop: () => c.stop() })).reverse());
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);

  const lines = [
    '',
    'Parley is running. Ctrl-C stops everything.',
    `  Workspace       ${publicBaseUrl}/`,
    phonesUrl ? `  Virtual phones  ${phonesUrl}  (text ${config.DEMO_COMPANY_NUMBER} for live agents, ${config.DEMO_VA_NUMBER} for the virtual agent)` : `  Provider        Twilio account ${provider.accountSid}`,
    temporalUi ? `  Temporal UI     ${temporalUi}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows` : `  Temporal        ${temporalAddress}`,
    `  API reference   ${publicBaseUrl}/api/openapi.json`,
  ];
  if (config.DEMO) {
    lines.push(`  Demo sign-ins   ${DEMO_USERS.map((u) => u.email).join(', ')}`);
    lines.push(`  Demo password   ${demoPassword ?? '(set when this database was first seeded; not stored here)'}`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
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

main().catch((err) => {
  process.stderr.write(`start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
