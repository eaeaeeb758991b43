import { ensureTemporalCli } from '../../src/runtime';
import { stopSharedServers } from './servers';

/**
 * Builds the Temporal CLI (or waits for another process building it) before any suite starts: a cold build takes
 * minutes, far past a suite's before-all timeout, and used to fail the first suite that needed servers on a fresh
 * machine. Global fixtures have no timeout; the build prints its own progress lines.
 */
export async function mochaGlobalSetup(): Promise<void> {
  await ensureTemporalCli({ log: (line) => process.stderr.write(`  [servers] ${line}\n`), cliPath: process.env.TEMPORAL_CLI });
}

export async function mochaGlobalTeardown(): Promise<void> {
  await stopSharedServers();
}
