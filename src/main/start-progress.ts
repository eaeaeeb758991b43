// What `npm start` says while it builds and starts: one line a step, named as it begins and timed as it ends, so a
// silent minute (the type check, a first PostgreSQL cluster) reads as work in progress rather than a hang.
import type { Logger } from 'pino';

export interface Progress {
  step<T>(title: string, run: () => Promise<T>): Promise<T>;
  /** A line said during a step (a runtime's own progress: a cluster initialised, the Temporal CLI being built). */
  note(line: string): void;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * For a person: "Starting PostgreSQL… done in 1.6 s" on one line; a note said meanwhile breaks the line, goes
 * below it indented, and the duration follows the notes.
 */
export function terminalProgress(write: (text: string) => void, now: () => number = Date.now): Progress {
  let open = false;
  const note = (line: string) => {
    if (open) write('\n');
    open = false;
    write(`  ${line}\n`);
  };
  return {
    note,
    async step(title, run) {
      if (open) write('\n');
      write(`${title}… `);
      open = true;
      const started = now();
      const finish = (result: string) => {
        if (open) write(`${result}\n`);
        else write(`  ${result}\n`);
        open = false;
      };
      try {
        const value = await run();
        finish(`done in ${seconds(now() - started)}`);
        return value;
      } catch (err) {
        finish('failed');
        throw err;
      }
    },
  };
}

/** For a log store: a JSON line as each step begins and one with its duration as it ends. */
export function loggedProgress(log: Logger, now: () => number = Date.now): Progress {
  return {
    note: (line) => log.info(line),
    async step(title, run) {
      log.info({ step: title }, `${title}…`);
      const started = now();
      try {
        const value = await run();
        log.info({ step: title, ms: now() - started }, `${title}: done in ${seconds(now() - started)}`);
        return value;
      } catch (err) {
        log.error({ step: title, ms: now() - started }, `${title}: failed`);
        throw err;
      }
    },
  };
}
