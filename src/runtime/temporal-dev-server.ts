import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import type { SearchAttributeKey, SearchAttributeType } from '@temporalio/common/lib/search-attributes';
import { ALL_SEARCH_ATTRIBUTES } from '../domain/search-attributes';
import { spawnChild, describeExit, type ChildExit, type ChildHandle } from './children';
import { ensureSearchAttributes } from './ensure-search-attributes';
import { canListen, freePort } from './free-port';
import { toLineLog, type RuntimeLog } from './log';
import { commandLine, isAlive, terminate } from './process-table';

export interface TemporalDevServerOptions {
  cliPath: string;
  /** Holds temporal.sqlite, temporal.log and temporal.pid. */
  dataDir: string;
  ip?: string;
  /** gRPC port; fixed ports let a test stop the server and bring it back at the same address. Else 7233 if free. */
  port?: number;
  /** Else 8233 if free. */
  uiPort?: number;
  headless?: boolean;
  namespace?: string;
  log: RuntimeLog;
  logFile?: string;
  searchAttributes?: ReadonlyArray<SearchAttributeKey<SearchAttributeType>>;
  readyTimeoutMs?: number;
  /** Appended to `temporal server start-dev`, e.g. `--dynamic-config-value` pairs. */
  extraArgs?: string[];
  /** Called if the server exits after it was ready and without stop(). */
  onExit?: (exit: ChildExit) => void;
}

export interface TemporalDevServer {
  address: string;
  uiUrl?: string;
  namespace: string;
  pid: number;
  port: number;
  uiPort?: number;
  dbFile: string;
  logFile: string;
  exited: Promise<ChildExit>;
  stop(): Promise<void>;
}

const PID_FILE = 'temporal.pid';

/** `temporal server start-dev` on a SQLite file, resolved once it answers gRPC and has the search attributes. */
export async function startTemporalDevServer(opts: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const log = toLineLog(opts.log);
  const started = Date.now();
  const ip = opts.ip ?? '127.0.0.1';
  const namespace = opts.namespace ?? 'default';
  const dataDir = path.resolve(opts.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const dbFile = path.join(dataDir, 'temporal.sqlite');
  const logFile = path.resolve(opts.logFile ?? path.join(dataDir, 'temporal.log'));
  const searchAttributes = opts.searchAttributes ?? ALL_SEARCH_ATTRIBUTES;

  await stopLeftoverServer(dataDir, dbFile, log.warn);

  const port = await choosePort(opts.port, 7233, ip, 'gRPC');
  const uiPort = opts.headless ? undefined : await choosePort(opts.uiPort, 8233, ip, 'Web UI');
  // Left to the CLI these are random too, but chosen inside the child where two servers starting at once can't
  // see each other's picks; ours are remembered by freePort.
  const httpPort = await freePort(undefined, ip);
  const metricsPort = await freePort(undefined, ip);
  const address = `${ip}:${port}`;

  const args = [
    'server', 'start-dev',
    '--ip', ip,
    '--port', String(port),
    '--http-port', String(httpPort),
    '--metrics-port', String(metricsPort),
    ...(uiPort === undefined ? ['--headless'] : ['--ui-port', String(uiPort)]),
    '--db-filename', dbFile,
    '--sqlite-pragma', 'journal_mode=WAL',
    '--sqlite-pragma', 'synchronous=NORMAL',
    '--namespace', namespace,
    ...searchAttributes.flatMap((key) => ['--search-attribute', `${key.name}=${searchAttributeFlagType(key.type)}`]),
    '--log-level', 'warn',
    ...(opts.extraArgs ?? []),
  ];

  const logOffset = fileSize(logFile);
  fs.appendFileSync(logFile, `\n=== ${new Date().toISOString()} ${opts.cliPath} ${args.join(' ')}\n`);
  let ready = false;
  const child = await spawnChild('temporal', opts.cliPath, args, {
    log: opts.log,
    logFile,
    stopSignal: 'SIGTERM',
    stopTimeoutMs: 10_000,
    onExit: (exit) => {
      removePidFile(dataDir, child.pid);
      if (ready && !exit.expected) opts.onExit?.(exit);
    },
  });
  fs.writeFileSync(path.join(dataDir, PID_FILE), JSON.stringify({ pid: child.pid, owner: process.pid, dbFile }) + '\n');

  try {
    const connection = await waitUntilServing(child, address, namespace, opts.readyTimeoutMs ?? 90_000);
    try {
      await ensureSearchAttributes({ connection, namespace, searchAttributes, log: opts.log });
    } finally {
      await connection.close();
    }
  } catch (err) {
    await child.stop();
    const tail = lastLines(logFile, logOffset, 30);
    throw new Error(`Temporal dev server did not start: ${(err as Error).message}\n--- ${logFile} ---\n${tail}`);
  }
  ready = true;

  const uiUrl = uiPort === undefined ? undefined : `http://${ip}:${uiPort}`;
  log.info(
    `Temporal dev server ready at ${address}${uiUrl ? ` (Web UI ${uiUrl})` : ''} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return {
    address,
    uiUrl,
    namespace,
    pid: child.pid,
    port,
    uiPort,
    dbFile,
    logFile,
    exited: child.exited,
    async stop() {
      await child.stop();
    },
  };
}

export interface RestartableTemporalDevServer {
  /** Starts the server; after the first start, on the same ports and SQLite file. */
  start(): Promise<TemporalDevServer>;
  stop(): Promise<void>;
  readonly current: TemporalDevServer | undefined;
}

/** For tests of "Temporal unreachable, then back": clients keep their address across stop() and start(). */
export function restartableTemporalDevServer(opts: TemporalDevServerOptions): RestartableTemporalDevServer {
  let pinned = { port: opts.port, uiPort: opts.uiPort };
  let current: TemporalDevServer | undefined;
  return {
    get current() {
      return current;
    },
    async start() {
      if (current) throw new Error(`Temporal dev server already running at ${current.address}`);
      current = await startTemporalDevServer({ ...opts, ...pinned });
      pinned = { port: current.port, uiPort: current.uiPort };
      return current;
    },
    async stop() {
      const server = current;
      current = undefined;
      await server?.stop();
    },
  };
}

function searchAttributeFlagType(type: SearchAttributeType): string {
  const names: Record<SearchAttributeType, string> = {
    TEXT: 'Text',
    KEYWORD: 'Keyword',
    INT: 'Int',
    DOUBLE: 'Double',
    BOOL: 'Bool',
    DATETIME: 'Datetime',
    KEYWORD_LIST: 'KeywordList',
  };
  return names[type];
}

async function choosePort(fixed: number | undefined, preferred: number, ip: string, what: string): Promise<number> {
  if (fixed === undefined || fixed === 0) return freePort(preferred, ip);
  if (!(await canListen(fixed, ip))) throw new Error(`Temporal ${what} port ${ip}:${fixed} is already in use`);
  return fixed;
}

async function waitUntilServing(child: ChildHandle, address: string, namespace: string, timeoutMs: number): Promise<Connection> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no attempt';
  const died = child.exited.then((exit) => {
    throw new Error(`the server exited (${describeExit(exit)})`);
  });
  died.catch(() => undefined);
  for (;;) {
    if (!child.isRunning()) await died;
    if (Date.now() > deadline) throw new Error(`not serving at ${address} after ${timeoutMs / 1000} s (${lastError})`);
    const attempt = probe(address, namespace);
    try {
      return await Promise.race([died, attempt]);
    } catch (err) {
      // The probe may still succeed after the server died; don't leak its channel.
      attempt.then((connection) => connection.close(), () => undefined);
      if (!child.isRunning()) await died;
      lastError = (err as Error).message;
      await sleep(250);
    }
  }
}

async function probe(address: string, namespace: string): Promise<Connection> {
  const connection = await Connection.connect({ address, connectTimeout: 2_000 });
  try {
    await connection.withDeadline(Date.now() + 5_000, async () => {
      await connection.workflowService.getSystemInfo({});
      await connection.workflowService.describeNamespace({ namespace });
    });
    return connection;
  } catch (err) {
    await connection.close();
    throw err;
  }
}

/**
 * A dev server left by a run that was killed (its watchdog was killed too, or the machine is odd) would hold the
 * port and write to the same SQLite file. One whose starter is still alive is someone else's: refuse.
 */
async function stopLeftoverServer(dataDir: string, dbFile: string, warn: (line: string) => void): Promise<void> {
  let recorded: { pid?: number; owner?: number };
  try {
    recorded = JSON.parse(fs.readFileSync(path.join(dataDir, PID_FILE), 'utf8'));
  } catch {
    return;
  }
  const pid = recorded.pid;
  if (pid && isAlive(pid) && (commandLine(pid) ?? []).includes(dbFile)) {
    if (recorded.owner && recorded.owner !== process.pid && isAlive(recorded.owner)) {
      throw new Error(`a Temporal dev server (pid ${pid}, started by pid ${recorded.owner}) is already using ${dbFile}`);
    }
    if (recorded.owner === process.pid) throw new Error(`this process already runs a Temporal dev server on ${dbFile}`);
    warn(`stopping the Temporal dev server left running by a previous run (pid ${pid})`);
    await terminate([pid], 'SIGTERM', 10_000);
  }
  removePidFile(dataDir, pid);
}

function removePidFile(dataDir: string, pid: number | undefined): void {
  const file = path.join(dataDir, PID_FILE);
  try {
    const recorded = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid?: number };
    if (recorded.pid === pid) fs.rmSync(file, { force: true });
  } catch {
    // Nothing to remove.
  }
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function lastLines(file: string, fromOffset: number, count: number): string {
  try {
    const text = fs.readFileSync(file).subarray(fromOffset).toString('utf8');
    return text.split('\n').filter(Boolean).slice(-count).join('\n');
  } catch {
    return '(no log)';
  }
}
