// One embedded PostgreSQL and one Temporal dev server per test run. Mocha's global setup (global-hooks.ts, in the
// main process, before any worker and any timeout) starts them, bundles the workflows, migrates a template database
// and hands all of it to the parallel workers through PARLEY_TEST_* environment variables; each Parley instance
// gets its own database (a copy of the template) and task queue so tests never see each other. A process started
// without them (a script importing this file) starts its own on first use.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DefaultLogger } from '@temporalio/worker';
import pino from 'pino';
import { createDb, migrate } from '../../src/db/knex';
import { ALL_SEARCH_ATTRIBUTES } from '../../src/domain/search-attributes';
import { bundleWorkflows } from '../../src/main/bundle-workflows';
import { installRuntime } from '../../src/worker/runtime-logger';
import { ensureTemporalCli, freePort, startEmbeddedPostgres, startTemporalDevServer, type EmbeddedPostgres, type TemporalDevServer } from '../../src/runtime';

export interface SharedServers {
  root: string;
  pg: { url: string };
  temporal: { address: string };
  cliPath: string;
  bundlePath: string;
  /** A database with every migration run: `create database … template <templateDb>` (createTestDatabase). */
  templateDb: string;
}

export const testLog = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const progress = (line: string) => process.stderr.write(`  [servers] ${line}\n`);

/** How the run's servers reach the worker processes (set by startRunServers, read by sharedServers). */
const ENV = {
  root: 'PARLEY_TEST_ROOT',
  pgUrl: 'PARLEY_TEST_PG_URL',
  temporalAddress: 'PARLEY_TEST_TEMPORAL_ADDRESS',
  cliPath: 'PARLEY_TEST_TEMPORAL_CLI',
  bundlePath: 'PARLEY_TEST_WORKFLOW_BUNDLE',
  templateDb: 'PARLEY_TEST_TEMPLATE_DB',
} as const;
const TEMPLATE_DB = 'parley_template';

interface Started {
  servers: SharedServers;
  stop(): Promise<void>;
}
let started: Promise<Started> | null = null;

/**
 * Starts the run's servers in this process (the global setup's, or a lone process's) and publishes them in
 * process.env, which the parallel workers inherit. `extra` runs alongside (the Workspace build).
 */
export function startRunServers(extra: Promise<unknown> = Promise.resolve()): Promise<SharedServers> {
  started ??= (async (): Promise<Started> => {
    const t0 = Date.now();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-test-'));
    fs.chmodSync(root, 0o755); // embedded PostgreSQL runs as the postgres user when we are root
    const cliPath = await ensureTemporalCli({ log: progress, cliPath: process.env.TEMPORAL_CLI });
    const bundlePath = path.join(root, 'workflow-bundle.js');
    const startPg = async (): Promise<EmbeddedPostgres> => {
      // Any free port, not the start command's preferred 54329: two test runs (or a run and `npm start`) starting at
      // once both saw 54329 free, and one PostgreSQL could not bind.
      // The run's throwaway cluster: room for every job's Parley instances and pools at once (the default 100 ran
      // out at six jobs), and no flush to disk per commit — nothing here outlives the run, and suites that kill
      // PostgreSQL to prove durability start their own.
      const pg = await startEmbeddedPostgres({
        dataDir: path.join(root, 'pg'), port: await freePort(0), log: () => undefined,
        settings: { max_connections: 400, fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
      });
      const admin = createDb(pg.url, { max: 1 });
      await admin.raw(`create database ${TEMPLATE_DB}`);
      await admin.destroy();
      const template = createDb(databaseUrl(pg.url, TEMPLATE_DB), { max: 1 });
      await migrate(template);
      await template.destroy(); // a template must have no connections when it is copied
      return pg;
    };
    const [pg, temporal] = await Promise.all([
      startPg(),
      startTemporalDevServer({ cliPath, dataDir: path.join(root, 'temporal'), headless: true, log: () => undefined, searchAttributes: ALL_SEARCH_ATTRIBUTES }) as Promise<TemporalDevServer>,
      bundleWorkflows(bundlePath),
      extra,
    ]);
    const servers: SharedServers = { root, pg: { url: pg.url }, temporal: { address: temporal.address }, cliPath, bundlePath, templateDb: TEMPLATE_DB };
    Object.assign(process.env, {
      [ENV.root]: root, [ENV.pgUrl]: pg.url, [ENV.temporalAddress]: temporal.address, [ENV.cliPath]: cliPath, [ENV.bundlePath]: bundlePath, [ENV.templateDb]: TEMPLATE_DB,
    });
    process.env.PARLEY_TEST_SETUP_MS = String(Date.now() - t0); // for the timings table
    progress(`PostgreSQL, Temporal, the workflow bundle, the migrated template and the Workspace ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return {
      servers,
      async stop() {
        await Promise.allSettled([pg.stop(), temporal.stop()]);
        fs.rmSync(root, { recursive: true, force: true });
      },
    };
  })();
  return started.then((s) => s.servers);
}

function fromEnv(): SharedServers | null {
  const e = process.env;
  if (!e[ENV.pgUrl] || !e[ENV.temporalAddress] || !e[ENV.root] || !e[ENV.cliPath] || !e[ENV.bundlePath] || !e[ENV.templateDb]) return null;
  return { root: e[ENV.root]!, pg: { url: e[ENV.pgUrl]! }, temporal: { address: e[ENV.temporalAddress]! }, cliPath: e[ENV.cliPath]!, bundlePath: e[ENV.bundlePath]!, templateDb: e[ENV.templateDb]! };
}

/** Whether a parent process (mocha's main process, or a run that started this one) has handed its servers down. */
export function serversHandedDown(): boolean {
  return fromEnv() !== null;
}

let runtimeInstalled = false;

/** The run's servers: handed down by the global setup, else started in this process on first use. */
export async function sharedServers(): Promise<SharedServers> {
  if (!runtimeInstalled) {
    // Once per process: every in-process worker of the process shares the SDK's metrics exporter.
    installRuntime(new DefaultLogger('ERROR'), await freePort(0));
    runtimeInstalled = true;
  }
  return fromEnv() ?? startRunServers();
}

/** Stops the servers this process started (none in a parallel worker). */
export async function stopSharedServers(): Promise<void> {
  if (!started) return;
  const s = await started.catch(() => null);
  started = null;
  await s?.stop();
}

export function databaseUrl(serverUrl: string, name: string): string {
  return serverUrl.replace(/\/[^/]*$/, `/${name}`);
}

/** A new database, a copy of the migrated template (milliseconds, where running the migrations took seconds). */
export async function createTestDatabase(name: string): Promise<string> {
  const servers = await sharedServers();
  const admin = createDb(servers.pg.url, { max: 1 });
  try {
    await admin.raw(`create database ${name} template ${servers.templateDb}`);
  } finally {
    await admin.destroy();
  }
  return databaseUrl(servers.pg.url, name);
}

/**
 * A Temporal dev server of a suite's own (not the shared one), so the suite can stop and restart it: `start()` again
 * reuses its port and SQLite file, as a restarted production server would.
 */
export function ownTemporalServer(name: string) {
  let server: TemporalDevServer | null = null;
  let port = 0;
  return {
    get address(): string {
      return server!.address;
    },
    async start(): Promise<void> {
      const servers = await sharedServers();
      port ||= await freePort(0);
      server = await startTemporalDevServer({
        cliPath: servers.cliPath, dataDir: path.join(servers.root, `${name}-${process.pid}`), port, headless: true, log: () => undefined, searchAttributes: ALL_SEARCH_ATTRIBUTES,
      });
    },
    async stop(): Promise<void> {
      await server?.stop();
      server = null;
    },
  };
}
