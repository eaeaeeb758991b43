import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { Connection, isGrpcServiceError } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import type { SearchAttributeKey, SearchAttributeType } from '@temporalio/common/lib/search-attributes';
import { restartableChild, type ChildExit, type RestartableChild } from './children';
import { ensureSearchAttributes } from './ensure-search-attributes';
import { freePort, freePortFrom, waitForPort } from './free-port';
import { toLineLog, type RuntimeLog } from './log';
import type { TemporalServerBinaries } from './temporal-server';

const execFileAsync = promisify(execFile);
const GRPC_ALREADY_EXISTS = 6;

/** The four services of a Temporal server, each its own process here. */
export const TEMPORAL_SERVICES = ['history', 'matching', 'frontend', 'worker'] as const;
export type TemporalService = (typeof TEMPORAL_SERVICES)[number];

export interface PostgresEndpoint {
  host: string;
  port: number;
  user: string;
  password: string;
}

export interface TemporalClusterOptions {
  binaries: TemporalServerBinaries;
  /** Logs and the UI's config live here. */
  dataDir: string;
  postgres: PostgresEndpoint;
  namespace: string;
  searchAttributes: ReadonlyArray<SearchAttributeKey<SearchAttributeType>>;
  log: RuntimeLog;
  /** Preferred ports (else free ones); the rest are always free ones. */
  frontendPort?: number;
  uiPort?: number;
  /** Start the Web UI when it was built (default true). */
  ui?: boolean;
  /** A service (or the UI) exited without stop() or kill(). */
  onExit?: (name: string, exit: ChildExit) => void;
  readyTimeoutMs?: number;
}

export interface TemporalCluster {
  address: string;
  namespace: string;
  uiUrl?: string;
  services: Record<TemporalService, RestartableChild>;
  ui?: RestartableChild;
  logFile: string;
  /** Resolves once the frontend serves the namespace again (after a restart of any service). */
  waitUntilServing(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** deploy/ of this checkout: the config template and schema script that docker-compose.yml uses too. */
export function deployDir(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'deploy', 'temporal', 'setup-schema.sh'))) return path.join(dir, 'deploy');
    if (dir === path.dirname(dir)) throw new Error(`deploy/temporal/setup-schema.sh not found above ${__dirname}`);
  }
}

/** Runs deploy/temporal/setup-schema.sh: the databases `temporal` and `temporal_visibility` at the embedded schema's version. */
export async function setupTemporalSchema(sqlTool: string, pg: PostgresEndpoint, log: RuntimeLog): Promise<void> {
  const started = Date.now();
  try {
    await execFileAsync('sh', [path.join(deployDir(), 'temporal', 'setup-schema.sh')], {
      env: {
        PATH: process.env.PATH, TEMPORAL_SQL_TOOL: sqlTool, SQL_PLUGIN: 'postgres12',
        SQL_HOST: pg.host, SQL_PORT: String(pg.port), SQL_USER: pg.user, SQL_PASSWORD: pg.password,
      },
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as Error & { stdout?: string; stderr?: string };
    const tail = `${e.stdout ?? ''}${e.stderr ?? ''}`.split('\n').filter(Boolean).slice(-15).join('\n');
    throw new Error(`Temporal schema set-up failed: ${e.message.split('\n')[0]}\n${tail}`);
  }
  toLineLog(log).info(`Temporal schema ready on PostgreSQL ${pg.host}:${pg.port} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * The Temporal server as four processes (history, matching, frontend, internal worker) from one rendered config
 * (deploy/temporal/config/parley.yaml) on PostgreSQL, plus the Web UI, with the namespace and Parley's search
 * attributes registered. Each service can be killed and started again on its ports.
 */
export async function startTemporalCluster(opts: TemporalClusterOptions): Promise<TemporalCluster> {
  const log = toLineLog(opts.log);
  const started = Date.now();
  const dataDir = path.resolve(opts.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const logFile = path.join(dataDir, 'temporal-services.log');
  const ip = '127.0.0.1';
  const deploy = deployDir();

  await setupTemporalSchema(opts.binaries.sqlTool, opts.postgres, opts.log);

  const frontendPort = await freePort(opts.frontendPort ?? 7233, ip);
  const port = () => freePort(undefined, ip);
  // Membership ports go in a SMALLINT column: below 32768, from upstream's 6933 on.
  const membershipPort = () => freePortFrom(6933, ip);
  const ports: Record<string, string> = {
    FRONTEND_GRPC_PORT: String(frontendPort),
    FRONTEND_MEMBERSHIP_PORT: String(await membershipPort()),
    FRONTEND_HTTP_PORT: String(await port()),
    HISTORY_GRPC_PORT: String(await port()),
    HISTORY_MEMBERSHIP_PORT: String(await membershipPort()),
    MATCHING_GRPC_PORT: String(await port()),
    MATCHING_MEMBERSHIP_PORT: String(await membershipPort()),
    WORKER_GRPC_PORT: String(await port()),
    WORKER_MEMBERSHIP_PORT: String(await membershipPort()),
  };
  const address = `${ip}:${frontendPort}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    ...ports,
    BIND_ON_IP: ip,
    TEMPORAL_BROADCAST_ADDRESS: ip,
    TEMPORAL_FRONTEND_ADDRESS: address,
    POSTGRES_SEEDS: opts.postgres.host,
    DB_PORT: String(opts.postgres.port),
    POSTGRES_USER: opts.postgres.user,
    POSTGRES_PWD: opts.postgres.password,
    DYNAMIC_CONFIG_FILE_PATH: path.join(deploy, 'temporal', 'config', 'dynamicconfig.yaml'),
    TEMPORAL_LOG_LEVEL: 'warn',
  };
  fs.appendFileSync(logFile, `\n=== ${new Date().toISOString()} ${opts.binaries.server} on ${address}\n`);

  const stopping = { value: false };
  const onExit = (name: string) => (exit: ChildExit) => {
    if (!exit.expected && !stopping.value) opts.onExit?.(name, exit);
  };
  const services = Object.fromEntries(
    TEMPORAL_SERVICES.map((service) => [
      service,
      restartableChild(`temporal-${service}`, opts.binaries.server, ['--root', deploy, '--config', 'temporal/config', '--env', 'parley', 'start', '--service', service], {
        log: opts.log, env, logFile, stopSignal: 'SIGTERM', stopTimeoutMs: 15_000, onExit: onExit(`temporal-${service}`),
      }),
    ]),
  ) as Record<TemporalService, RestartableChild>;

  let ui: RestartableChild | undefined;
  let uiUrl: string | undefined;
  let uiPort: number | undefined;
  if (opts.binaries.ui && opts.ui !== false) {
    uiPort = await freePort(opts.uiPort ?? 8233, ip);
    uiUrl = `http://${ip}:${uiPort}`;
    const uiDir = path.join(dataDir, 'ui');
    fs.mkdirSync(path.join(uiDir, 'config'), { recursive: true });
    fs.writeFileSync(
      path.join(uiDir, 'config', 'parley.yaml'),
      [
        `temporalGrpcAddress: ${address}`, `port: ${uiPort}`, 'enableUi: true', `defaultNamespace: ${opts.namespace}`,
        'notifyOnNewVersion: false', 'cors:', '  cookieInsecure: true', '  allowOrigins:', `    - "${uiUrl}"`, '',
      ].join('\n'),
    );
    ui = restartableChild('temporal-ui', opts.binaries.ui, ['--root', uiDir, '--config', 'config', '--env', 'parley', 'start'], {
      log: opts.log, env: { PATH: process.env.PATH }, logFile, onExit: onExit('temporal-ui'),
    });
  }

  const all = [...Object.values(services), ...(ui ? [ui] : [])];
  const stop = async () => {
    stopping.value = true;
    await Promise.all(all.map((child) => child.stop()));
  };
  const waitUntilServing = (timeoutMs = opts.readyTimeoutMs ?? 120_000) => waitForNamespace(address, opts.namespace, timeoutMs);
  try {
    // The first service to start writes the cluster metadata, and two doing it at once fail with a version
    // conflict: history alone until its membership port opens (after that write), then the others together (each
    // opens its gRPC port only once the ring has the services it needs).
    await services.history.start();
    await waitForPort(Number(ports.HISTORY_MEMBERSHIP_PORT), ip, opts.readyTimeoutMs ?? 120_000, () => !services.history.isRunning());
    await Promise.all(TEMPORAL_SERVICES.filter((s) => s !== 'history').map((s) => services[s].start()));
    await registerNamespace(address, opts.namespace, opts.readyTimeoutMs ?? 120_000);
    await waitUntilServing();
    const connection = await Connection.connect({ address });
    try {
      await ensureSearchAttributes({ connection, namespace: opts.namespace, searchAttributes: opts.searchAttributes, log: opts.log });
    } finally {
      await connection.close();
    }
    if (ui && uiPort !== undefined) {
      await ui.start();
      await waitForPort(uiPort, ip, 30_000, () => !ui!.isRunning());
    }
  } catch (err) {
    await stop();
    const tail = fs.readFileSync(logFile, 'utf8').split('\n').filter(Boolean).slice(-30).join('\n');
    throw new Error(`the Temporal cluster did not start: ${(err as Error).message}\n--- ${logFile} ---\n${tail}`);
  }
  log.info(`Temporal cluster (${TEMPORAL_SERVICES.join(', ')}) ready at ${address} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { address, namespace: opts.namespace, uiUrl, services, ui, logFile, waitUntilServing, stop };
}

async function withConnection<T>(address: string, timeoutMs: number, what: string, fn: (c: Connection) => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no attempt';
  for (;;) {
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: 2_000 });
      return await connection.withDeadline(Date.now() + 5_000, () => fn(connection!));
    } catch (err) {
      last = (err as Error).message;
    } finally {
      await connection?.close().catch(() => undefined);
    }
    if (Date.now() > deadline) throw new Error(`${what} at ${address} after ${timeoutMs / 1000} s: ${last}`);
    await sleep(500);
  }
}

async function registerNamespace(address: string, namespace: string, timeoutMs: number): Promise<void> {
  await withConnection(address, timeoutMs, `could not register namespace ${namespace}`, async (c) => {
    try {
      await c.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('3 days') });
    } catch (err) {
      if (!(isGrpcServiceError(err) && err.code === GRPC_ALREADY_EXISTS)) throw err;
    }
  });
}

async function waitForNamespace(address: string, namespace: string, timeoutMs: number): Promise<void> {
  await withConnection(address, timeoutMs, `namespace ${namespace} not served`, async (c) => {
    await c.workflowService.getSystemInfo({});
    await c.workflowService.describeNamespace({ namespace });
  });
}
