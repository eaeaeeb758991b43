// CPU time per process tree, from /proc: the benchmark's coarse profile. On a 2-core machine every process of the
// stack competes for the same cores, so "CPU milliseconds per text" per component says where a text's cost goes and
// what the Temporal server is left with. Linux only; elsewhere every reading is null.
import fs from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux architecture we run on

interface Stat {
  pid: number;
  ppid: number;
  /** utime + stime of the process itself, and of its waited-for children (cutime + cstime), in ticks. */
  own: number;
  reaped: number;
}

function readStat(pid: number): Stat | null {
  try {
    const raw = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: split after the last ')'.
    const f = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
    // f[0] is field 3 (state): fields 4 (ppid), 14-17 (utime, stime, cutime, cstime) are f[1], f[11..14].
    return { pid, ppid: Number(f[1]), own: Number(f[11]) + Number(f[12]), reaped: Number(f[13]) + Number(f[14]) };
  } catch {
    return null;
  }
}

function allStats(): Stat[] {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  return entries.filter((e) => /^\d+$/.test(e)).map((e) => readStat(Number(e))).filter((s): s is Stat => s !== null);
}

/**
 * CPU seconds used so far by each named process and all its descendants, live or exited and waited for
 * (PostgreSQL's backends are children of the postmaster). Null where the process is gone or /proc is absent.
 */
export function cpuSeconds(roots: Record<string, number | undefined>): Record<string, number | null> {
  const stats = allStats();
  const children = new Map<number, Stat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const byPid = new Map(stats.map((s) => [s.pid, s]));
  const out: Record<string, number | null> = {};
  for (const [name, pid] of Object.entries(roots)) {
    const root = pid === undefined ? undefined : byPid.get(pid);
    if (!root) {
      out[name] = null;
      continue;
    }
    let ticks = root.reaped;
    const stack = [root];
    while (stack.length) {
      const s = stack.pop()!;
      ticks += s.own;
      for (const c of children.get(s.pid) ?? []) {
        ticks += c.reaped;
        stack.push(c);
      }
    }
    out[name] = ticks / TICKS_PER_SECOND;
  }
  return out;
}

/** Milliseconds of CPU per text for each process between two readings. */
export function cpuMsPerText(before: Record<string, number | null>, after: Record<string, number | null>, texts: number): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const name of Object.keys(after)) {
    const a = after[name];
    const b = before[name];
    out[name] = a === null || b === null || b === undefined ? null : Math.round(((a - b) * 1000 * 10) / texts) / 10;
  }
  return out;
}

/** Busy and total ticks of all cores so far, from the first line of /proc/stat; null off Linux. */
export function machineCpu(): { busy: number; total: number } | null {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
    const total = f.reduce((a, b) => a + b, 0);
    return { busy: total - f[3] - f[4], total }; // idle and iowait are not busy
  } catch {
    return null;
  }
}

export function machineBusyPercent(before: ReturnType<typeof machineCpu>, after: ReturnType<typeof machineCpu>): number | null {
  if (!before || !after || after.total === before.total) return null;
  return Math.round((100 * (after.busy - before.busy)) / (after.total - before.total));
}
