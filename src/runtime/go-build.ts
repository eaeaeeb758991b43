import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { toLineLog, type RuntimeLog, type LineLog } from './log';
import { isAlive } from './process-table';

const GO_FALLBACK_DIRS = ['/usr/local/go/bin'];
const execFileAsync = promisify(execFile);

export function defaultCacheDir(): string {
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'parley');
}

/** One binary built by `go install` into a per-machine cache directory. */
export interface GoTool {
  /** File name in the cache directory. */
  file: string;
  /** `module/path/cmd@version`. */
  pkg: string;
  ldflags: string;
  /** True when `<file> --version` printed this: the cached binary is the wanted one. */
  isWanted(versionOutput: string | undefined): boolean;
}

export interface EnsureGoToolsOptions {
  log: RuntimeLog;
  /** Names the build in progress lines and errors, e.g. `Temporal CLI 1.5.1`. */
  what: string;
  /** Shorter name for heartbeat lines, e.g. `Temporal CLI`. */
  shortName: string;
  /** Directory holding the binaries, the build lock and temporary GOBINs. */
  dir: string;
  tools: GoTool[];
  /** Said in the "Go is needed" error: what else the user can do. */
  alternatives: string;
  /** Said when the build starts: how long it takes the first time. */
  expectedDuration: string;
  go?: string;
  heartbeatMs?: number;
  /** A stale build lock older than this is taken over even if its pid is alive (pid reuse). */
  staleLockMs?: number;
}

/**
 * The tools' paths in `dir`: cached ones as they are, else all built (once per machine, under a lock that serialises
 * every clone, test run and `npm start` building at the same time) from the Go module proxy.
 */
export async function ensureGoTools(opts: EnsureGoToolsOptions): Promise<string[]> {
  const log = toLineLog(opts.log);
  const targets = opts.tools.map((tool) => path.join(opts.dir, tool.file));
  const allCached = async () => (await Promise.all(opts.tools.map(async (tool, i) => tool.isWanted(await toolVersion(targets[i]))))).every(Boolean);
  if (await allCached()) return targets;

  fs.mkdirSync(opts.dir, { recursive: true });
  const lock = await acquireLock(path.join(opts.dir, 'build.lock'), log, opts.shortName, opts.staleLockMs ?? 30 * 60_000);
  try {
    // Another process may have finished the build while we waited for the lock.
    if (await allCached()) return targets;
    removeAbandonedBuilds(opts.dir);
    await build(opts, targets, log);
    return targets;
  } finally {
    lock.release();
  }
}

export async function toolVersion(file: string): Promise<string | undefined> {
  try {
    const { stdout } = await execFileAsync(file, ['--version'], { timeout: 60_000 });
    return stdout.trim();
  } catch {
    return undefined;
  }
}

async function findGo(explicit: string | undefined, what: string, alternatives: string): Promise<{ go: string; pathEnv: string }> {
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
    `Go is needed to build the ${what} (no Temporal server ships through npm), ` +
      `but ${explicit ? `${explicit} does not run` : `no "go" was found on PATH or in ${GO_FALLBACK_DIRS.join(', ')}`}. Install Go 1.25 or newer, ` +
      `or ${alternatives}.`,
  );
}

async function build(opts: EnsureGoToolsOptions, targets: string[], log: LineLog): Promise<void> {
  const { go, pathEnv } = await findGo(opts.go, opts.what, opts.alternatives);
  const gobin = fs.mkdtempSync(path.join(opts.dir, 'build-'));
  const started = Date.now();
  let downloaded = 0;
  const tail: string[] = [];
  log.info(`building ${opts.what} from the Go module proxy, ${opts.expectedDuration} the first time on this machine`);
  const heartbeat = setInterval(() => {
    const seconds = Math.round((Date.now() - started) / 1000);
    log.info(`still building ${opts.shortName}: ${seconds} s elapsed, ${downloaded} modules downloaded`);
  }, opts.heartbeatMs ?? 15_000);
  try {
    // One `go install` per tool: each may need its own -ldflags.
    for (const tool of opts.tools) {
      await new Promise<void>((resolve, reject) => {
        const child = spawn(go, ['install', '-trimpath', '-ldflags', tool.ldflags, tool.pkg], {
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
          else reject(new Error(`go install ${tool.pkg} failed (${signal ?? `exit code ${code}`}):\n${tail.join('\n')}`));
        });
      });
    }
    for (const [i, tool] of opts.tools.entries()) {
      // `go install` names the binary after the package's last path element (before @version).
      const built = path.join(gobin, path.basename(tool.pkg.replace(/@.*$/, '')));
      const version = await toolVersion(built);
      if (!tool.isWanted(version)) throw new Error(`the freshly built ${built} reports "${version ?? 'nothing'}"`);
      fs.renameSync(built, targets[i]);
    }
    log.info(`built ${opts.what} in ${Math.round((Date.now() - started) / 1000)} s (${downloaded} modules downloaded) → ${opts.dir}`);
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
async function acquireLock(lockDir: string, log: LineLog, shortName: string, staleMs: number): Promise<Lock> {
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
      log.warn(`removing a stale ${shortName} build lock${holder.pid ? ` left by pid ${holder.pid}` : ''}`);
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() - lastNotice >= 15_000) {
      log.info(`waiting for another process (pid ${holder.pid ?? '?'}) to finish building the ${shortName}`);
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
