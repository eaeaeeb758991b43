// One machine, one command: embedded PostgreSQL, the Temporal dev server with its UI, the SMS simulator, demo
// data, then the api and worker as child processes (the production shape, supervised).
import fs from 'node:fs';
import { Connection } from '@temporalio/client';
import { ALL_SEARCH_ATTRIBUTES } from '../domain/search-attributes';
import { createLogger } from '../logger';
import {
  ensureTemporalCli, freePort, installShutdown, spawnChild, startEmbeddedPostgres, startTemporalDevServer, ensureSearchAttributes,
} from '../runtime';
import { configOrExit } from './boot';
import { banner, entryArgs, prepareDatabase, startProvider, waitForHttp } from './one-machine';

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

  const demoPassword = await prepareDatabase(config, databaseUrl);

  const port = await freePort(config.PORT, '0.0.0.0');
  const publicBaseUrl = config.PUBLIC_BASE_URL ?? `http://localhost:${port}`;
  const provider = await startProvider(config, log, publicBaseUrl);
  if (provider.sim) shutdown.add({ name: 'simulator', stop: () => provider.sim!.close() });
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress, PORT: String(port), PUBLIC_BASE_URL: publicBaseUrl, ...provider.env,
    ...(temporalUi && !config.TEMPORAL_UI_URL ? { TEMPORAL_UI_URL: temporalUi } : {}),
  };

  const children = await Promise.all(
    (['worker', 'api'] as const).map((name) =>
      spawnChild(name, process.execPath, entryArgs(name), {
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

  process.stdout.write(banner({
    config, publicBaseUrl, phonesUrl: provider.sim ? `${provider.sim.url}/` : undefined, accountSid: provider.accountSid,
    temporalUi, temporalAddress, demoPassword,
  }));
}

main().catch((err) => {
  process.stderr.write(`start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
