import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const hasProc = fs.existsSync('/proc/self/stat');

/**
 * True while `pid` is a running process. Zombies count as gone: in containers pid 1 does not always reap orphans,
 * and a zombie postmaster still "exists" for kill(0) although it holds no port, lock or shared memory.
 */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (hasProc) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      return state !== 'Z' && state !== 'X';
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function commandLine(pid: number): string[] | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}

/** Every process whose working directory is `dir`; PostgreSQL's postmaster and all its backends chdir into PGDATA. */
export function processesInDirectory(dir: string): number[] {
  if (!hasProc) return [];
  let target: string;
  try {
    target = fs.realpathSync(dir);
  } catch {
    return [];
  }
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    try {
      if (path.resolve(fs.readlinkSync(`/proc/${entry}/cwd`)) === target && isAlive(pid)) found.push(pid);
    } catch {
      // Gone meanwhile, or not ours to inspect.
    }
  }
  return found;
}

export async function waitUntilGone(pids: number[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (pids.every((pid) => !isAlive(pid))) return true;
    if (Date.now() >= deadline) return false;
    await sleep(100);
  }
}

/** Sends `signal`, waits up to `graceMs`, then SIGKILLs whatever is left. Resolves once all are gone. */
export async function terminate(pids: number[], signal: NodeJS.Signals, graceMs: number): Promise<void> {
  const send = (pid: number, sig: NodeJS.Signals) => {
    try {
      process.kill(pid, sig);
    } catch {
      // Already gone.
    }
  };
  pids.forEach((pid) => send(pid, signal));
  if (await waitUntilGone(pids, graceMs)) return;
  pids.filter(isAlive).forEach((pid) => send(pid, 'SIGKILL'));
  if (!(await waitUntilGone(pids, 5_000))) {
    throw new Error(`processes ${pids.filter(isAlive).join(', ')} survived SIGKILL`);
  }
}
