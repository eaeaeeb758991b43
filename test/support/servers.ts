// One embedded PostgreSQL and one Temporal dev server per test run, started on first use and shared by every
// test file; each Parley instance gets its own database and task queue so tests never see each other.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DefaultLogger } from '@temporalio/worker';
import pino from 'pino';
import { ALL_SEARCH_ATTRIBUTES } from '../../src/domain/search-attributes';
import { bundleWorkflows } from '../../src/main/bundle-workflows';
import { installRuntime } from '../../src/worker/runtime-logger';
import { ensureTemporalCli, freePort, startEmbeddedPostgres, startTemporalDevServer, type EmbeddedPostgres, type TemporalDevServer } from '../../src/runtime';

export interface SharedServers {
  root: string;
  pg: EmbeddedPostgres;
  temporal: TemporalDevServer;
  cliPath: string;
  bundlePath: string;
}

export const testLog = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const progress = (line: string) => process.stderr.write(`  [servers] ${line}\n`);

let shared: Promise<SharedServers> | null = null;
let runtimeInstalled = false;

export function sharedServers(): Promise<SharedServers> {
  shared ??= (async () => {
    if (!runtimeInstalled) {
      // Once per process: every in-process worker of the run shares the SDK's metrics exporter.
      installRuntime(new DefaultLogger('ERROR'), await freePort(0));
      runtimeInstalled = true;
    }
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-test-'));
    fs.chmodSync(root, 0o755); // embedded PostgreSQL runs as the postgres user when we are root
    const cliPath = await ensureTemporalCli({ log: progress, cliPath: process.env.TEMPORAL_CLI });
    const bundlePath = path.join(root, 'workflow-bundle.js');
    const [pg, temporal] = await Promise.all([
      startEmbeddedPostgres({ dataDir: path.join(root, 'pg'), log: () => undefined }),
      startTemporalDevServer({ cliPath, dataDir: path.join(root, 'temporal'), headless: true, log: () => undefined, searchAttributes: ALL_SEARCH_ATTRIBUTES }),
      bundleWorkflows(bundlePath),
    ]);
    return { root, pg, temporal, cliPath, bundlePath };
  })();
  return shared;
}

export async function stopSharedServers(): Promise<void> {
  if (!shared) return;
  const s = await shared.catch(() => null);
  shared = null;
  if (!s) return;
  await Promise.allSettled([s.pg.stop(), s.temporal.stop()]);
  fs.rmSync(s.root, { recursive: true, force: true });
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
        cliPath: servers.cliPath, dataDir: path.join(servers.root, name), port, headless: true, log: () => undefined, searchAttributes: ALL_SEARCH_ATTRIBUTES,
      });
    },
    async stop(): Promise<void> {
      await server?.stop();
      server = null;
    },
  };
}
