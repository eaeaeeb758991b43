import { ensureWebBuild } from './browser';
import { startRunServers, stopSharedServers } from './servers';

/**
 * Runs once per `mocha` run, in the main process, before the parallel workers start and before any timeout runs:
 * builds the Temporal CLI (or waits for another process building it; a cold build takes minutes and prints its own
 * progress), starts the run's one PostgreSQL and one Temporal dev server, migrates the template database, bundles
 * the workflows and builds the Workspace, all once; the workers find them through the environment (servers.ts).
 */
export async function mochaGlobalSetup(): Promise<void> {
  await startRunServers(ensureWebBuild());
}

export async function mochaGlobalTeardown(): Promise<void> {
  await stopSharedServers();
}
