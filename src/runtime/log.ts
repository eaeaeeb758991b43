import type { Logger } from 'pino';

/** Where runtime progress goes: a pino logger, or a plain line callback (tests, the start command's console). */
export type RuntimeLog = Logger | ((line: string) => void);

export interface LineLog {
  info(line: string): void;
  warn(line: string): void;
  debug(line: string): void;
}

export function toLineLog(log: RuntimeLog): LineLog {
  if (typeof log === 'function') {
    // A line callback is for people watching a terminal: debug chatter (server output) would drown the progress.
    return { info: log, warn: log, debug: () => undefined };
  }
  return {
    info: (line) => log.info(line),
    warn: (line) => log.warn(line),
    debug: (line) => log.debug(line),
  };
}
