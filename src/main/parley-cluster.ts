// The production shape on one machine (DESIGN.md "Production shape"): PostgreSQL, the Temporal server as four
// services, two api processes (PORT and PORT+1) and two workers, each a process that can be killed and restarted.
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { ALL_SEARCH_ATTRIBUTES } from '../domain/search-attributes';
import {
  canListen, ensureTemporalServer, freePort, restartableChild, startEmbeddedPostgres, startTemporalCluster,
  type ChildExit, type EmbeddedPostgres, type PostgresEndpoint, type RestartableChild, type TemporalCluster, type TemporalService,
} from '../runtime';
import { waitUntilGone } from '../runtime/process-table';
import type { RunningSimulator } from '../simulator';
import { entryArgs, prepareDatabase, startProvider, waitForHttp } from './one-machine';

export interface ParleyClusterOptions {
  config: Config;
  log: Logger;
  /** Extra environment for the api and worker processes (tests: short sweeps, a prebuilt workflow bundle). */
  childEnv?: Record<string, string>;
  /** Where the api and worker children's log lines go; default: this process's stdout. */
  childOutput?: (line: string) => void;
  /** A child or Temporal service that dies on its own is started again after this long; unset: it is reported only. */
  restartAfterMs?: number;
  /** Simulator: spacing of its delivery status transitions. */
  statusDelayMs?: number;
  /** Start the Temporal Web UI when it could be built (default true). */
  ui?: boolean;
  /**
   * The embedded PostgreSQL's and the Temporal frontend's ports; default 54329 and 7233 if free. A chaos run takes
   * random ones: while a killed process is down, another starter on the machine could take a port everyone prefers.
   */
  postgresPort?: number;
  temporalPort?: number;
  onUnexpectedExit?: (name: string, exit: ChildExit) => void;
}

/** Embedded PostgreSQL that a chaos step can SIGKILL and start again on the same port and data. */
export interface RestartablePostgres {
  readonly port: number;
  readonly current: EmbeddedPostgres | undefined;
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface ParleyCluster {
  databaseUrl: string;
  /** Absent when DATABASE_URL names an external server. */
  postgres?: RestartablePostgres;
  temporal: TemporalCluster;
  apis: RestartableChild[];
  apiUrls: string[];
  workers: RestartableChild[];
  publicBaseUrl: string;
  sim?: RunningSimulator;
  accountSid: string;
  demoPassword: string | null;
  /** Every api answers /readyz 200. */
  waitUntilReady(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startParleyCluster(opts: ParleyClusterOptions): Promise<ParleyCluster> {
  const { config, log } = opts;
  fs.mkdirSync(config.dataDir, { recursive: true });
  const stops: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch((err: Error) => log.warn(`stopping failed: ${err.message}`));
  };
  const stopping = { value: false };
  const supervise = (name: string, restart: () => Promise<unknown>) => (exit: ChildExit) => {
    if (exit.expected || stopping.value) return;
    opts.onUnexpectedExit?.(name, exit);
    if (opts.restartAfterMs === undefined) return;
    log.warn(`${name} died; starting it again in ${opts.restartAfterMs / 1000} s`);
    setTimeout(() => {
      if (!stopping.value) restart().catch((err: Error) => log.error(`${name} did not start again: ${err.message}`));
    }, opts.restartAfterMs).unref();
  };

  try {
    let databaseUrl = config.DATABASE_URL;
    let postgres: RestartablePostgres | undefined;
    if (!databaseUrl) {
      postgres = await restartablePostgres(path.join(config.dataDir, 'cluster'), opts.postgresPort, log, (restart) => supervise('postgres', restart)({ code: null, signal: null, expected: false }));
      stops.push(() => postgres!.stop());
      databaseUrl = postgres.current!.url;
    }
    const endpoint = postgresEndpoint(databaseUrl);

    const binaries = await ensureTemporalServer({ log, ui: opts.ui });
    const temporal: TemporalCluster = await startTemporalCluster({
      binaries, dataDir: path.join(config.dataDir, 'cluster', 'temporal'), postgres: endpoint, namespace: config.TEMPORAL_NAMESPACE,
      searchAttributes: ALL_SEARCH_ATTRIBUTES, log, uiPort: config.TEMPORAL_UI_PORT, ui: opts.ui, frontendPort: opts.temporalPort,
      onExit: (name, exit) => {
        const child = name === 'temporal-ui' ? temporal.ui : temporal.services[name.replace(/^temporal-/, '') as TemporalService];
        if (child) supervise(name, () => child.start())(exit);
      },
    });
    stops.push(() => temporal.stop());

    const demoPassword = await prepareDatabase(config, databaseUrl);
    const ports = await adjacentFreePorts(config.PORT);
    const apiUrls = ports.map((port) => `http://127.0.0.1:${port}`);
    const publicBaseUrl = config.PUBLIC_BASE_URL ?? `http://localhost:${ports[0]}`;
    const provider = await startProvider(config, log, publicBaseUrl, { deliverTo: apiUrls, statusDelayMs: opts.statusDelayMs });
    if (provider.sim) stops.push(() => provider.sim!.close());

    const baseEnv: NodeJS.ProcessEnv = {
      ...process.env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporal.address, PUBLIC_BASE_URL: publicBaseUrl, ...provider.env,
      ...(temporal.uiUrl && !config.TEMPORAL_UI_URL ? { TEMPORAL_UI_URL: temporal.uiUrl } : {}),
      ...opts.childEnv,
    };
    const output = opts.childOutput ?? ((line: string) => process.stdout.write(`${line}\n`));
    const child = (name: string, entry: 'api' | 'worker', env: NodeJS.ProcessEnv): RestartableChild => {
      const c: RestartableChild = restartableChild(name, process.execPath, entryArgs(entry), {
        log, env, output, onExit: (exit) => supervise(name, () => c.start())(exit),
      });
      return c;
    };
    const workers = [1, 2].map((n) => child(`worker-${n}`, 'worker', baseEnv));
    const apis = ports.map((port, i) => child(`api-${i + 1}`, 'api', { ...baseEnv, PORT: String(port) }));
    // The first api migrates alone (knex's lock would serialise them anyway), then the rest start together.
    await apis[0].start();
    stops.push(() => Promise.all([...apis, ...workers].map((c) => c.stop())));
    await waitForHttp(`${apiUrls[0]}/healthz`, 120_000);
    await Promise.all([...apis.slice(1), ...workers].map((c) => c.start()));
    await Promise.all(apiUrls.map((url) => waitForHttp(`${url}/healthz`, 120_000)));

    const cluster: ParleyCluster = {
      databaseUrl, postgres, temporal, apis, apiUrls, workers, publicBaseUrl, sim: provider.sim, accountSid: provider.accountSid, demoPassword,
      waitUntilReady: (timeoutMs = 120_000) => Promise.all(apiUrls.map((url) => waitForHttp(`${url}/readyz`, timeoutMs))).then(() => undefined),
      async stop() {
        stopping.value = true;
        await stopAll();
      },
    };
    return cluster;
  } catch (err) {
    stopping.value = true;
    await stopAll();
    throw err;
  }
}

async function restartablePostgres(dataDir: string, preferredPort: number | undefined, log: Logger, onDeath: (restart: () => Promise<void>) => void): Promise<RestartablePostgres> {
  let current: EmbeddedPostgres | undefined;
  let port = preferredPort ?? 0;
  let killed = false;
  const pg: RestartablePostgres = {
    get port() {
      return port;
    },
    get current() {
      return current;
    },
    async start() {
      killed = false;
      current = await startEmbeddedPostgres({
        dataDir, port: port || undefined, log,
        onExit: () => {
          if (!killed) onDeath(() => pg.start());
        },
      });
      port = current.port;
    },
    async kill() {
      if (!current) return;
      killed = true;
      process.kill(current.pid, 'SIGKILL');
      await waitUntilGone([current.pid], 10_000);
      await current.stop(); // After a SIGKILL this only forgets the server.
      current = undefined;
    },
    async stop() {
      await current?.stop();
      current = undefined;
    },
  };
  await pg.start();
  return pg;
}

/** host, port and credentials of a PostgreSQL URL: Temporal's databases go on the same server as Parley's. */
export function postgresEndpoint(databaseUrl: string): PostgresEndpoint {
  const url = new URL(databaseUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || 'postgres'),
    password: decodeURIComponent(url.password),
  };
}

/** PORT and PORT+1 if both are free (DESIGN.md), else the first free pair above. */
async function adjacentFreePorts(preferred: number): Promise<[number, number]> {
  for (let port = preferred || 3000; port < 65_000; port++) {
    if ((await canListen(port, '0.0.0.0')) && (await canListen(port + 1, '0.0.0.0'))) {
      // Remembered by freePort so nothing else started now is handed them.
      await freePort(port, '0.0.0.0');
      await freePort(port + 1, '0.0.0.0');
      return [port, port + 1];
    }
  }
  throw new Error(`no two adjacent free ports from ${preferred}`);
}
