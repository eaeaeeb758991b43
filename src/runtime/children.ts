import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import { toLineLog, type RuntimeLog } from './log';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when the exit followed our own stop(); false means the child died on its own. */
  expected: boolean;
}

export interface SpawnChildOptions {
  log: RuntimeLog;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  onExit?: (exit: ChildExit) => void;
  /** Append the child's output to this file instead of the log (chatty servers such as Temporal). */
  logFile?: string;
  /** Where each output line goes instead of the log: children that already write structured JSON pass through. */
  output?: (line: string) => void;
  stopSignal?: NodeJS.Signals;
  stopTimeoutMs?: number;
}

export interface ChildHandle {
  readonly name: string;
  readonly pid: number;
  readonly exited: Promise<ChildExit>;
  isRunning(): boolean;
  /** stopSignal, then SIGKILL after stopTimeoutMs. Idempotent. */
  stop(): Promise<ChildExit>;
}

const live = new Set<{ pid: number; child: ChildProcess }>();

/**
 * Spawns a long-running child in its own process group, so a Ctrl-C in the terminal reaches only the supervisor,
 * which then stops children in order (worker before Temporal, api before PostgreSQL). A watchdog stops the child
 * if this process dies without doing so, even by SIGKILL.
 */
export function spawnChild(name: string, command: string, args: string[], opts: SpawnChildOptions): Promise<ChildHandle> {
  const log = toLineLog(opts.log);
  const stopSignal = opts.stopSignal ?? 'SIGTERM';
  const stopTimeoutMs = opts.stopTimeoutMs ?? 10_000;
  let outFd: number | undefined;
  if (opts.logFile) outFd = fs.openSync(opts.logFile, 'a');
  const child = spawn(command, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    detached: true,
    stdio: ['ignore', outFd ?? 'pipe', outFd ?? 'pipe'],
  });
  if (outFd !== undefined) fs.closeSync(outFd);

  return new Promise<ChildHandle>((resolve, reject) => {
    child.on('error', (err) => {
      // Before 'spawn' this is a failed start; later only a failed kill(), which stop() already copes with.
      reject(new Error(`${name}: could not start ${command}: ${err.message}`));
    });
    child.once('spawn', () => {
      const pid = child.pid as number;
      const entry = { pid, child };
      live.add(entry);
      const watchdog = killWithParent(pid, { signal: stopSignal, group: true, graceMs: stopTimeoutMs });
      if (!opts.logFile) {
        const out = opts.output ?? ((line: string) => log.info(`[${name}] ${line}`));
        for (const stream of [child.stdout, child.stderr]) pipeLines(stream, out);
      }
      let stopping = false;
      const exited = new Promise<ChildExit>((done) => {
        child.once('exit', (code, signal) => {
          live.delete(entry);
          watchdog.cancel();
          // Helpers the child started in its group must not outlive it. The group id is not reused while any
          // member lives, so this cannot hit an unrelated process.
          try {
            process.kill(-pid, 'SIGKILL');
          } catch {
            // The group is empty.
          }
          const exit = { code, signal, expected: stopping };
          if (!stopping) log.warn(`${name} exited unexpectedly (${describeExit(exit)})`);
          opts.onExit?.(exit);
          done(exit);
        });
      });
      let stopped: Promise<ChildExit> | undefined;
      resolve({
        name,
        pid,
        exited,
        isRunning: () => child.exitCode === null && child.signalCode === null,
        stop() {
          if (stopped) return stopped;
          stopping = true;
          if (child.exitCode !== null || child.signalCode !== null) return (stopped = exited);
          stopped = (async () => {
            signalGroup(pid, stopSignal);
            const timer = setTimeout(() => {
              log.warn(`${name} did not stop within ${stopTimeoutMs / 1000} s; killing it`);
              signalGroup(pid, 'SIGKILL');
            }, stopTimeoutMs);
            try {
              return await exited;
            } finally {
              clearTimeout(timer);
            }
          })();
          return stopped;
        },
      });
    });
  });
}

export function describeExit(exit: { code: number | null; signal: NodeJS.Signals | null }): string {
  return exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

function pipeLines(stream: Readable | null, onLine: (line: string) => void): void {
  if (!stream) return;
  readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', onLine);
}

export interface KillWithParentOptions {
  signal: NodeJS.Signals;
  /** Signal the whole process group led by pid (children spawned detached). */
  group: boolean;
  graceMs: number;
}

/**
 * Starts a tiny `sh` that blocks reading a pipe from this process. The kernel closes the pipe however we die
 * (SIGKILL, OOM), and the watchdog then sends `signal` to pid and SIGKILL after the grace period. Without it, a
 * killed test run or `npm start` leaves Temporal/PostgreSQL holding ports and data files.
 */
export function killWithParent(pid: number, opts: KillWithParentOptions): { cancel(): void } {
  const script = [
    'read -r _ || true',
    'kill -s "$2" -- "$1" 2>/dev/null || exit 0',
    'i=0',
    'while kill -s 0 -- "$1" 2>/dev/null && [ "$i" -lt "$3" ]; do sleep 1; i=$((i+1)); done',
    'kill -s KILL -- "$1" 2>/dev/null',
  ].join('\n');
  const target = opts.group ? `-${pid}` : String(pid);
  const signal = opts.signal.replace(/^SIG/, '');
  const graceSeconds = String(Math.max(1, Math.ceil(opts.graceMs / 1000)));
  const dog = spawn('sh', ['-c', script, 'parley-watchdog', target, signal, graceSeconds], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  dog.on('error', () => undefined);
  dog.unref();
  (dog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  dog.stdin?.on('error', () => undefined);
  return {
    cancel() {
      if (dog.exitCode === null && dog.signalCode === null) dog.kill('SIGKILL');
    },
  };
}

export interface Stoppable {
  name: string;
  stop(): Promise<unknown>;
}

/** The members of an array step stop concurrently. */
export type ShutdownStep = Stoppable | Stoppable[];

export interface ShutdownOptions {
  log: RuntimeLog;
  signals?: NodeJS.Signals[];
  exit?: (code: number) => void;
}

export interface Shutdown {
  /** Register a step as soon as what it stops has started; it will be stopped before everything added earlier. */
  add(step: ShutdownStep): void;
  /** Stops everything in order and exits; what SIGINT/SIGTERM trigger. */
  run(reason: string): Promise<void>;
  dispose(): void;
}

/**
 * On SIGINT/SIGTERM, stops the steps in reverse order of registration (`steps` and `add` in start order), so the
 * api and worker stop before the Temporal and PostgreSQL they use, then exits 0 (1 if a step failed). A second
 * signal SIGKILLs the children and exits 130.
 */
export function installShutdown(steps: ShutdownStep[], opts: ShutdownOptions): Shutdown {
  const log = toLineLog(opts.log);
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const signals = opts.signals ?? ['SIGINT', 'SIGTERM'];
  const ordered = [...steps];
  let running: Promise<void> | undefined;

  const run = (reason: string): Promise<void> => {
    if (running) return running;
    log.info(`${reason}: stopping (press Ctrl-C again to force)`);
    running = (async () => {
      let failed = false;
      for (const step of [...ordered].reverse()) {
        const members = Array.isArray(step) ? step : [step];
        await Promise.all(
          members.map(async (member) => {
            try {
              await member.stop();
            } catch (err) {
              failed = true;
              log.warn(`stopping ${member.name} failed: ${(err as Error).message}`);
            }
          }),
        );
      }
      log.info('stopped');
      exit(failed ? 1 : 0);
    })();
    return running;
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (!running) {
      void run(`received ${signal}`);
      return;
    }
    log.warn(`received ${signal} again: killing children and exiting`);
    for (const { pid } of live) signalGroup(pid, 'SIGKILL');
    exit(130);
  };
  for (const signal of signals) process.on(signal, onSignal);

  return {
    add: (step) => void ordered.push(step),
    run,
    dispose: () => signals.forEach((signal) => process.off(signal, onSignal)),
  };
}

export interface RestartableChild {
  readonly name: string;
  /** The running process, if any. */
  readonly current: ChildHandle | undefined;
  isRunning(): boolean;
  /** Starts it (again), with the same command, arguments and environment. */
  start(): Promise<ChildHandle>;
  /** SIGKILL (or `signal`) with no grace; resolves once it has exited. */
  kill(signal?: NodeJS.Signals): Promise<ChildExit | undefined>;
  /** A graceful stop, as spawnChild's. */
  stop(): Promise<void>;
}

/** A supervised child that a chaos step can kill and start again on the same ports and files. */
export function restartableChild(name: string, command: string, args: string[], opts: SpawnChildOptions): RestartableChild {
  let current: ChildHandle | undefined;
  let killing = false;
  // A deliberate kill is no surprise to whoever watches for unexpected exits.
  const spawnOpts: SpawnChildOptions = { ...opts, onExit: (exit) => opts.onExit?.(killing ? { ...exit, expected: true } : exit) };
  return {
    name,
    get current() {
      return current;
    },
    isRunning: () => current?.isRunning() ?? false,
    async start() {
      if (current?.isRunning()) throw new Error(`${name} is already running (pid ${current.pid})`);
      killing = false;
      current = await spawnChild(name, command, args, spawnOpts);
      return current;
    },
    async kill(signal = 'SIGKILL') {
      const child = current;
      if (!child?.isRunning()) return undefined;
      killing = true;
      signalGroup(child.pid, signal);
      return child.exited;
    },
    async stop() {
      await current?.stop();
    },
  };
}
