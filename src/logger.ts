import pino, { type Logger } from 'pino';
import { build as prettyStream, isColorSupported, prettyFactory, type PrettyOptions } from 'pino-pretty';

export interface LoggerOptions {
  /**
   * Human-readable lines instead of JSON: only for a person at a terminal (`npm start` when stdout is a TTY).
   * Anywhere else JSON, which operators ship to their log stores.
   */
  pretty?: boolean;
}

export function createLogger(name: string, level: string, opts: LoggerOptions = {}): Logger {
  const options = { name, level, base: { process: name, pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime };
  // sync: in-process, so a line logged just before process.exit() is not lost (no worker-thread transport).
  return opts.pretty ? pino(options, prettyStream({ ...PRETTY, sync: true })) : pino(options);
}

const PRETTY: PrettyOptions = {
  colorize: isColorSupported,
  translateTime: 'SYS:HH:MM:ss',
  ignore: 'pid,hostname,name,process',
  messageFormat: '{if process}{process} · {end}{msg}',
  singleLine: true,
};

/** Turns a JSON log line (a child's, passed through the supervisor) into the pretty form; other lines unchanged. */
export function prettyLogLines(): (line: string) => string {
  const pretty = prettyFactory(PRETTY);
  return (line) => pretty(line).replace(/\n$/, '');
}
