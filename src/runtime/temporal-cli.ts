import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { toLineLog, type RuntimeLog, type LineLog } from './log';
import { isAlive } from './process-table';

export const TEMPORAL_CLI_VERSION = '1.5.1';
// Newer CLI tags carry `replace` directives in go.mod, which `go install pkg@version` refuses.
const MODULE = `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`;
const LDFLAGS = `-s -w -X github.com/temporalio/cli/temporalcli.Version=${TEMPORAL_CLI_VERSION}`;
const GO_FALLBACK_DIRS = ['/usr/local/go/bin'];

const execFileAsync = promisify(execFile);

export interface EnsureTemporalCliOptions {
  log: RuntimeLog;
  /** An existing binary to use as is (TEMPORAL_CLI). */
  cliPath?: string;
  /** Defaults to `${XDG_CACHE_HOME || ~/.cache}/parley`; shared by every clone and test run on the machine. */
  cacheDir?: string;
  /** The go executable; else the first on PATH or in /usr/local/go/bin. */
  go?: string;
  heartbeatMs?: number;
  /** A stale build lock older than this is taken over even if its pid is alive (pid reuse). */
  staleLockMs?: number;
}

export function defaultCacheDir(): string {
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'parley');
}

export function cachedCliPath(cacheDir = defaultCacheDir()): string {
  return path.join(cacheDir, `temporal-${TEMPORAL_CLI_VERSION}`, 'temporal');
}

/** Path of a working `temporal` CLI 1.5.1: the explicit one, the cached build, or a fresh build from the Go module proxy. */
export async function ensureTemporalCli(opts: EnsureTemporalCliOptions): Promise<string> {
  const log = toLineLog(opts.log);
  if (opts.cliPath) {
    const cliPath = path.resolve(opts.cliPath);
    const version = await cliVersion(cliPath);
    if (version === undefined) throw new Error(`TEMPORAL_CLI=${opts.cliPath} is not a runnable temporal CLI`);
    if (!isWantedVersion(version)) log.warn(`TEMPORAL_CLI reports "${version}", not ${TEMPORAL_CLI_VERSION}; using it anyway`);
    return cliPath;
  }

  const target = cachedCliPath(opts.cacheDir);
  if (isWantedVersion(await cliVersion(target))) return target;

  const dir = path.dirname(target);
  fs.mkdirSync(dir, { recursive: true });
  const lock = await acquireLock(path.join(dir, 'build.lock'), log, opts.staleLockMs ?? 30 * 60_000);
  try {
    // Another process may have finished the build while we waited for the lock.
    if (isWantedVersion(await cliVersion(target))) return target;
    removeAbandonedBuilds(dir);
    await build(target, log, opts.heartbeatMs ?? 15_000, opts.go);
    return target;
  } finally {
    lock.release();
  }
}

function isWantedVersion(version: string | undefined): boolean {
  return version !== undefined && new RegExp(`^temporal version ${TEMPORAL_CLI_VERSION.replace(/\./g, '\\.')}\\b`).test(version);
}

async function cliVersion(file: string): Promise<string | undefined> {
  try {
    const { stdout } = await execFileAsync(file, ['--version'], { timeout: 60_000 });
    return stdout.trim();
  } catch {
    return undefined;
  }
}

async function findGo(explicit: string | undefined): Promise<{ go: string; pathEnv: string }> {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean)];
  for (const extra of GO_FALLBACK_DIRS) if (!dirs.includes(extra)) dirs.push(extra);
  const pathEnv = dirs.join(path.delimiter);
  for (const go of explicit ? [explicit] : dirs.map((dir) => path.join(dir, 'go'))) {
    try {
      await execFileAsync(go, ['version'], { timeout: 30_000 });
      return { go, pathEnv };
    } catch {
      // Not here.
    }
  }
  throw new Error(
    `Go is needed to build the Temporal CLI ${TEMPORAL_CLI_VERSION} (no Temporal server ships through npm), ` +
      `but ${explicit ? `${explicit} does not run` : `no "go" was found on PATH or in ${GO_FALLBACK_DIRS.join(', ')}`}. Install Go 1.25 or newer, ` +
      'or set TEMPORAL_CLI to an existing temporal binary, or TEMPORAL_ADDRESS to a running server.',
  );
}

async function build(target: string, log: LineLog, heartbeatMs: number, explicitGo: string | undefined): Promise<void> {
  const { go, pathEnv } = await findGo(explicitGo);
  const gobin = fs.mkdtempSync(path.join(path.dirname(target), 'build-'));
  const started = Date.now();
  let downloaded = 0;
  const tail: string[] = [];
  log.info(`building Temporal CLI ${TEMPORAL_CLI_VERSION} from the Go module proxy, ~2-3 min the first time on this machine`);
  const heartbeat = setInterval(() => {
    const seconds = Math.round((Date.now() - started) / 1000);
    log.info(`still building Temporal CLI: ${seconds} s elapsed, ${downloaded} modules downloaded`);
  }, heartbeatMs);
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(go, ['install', '-trimpath', '-ldflags', LDFLAGS, MODULE], {
        env: { ...process.env, CGO_ENABLED: '0', GOBIN: gobin, PATH: pathEnv },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const onOutput = (chunk: Buffer) => {
        for (const line of chunk.toString('utf8').split('\n')) {
          if (!line.trim()) continue;
          if (line.startsWith('go: downloading')) downloaded++;
          tail.push(line);
          if (tail.length > 30) tail.shift();
        }
      };
      child.stdout.on('data', onOutput);
      child.stderr.on('data', onOutput);
      child.once('error', reject);
      child.once('close', (code, signal) => {
        if (code === 0) resolve();
        else reject(new Error(`go install ${MODULE} failed (${signal ?? `exit code ${code}`}):\n${tail.join('\n')}`));
      });
    });
    const built = path.join(gobin, 'temporal');
    const version = await cliVersion(built);
    if (!isWantedVersion(version)) throw new Error(`the freshly built ${built} reports "${version ?? 'nothing'}"`);
    fs.renameSync(built, target);
    log.info(`built Temporal CLI ${TEMPORAL_CLI_VERSION} in ${Math.round((Date.now() - started) / 1000)} s (${downloaded} modules downloaded) → ${target}`);
  } finally {
    clearInterval(heartbeat);
    fs.rmSync(gobin, { recursive: true, force: true });
  }
}

// Only the lock holder builds, so any build-* directory it finds was left by a build that was killed.
function removeAbandonedBuilds(dir: string): void {
  for (const entry of fs.readdirSync(dir)) {
    if (entry.startsWith('build-')) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
  }
}

interface Lock {
  release(): void;
}

// mkdir is atomic on every local filesystem, so it serialises `npm start` and a test run building at the same time.
async function acquireLock(lockDir: string, log: LineLog, staleMs: number): Promise<Lock> {
  const ownerFile = path.join(lockDir, 'owner');
  let lastNotice = 0;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(ownerFile, `${process.pid}\n`);
      return { release: () => fs.rmSync(lockDir, { recursive: true, force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readLockHolder(lockDir, ownerFile);
    if (holder.stale || holder.ageMs > staleMs) {
      log.warn(`removing a stale Temporal CLI build lock${holder.pid ? ` left by pid ${holder.pid}` : ''}`);
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() - lastNotice >= 15_000) {
      log.info(`waiting for another process (pid ${holder.pid ?? '?'}) to finish building the Temporal CLI`);
      lastNotice = Date.now();
    }
    await sleep(500);
  }
}

function readLockHolder(lockDir: string, ownerFile: string): { pid?: number; stale: boolean; ageMs: number } {
  let ageMs = 0;
  try {
    ageMs = Date.now() - fs.statSync(lockDir).mtimeMs;
  } catch {
    return { stale: false, ageMs }; // Released meanwhile; the next mkdir decides.
  }
  try {
    const pid = Number(fs.readFileSync(ownerFile, 'utf8').trim());
    return { pid, stale: !isAlive(pid), ageMs };
  } catch {
    // The owner writes its pid right after mkdir; a lock without one for long belongs to a process that died there.
    return { stale: ageMs > 10_000, ageMs };
  }
}
