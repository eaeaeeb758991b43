import { ensureTemporalCli } from '../../src/runtime';
import { ensureWebBuild } from './browser';
import { serversHandedDown, startRunServers, stopSharedServers } from './servers';

/**
 * Runs once per `mocha` run, in the main process, before the parallel workers start and before any timeout runs:
 * builds the Temporal CLI (or waits for another process building it; a cold build takes minutes and prints its own
 * progress), then starts the run's one PostgreSQL and one Temporal dev server, migrates the template database,
 * bundles the workflows and builds the Workspace, all once; the workers find them through the environment
 * (servers.ts). A mocha run started by a test (fresh-machine.test.ts) uses the servers of the run that started it.
 */
export async function mochaGlobalSetup(): Promise<void> {
  await ensureTemporalCli({ log: (line) => process.stderr.write(`  [servers] ${line}\n`), cliPath: process.env.TEMPORAL_CLI });
  if (serversHandedDown()) return;
  await startRunServers(ensureWebBuild());
}

export async function mochaGlobalTeardown(): Promise<void> {
  await stopSharedServers();
}
