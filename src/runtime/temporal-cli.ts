import path from 'node:path';
import { defaultCacheDir, ensureGoTools, toolVersion } from './go-build';
import { toLineLog, type RuntimeLog } from './log';

export { defaultCacheDir } from './go-build';

export const TEMPORAL_CLI_VERSION = '1.5.1';
// Newer CLI tags carry `replace` directives in go.mod, which `go install pkg@version` refuses.
const MODULE = `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`;
const LDFLAGS = `-s -w -X github.com/temporalio/cli/temporalcli.Version=${TEMPORAL_CLI_VERSION}`;

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

export function cachedCliPath(cacheDir = defaultCacheDir()): string {
  return path.join(cacheDir, `temporal-${TEMPORAL_CLI_VERSION}`, 'temporal');
}

/** Path of a working `temporal` CLI 1.5.1: the explicit one, the cached build, or a fresh build from the Go module proxy. */
export async function ensureTemporalCli(opts: EnsureTemporalCliOptions): Promise<string> {
  const log = toLineLog(opts.log);
  if (opts.cliPath) {
    const cliPath = path.resolve(opts.cliPath);
    const version = await toolVersion(cliPath);
    if (version === undefined) throw new Error(`TEMPORAL_CLI=${opts.cliPath} is not a runnable temporal CLI`);
    if (!isWantedVersion(version)) log.warn(`TEMPORAL_CLI reports "${version}", not ${TEMPORAL_CLI_VERSION}; using it anyway`);
    return cliPath;
  }
  const target = cachedCliPath(opts.cacheDir);
  const [cli] = await ensureGoTools({
    log: opts.log,
    what: `Temporal CLI ${TEMPORAL_CLI_VERSION}`,
    shortName: 'Temporal CLI',
    dir: path.dirname(target),
    tools: [{ file: path.basename(target), pkg: MODULE, ldflags: LDFLAGS, isWanted: isWantedVersion }],
    alternatives: 'set TEMPORAL_CLI to an existing temporal binary, or TEMPORAL_ADDRESS to a running server',
    expectedDuration: '~2-3 min',
    go: opts.go,
    heartbeatMs: opts.heartbeatMs,
    staleLockMs: opts.staleLockMs,
  });
  return cli;
}

function isWantedVersion(version: string | undefined): boolean {
  return version !== undefined && new RegExp(`^temporal version ${TEMPORAL_CLI_VERSION.replace(/\./g, '\\.')}\\b`).test(version);
}
