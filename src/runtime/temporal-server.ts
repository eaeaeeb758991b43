import path from 'node:path';
import { defaultCacheDir, ensureGoTools } from './go-build';
import { toLineLog, type RuntimeLog } from './log';

// The server and UI that the Temporal CLI 1.5.1 embeds (DESIGN.md), built as separate programs for the production
// shape. Both modules install with `go install pkg@version` (no replace directives).
export const TEMPORAL_SERVER_VERSION = '1.29.1';
export const TEMPORAL_UI_VERSION = '2.42.1';

export interface TemporalServerBinaries {
  /** `temporal-server`: one binary for the frontend, history, matching and worker services. */
  server: string;
  /** `temporal-sql-tool`: creates the databases and applies the schema it embeds. */
  sqlTool: string;
  /** The Web UI server, when it could be built. */
  ui?: string;
}

export interface EnsureTemporalServerOptions {
  log: RuntimeLog;
  /** Defaults to `${XDG_CACHE_HOME || ~/.cache}/parley`, shared with the CLI's build. */
  cacheDir?: string;
  go?: string;
  heartbeatMs?: number;
  /** Also build the Web UI server (default true); a failed UI build is reported, not fatal. */
  ui?: boolean;
}

const versioned = (prefix: string, version: string) => (output: string | undefined) =>
  output !== undefined && new RegExp(`^${prefix} ${version.replace(/\./g, '\\.')}\\b`).test(output);

export function temporalServerDir(cacheDir = defaultCacheDir()): string {
  return path.join(cacheDir, `temporal-server-${TEMPORAL_SERVER_VERSION}`);
}

/** The server and SQL tool 1.29.1 (and UI 2.42.1), cached per machine like the CLI, built once under a lock. */
export async function ensureTemporalServer(opts: EnsureTemporalServerOptions): Promise<TemporalServerBinaries> {
  const cacheDir = opts.cacheDir ?? defaultCacheDir();
  const common = { log: opts.log, go: opts.go, heartbeatMs: opts.heartbeatMs, alternatives: 'set TEMPORAL_ADDRESS to a running Temporal server' };
  const [server, sqlTool] = await ensureGoTools({
    ...common,
    what: `Temporal server ${TEMPORAL_SERVER_VERSION} and its SQL tool`,
    shortName: 'Temporal server',
    dir: temporalServerDir(cacheDir),
    expectedDuration: '~3-5 min',
    tools: [
      { file: 'temporal-server', pkg: `go.temporal.io/server/cmd/server@v${TEMPORAL_SERVER_VERSION}`, ldflags: '-s -w', isWanted: versioned('temporal version', TEMPORAL_SERVER_VERSION) },
      { file: 'temporal-sql-tool', pkg: `go.temporal.io/server/cmd/tools/sql@v${TEMPORAL_SERVER_VERSION}`, ldflags: '-s -w', isWanted: versioned('temporal-sql-tool version', TEMPORAL_SERVER_VERSION) },
    ],
  });
  if (opts.ui === false) return { server, sqlTool };
  try {
    const [ui] = await ensureGoTools({
      ...common,
      what: `Temporal UI server ${TEMPORAL_UI_VERSION}`,
      shortName: 'Temporal UI server',
      dir: path.join(cacheDir, `temporal-ui-${TEMPORAL_UI_VERSION}`),
      expectedDuration: '~1 min',
      tools: [{ file: 'temporal-ui-server', pkg: `github.com/temporalio/ui-server/v2/cmd/server@v${TEMPORAL_UI_VERSION}`, ldflags: '-s -w', isWanted: versioned('Temporal UI version', TEMPORAL_UI_VERSION) }],
    });
    return { server, sqlTool, ui };
  } catch (err) {
    toLineLog(opts.log).warn(`no Temporal Web UI: ${(err as Error).message.split('\n')[0]}`);
    return { server, sqlTool };
  }
}
