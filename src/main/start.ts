// One machine, one command: embedded PostgreSQL, the Temporal dev server with its UI, the SMS simulator, demo
// data, then the api and worker as child processes (the production shape, supervised).
import fs from 'node:fs';
import { Connection } from '@temporalio/client';
import { ALL_SEARCH_ATTRIBUTES } from '../domain/search-attributes';
import { createLogger, prettyLogLines } from '../logger';
import {
  ensureTemporalCli, freePort, installShutdown, spawnChild, startEmbeddedPostgres, startTemporalDevServer, ensureSearchAttributes, type RuntimeLog,
} from '../runtime';
import { configOrExit } from './boot';
import { banner, entryArgs, prepareDatabase, startProvider, waitForHttp } from './one-machine';
import { loggedProgress, terminalProgress } from './start-progress';

async function main() {
  const config = configOrExit();
  const terminal = process.stdout.isTTY === true;
  const log = createLogger('start', config.LOG_LEVEL, { pretty: terminal });
  const progress = terminal ? terminalProgress((text) => process.stdout.write(text)) : loggedProgress(log);
  // The runtime's own lines (a first cluster initialised, the Temporal CLI being built): under the step on a terminal.
  const runtimeLog: RuntimeLog = terminal ? progress.note : log;
  // The api and worker write JSON lines of their own (process name included).
  const childLine = terminal ? prettyLogLines() : (line: string) => line;
  fs.mkdirSync(config.dataDir, { recursive: true });
  const shutdown = installShutdown([], { log });

  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    const pg = await progress.step('Starting PostgreSQL', () => startEmbeddedPostgres({ dataDir: config.dataDir, log: runtimeLog }));
    shutdown.add({ name: 'postgres', stop: () => pg.stop() });
    databaseUrl = pg.url;
  }

  let temporalAddress = config.TEMPORAL_ADDRESS;
  let temporalUi: string | undefined;
  if (!temporalAddress) {
    const temporal = await progress.step('Starting Temporal', async () => {
      const cliPath = await ensureTemporalCli({ log: runtimeLog, cliPath: config.TEMPORAL_CLI });
      return startTemporalDevServer({
        cliPath, dataDir: config.dataDir, uiPort: await freePort(config.TEMPORAL_UI_PORT), namespace: config.TEMPORAL_NAMESPACE, log: runtimeLog,
        searchAttributes: ALL_SEARCH_ATTRIBUTES,
      });
    });
    shutdown.add({ name: 'temporal', stop: () => temporal.stop() });
    temporalAddress = temporal.address;
    temporalUi = temporal.uiUrl;
  } else {
    await progress.step('Checking Temporal', async () => {
      const connection = await Connection.connect({ address: temporalAddress });
      await ensureSearchAttributes({ connection, namespace: config.TEMPORAL_NAMESPACE, searchAttributes: ALL_SEARCH_ATTRIBUTES, log: runtimeLog });
      await connection.close();
    });
  }

  const demoPassword = await progress.step(config.DEMO ? 'Migrating the database and loading the demo' : 'Migrating the database', () => prepareDatabase(config, databaseUrl));

  const port = await freePort(config.PORT, '0.0.0.0');
  const publicBaseUrl = config.PUBLIC_BASE_URL ?? `http://localhost:${port}`;
  const provider = await progress.step('Starting the SMS provider', () => startProvider(config, log, publicBaseUrl));
  if (provider.sim) shutdown.add({ name: 'simulator', stop: () => provider.sim!.close() });
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress, PORT: String(port), PUBLIC_BASE_URL: publicBaseUrl, ...provider.env,
    ...(temporalUi && !config.TEMPORAL_UI_URL ? { TEMPORAL_UI_URL: temporalUi } : {}),
  };

  let running = false;
  await progress.step('Starting the api and the worker', async () => {
    let workerRunning = () => undefined as void;
    const workerReady = new Promise<void>((resolve) => (workerRunning = resolve));
    const children = await Promise.all(
      (['worker', 'api'] as const).map((name) =>
        spawnChild(name, process.execPath, entryArgs(name), {
          log, env: childEnv,
          output: (line) => {
            // The worker's "worker running" line (src/worker/start-worker.ts) says it polls: the banner waits for it,
            // so the worker's start lines come before the banner, not after.
            if (name === 'worker' && line.includes('"msg":"worker running"')) workerRunning();
            // Under the step until the banner; after it, as they come.
            if (running) process.stdout.write(`${childLine(line)}\n`);
            else if (terminal) progress.note(childLine(line));
            else process.stdout.write(`${line}\n`);
          },
          onExit: (exit) => {
            if (!exit.expected) void shutdown.run(`${name} exited unexpectedly`);
          },
        }),
      ),
    );
    // Both stop before the simulator, Temporal and PostgreSQL they use, which therefore see no connection cut.
    shutdown.add(children.map((c) => ({ name: c.name, stop: () => c.stop() })));
    await Promise.all([waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000), within(workerReady, 60_000, 'the worker did not start polling')]);
  });

  running = true;
  process.stdout.write(banner({
    config, publicBaseUrl, phonesUrl: provider.sim ? `${provider.sim.url}/` : undefined, accountSid: provider.accountSid,
    temporalUi, temporalAddress, demoPassword,
  }));
}

function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${message} within ${ms / 1000} s`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

main().catch((err) => {
  process.stderr.write(`start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
