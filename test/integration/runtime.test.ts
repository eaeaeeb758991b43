import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { Client, Connection } from '@temporalio/client';
import { ALL_SEARCH_ATTRIBUTES, SA } from '../../src/domain/search-attributes';
import {
  canListen,
  ensureTemporalCli,
  ensureTemporalServer,
  freePort,
  listCustomSearchAttributes,
  restartableTemporalDevServer,
  spawnChild,
  startEmbeddedPostgres,
  startTemporalDevServer,
  type EmbeddedPostgres,
  type TemporalDevServer,
} from '../../src/runtime';
import { isAlive, processesInDirectory } from '../../src/runtime/process-table';

const REPO = path.resolve(__dirname, '../..');
const INDEXED_VALUE_TYPE_KEYWORD = 2;

const tempDirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `parley-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}

// Collected rather than printed, so tests can assert on what the runtime said.
const logLines: string[] = [];
const log = (line: string) => logLines.push(line);
const measured = (what: string, since: number) => console.log(`      measured: ${what} ${Date.now() - since} ms`);

async function queryOne<T>(url: string, sql: string): Promise<T> {
  const client = new PgClient({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows[0] as T;
  } finally {
    await client.end();
  }
}

async function waitFor(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

interface Script {
  pid: number;
  output(): string;
  waitForLine(pattern: RegExp): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
}

/** Runs a snippet in a separate Node process with tsx, so a test can signal or SIGKILL "the product". */
function startScript(code: string): Script {
  const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', code], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    pid: child.pid as number,
    output: () => output,
    exited,
    async waitForLine(pattern) {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const match = output.match(pattern);
        if (match) return match;
        if (child.exitCode !== null || Date.now() > deadline) assert.fail(`script never printed ${pattern}:\n${output}`);
        await sleep(50);
      }
    },
  };
}

after(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('runtime: freePort', () => {
  it('returns the preferred port when it can be bound', async () => {
    const port = await freePort();
    assert.ok(port > 0);
    assert.equal(await freePort(port), port);
  });

  it('returns another free port when the preferred one is taken', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const taken = (server.address() as net.AddressInfo).port;
    try {
      const other = await freePort(taken);
      assert.notEqual(other, taken);
      assert.equal(await canListen(other), true);
    } finally {
      server.close();
    }
  });
});

describe('runtime: children', () => {
  it('prefixes output lines with the name and SIGKILLs a child that ignores SIGTERM', async () => {
    const lines: string[] = [];
    const child = await spawnChild(
      'stubborn',
      process.execPath,
      ['-e', "process.on('SIGTERM', () => console.log('ignoring SIGTERM')); console.log('hello'); setInterval(() => {}, 1000)"],
      { log: (line) => lines.push(line), stopTimeoutMs: 500 },
    );
    await waitFor('the hello line', () => lines.includes('[stubborn] hello'), 5_000);
    const exit = await child.stop();
    assert.equal(exit.signal, 'SIGKILL');
    assert.equal(exit.expected, true);
    assert.ok(lines.includes('[stubborn] ignoring SIGTERM'), lines.join('\n'));
  });

  it('stops a child when its parent is SIGKILLed', async function () {
    this.timeout(30_000);
    const script = startScript(`
      const { spawnChild } = require('./src/runtime/children.ts');
      spawnChild('sleeper', 'sleep', ['300'], { log: () => {} }).then((c) => console.log('CHILD ' + c.pid));
      setInterval(() => {}, 1000);`);
    const childPid = Number((await script.waitForLine(/CHILD (\d+)/))[1]);
    assert.ok(isAlive(childPid));
    process.kill(script.pid, 'SIGKILL');
    await waitFor('the orphaned child to be stopped', () => !isAlive(childPid), 5_000);
  });

  it('on SIGTERM stops the steps in reverse order of start, then exits 0', async function () {
    this.timeout(30_000);
    const script = startScript(`
      const { spawnChild, installShutdown } = require('./src/runtime/children.ts');
      (async () => {
        const a = await spawnChild('a', 'sleep', ['300'], { log: console.log });
        const b = await spawnChild('b', 'sleep', ['300'], { log: console.log });
        const database = { name: 'database', stop: async () => { console.log('STOPPING database'); await b.stop(); } };
        const api = { name: 'api', stop: async () => { await new Promise((r) => setTimeout(r, 300)); console.log('STOPPED api'); await a.stop(); } };
        const shutdown = installShutdown([database], { log: console.log });
        shutdown.add(api);
        console.log('READY ' + a.pid + ' ' + b.pid);
      })();`);
    const [, a, b] = (await script.waitForLine(/READY (\d+) (\d+)/)).map(Number);
    process.kill(script.pid, 'SIGTERM');
    assert.equal(await script.exited, 0, script.output());
    const output = script.output();
    assert.ok(output.includes('STOPPED api'), output);
    assert.ok(output.indexOf('STOPPED api') < output.indexOf('STOPPING database'), output);
    assert.equal(isAlive(a), false);
    assert.equal(isAlive(b), false);
  });

  it('on a second Ctrl-C kills the children and exits 130 without waiting for a stuck step', async function () {
    this.timeout(30_000);
    const script = startScript(`
      const { spawnChild, installShutdown } = require('./src/runtime/children.ts');
      (async () => {
        const c = await spawnChild('c', 'sleep', ['300'], { log: console.log });
        installShutdown([c, { name: 'stuck', stop: () => new Promise(() => {}) }], { log: console.log });
        console.log('READY ' + c.pid);
      })();
      setInterval(() => {}, 1000);`);
    const child = Number((await script.waitForLine(/READY (\d+)/))[1]);
    process.kill(script.pid, 'SIGINT');
    await script.waitForLine(/received SIGINT: stopping/);
    await sleep(200);
    assert.ok(isAlive(child), 'the child waits behind the stuck step');
    process.kill(script.pid, 'SIGINT');
    assert.equal(await script.exited, 130, script.output());
    await waitFor('the child to be killed', () => !isAlive(child), 5_000);
  });
});

describe('runtime: embedded PostgreSQL', function () {
  this.timeout(60_000);
  const running: EmbeddedPostgres[] = [];
  const start = async (dataDir: string) => {
    const pg = await startEmbeddedPostgres({ dataDir, log });
    running.push(pg);
    return pg;
  };
  afterEach(async () => {
    await Promise.all(running.splice(0).map((pg) => pg.stop()));
  });

  it('starts in an empty directory, answers select 1 on a port other than 5432, and stops', async () => {
    const dataDir = tempDir('pg');
    const t0 = Date.now();
    const pg = await start(dataDir);
    measured('first PostgreSQL start (initdb)', t0);
    assert.notEqual(pg.port, 5432);
    assert.match(pg.url, /^postgres:\/\/.+@127\.0\.0\.1:\d+\/parley$/);
    assert.deepEqual(await queryOne(pg.url, 'select 1 as one'), { one: 1 });
    await pg.stop();
    assert.equal(isAlive(pg.pid), false);
    await assert.rejects(queryOne(pg.url, 'select 1'));
  });

  it('keeps the data for the next start on the same directory', async () => {
    const dataDir = tempDir('pg');
    const first = await start(dataDir);
    await queryOne(first.url, "create table kept as select 'before restart'::text as v");
    await first.stop();
    const t0 = Date.now();
    const second = await start(dataDir);
    measured('PostgreSQL restart on existing data', t0);
    assert.deepEqual(await queryOne(second.url, 'select v from kept'), { v: 'before restart' });
  });

  it('starts after its postmaster was SIGKILLed, and the old handle stops at once', async () => {
    const dataDir = tempDir('pg');
    const first = await start(dataDir);
    await queryOne(first.url, "create table kept as select 'survives SIGKILL'::text as v");
    const pidFile = path.join(first.databaseDir, 'postmaster.pid');
    const postmaster = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    assert.equal(postmaster, first.pid);
    process.kill(postmaster, 'SIGKILL');
    await waitFor('the postmaster to die', () => !isAlive(postmaster), 5_000);
    assert.ok(fs.existsSync(pidFile), 'a SIGKILLed postmaster leaves postmaster.pid behind');

    const second = await start(dataDir);
    assert.deepEqual(await queryOne(second.url, 'select v from kept'), { v: 'survives SIGKILL' });
    const t0 = Date.now();
    await first.stop();
    assert.ok(Date.now() - t0 < 5_000);
    assert.deepEqual(await queryOne(second.url, 'select 1 as one'), { one: 1 }, 'stopping the dead handle must not touch the new server');
  });

  it('stops a server left running by a killed process (watchdog killed too) before starting', async () => {
    const dataDir = tempDir('pg');
    const script = startScript(`
      const { startEmbeddedPostgres } = require('./src/runtime/embedded-postgres.ts');
      startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, log: () => {} })
        .then((pg) => console.log('PG ' + pg.pid + ' ' + pg.url));
      setInterval(() => {}, 1000);`);
    const match = await script.waitForLine(/PG (\d+) (\S+)/);
    const orphan = Number(match[1]);
    await queryOne(match[2], "create table kept as select 'from the dead run'::text as v");
    // Simulates a machine where the watchdog did not survive either (e.g. the whole tree was SIGKILLed).
    const watchdogs = execFileSync('pgrep', ['-f', `parley-watchdog ${orphan} `], { encoding: 'utf8' }).split('\n').filter(Boolean);
    for (const dog of watchdogs) process.kill(Number(dog), 'SIGKILL');
    process.kill(script.pid, 'SIGKILL');
    await sleep(200);
    assert.ok(isAlive(orphan), 'the orphaned postmaster is still running');

    const pg = await start(dataDir);
    assert.equal(isAlive(orphan), false);
    assert.deepEqual(await queryOne(pg.url, 'select v from kept'), { v: 'from the dead run' });
    assert.ok(logLines.some((line) => line.includes(`left running by a previous run (pid ${orphan})`)));
  });

  it('refuses a second server on a directory this process already serves', async () => {
    const dataDir = tempDir('pg');
    const pg = await start(dataDir);
    await assert.rejects(startEmbeddedPostgres({ dataDir, log }), /already running/);
    assert.deepEqual(await queryOne(pg.url, 'select 1 as one'), { one: 1 });
    assert.deepEqual(processesInDirectory(pg.databaseDir).includes(pg.pid), true);
  });
});

describe('runtime: Temporal CLI', function () {
  this.timeout(30_000);

  // A fake `go` that "downloads" modules slowly and installs a script reporting version 1.5.1.
  function fakeGo(dir: string): { go: string; calls: () => number } {
    const go = path.join(dir, 'go');
    const counter = path.join(dir, 'calls');
    fs.writeFileSync(
      go,
      `#!/bin/sh
[ "$1" = version ] && { echo "go version go1.26 fake"; exit 0; }
echo x >> ${JSON.stringify(counter)}
for m in a b c; do echo "go: downloading example.com/$m v1.0.0" >&2; sleep 0.3; done
printf '#!/bin/sh\\necho "temporal version 1.5.1 (Server 1.29.1, UI 2.42.1)"\\n' > "$GOBIN/temporal"
chmod +x "$GOBIN/temporal"
`,
      { mode: 0o755 },
    );
    return { go, calls: () => (fs.existsSync(counter) ? fs.readFileSync(counter, 'utf8').split('\n').filter(Boolean).length : 0) };
  }

  it('builds once into the cache for two concurrent callers, with progress lines', async () => {
    const dir = tempDir('cli');
    const { go, calls } = fakeGo(dir);
    const cacheDir = path.join(dir, 'cache');
    const lines: string[] = [];
    const opts = { log: (line: string) => lines.push(line), cacheDir, go, heartbeatMs: 250 };
    const [a, b] = await Promise.all([ensureTemporalCli(opts), ensureTemporalCli(opts)]);
    assert.equal(a, path.join(cacheDir, 'temporal-1.5.1', 'temporal'));
    assert.equal(b, a);
    assert.equal(calls(), 1);
    assert.ok(lines.some((line) => line.startsWith('building Temporal CLI 1.5.1 from the Go module proxy')), lines.join('\n'));
    assert.ok(lines.some((line) => /still building Temporal CLI: \d+ s elapsed, [1-3] modules downloaded/.test(line)), lines.join('\n'));
    assert.deepEqual(fs.readdirSync(path.dirname(a)), ['temporal'], 'no lock or temporary GOBIN left behind');
    assert.equal(await ensureTemporalCli(opts), a);
    assert.equal(calls(), 1, 'a cached CLI is not rebuilt');
  });

  it('takes over a build lock whose owner is dead', async () => {
    const dir = tempDir('cli');
    const { go, calls } = fakeGo(dir);
    const cacheDir = path.join(dir, 'cache');
    const lockDir = path.join(cacheDir, 'temporal-1.5.1', 'build.lock');
    fs.mkdirSync(lockDir, { recursive: true });
    fs.writeFileSync(path.join(lockDir, 'owner'), '999999999\n');
    await ensureTemporalCli({ log, cacheDir, go });
    assert.equal(calls(), 1);
  });

  it('says Go is needed when it cannot be run', async () => {
    const dir = tempDir('cli');
    await assert.rejects(
      ensureTemporalCli({ log, cacheDir: path.join(dir, 'cache'), go: path.join(dir, 'no-such-go') }),
      /Go is needed to build the Temporal CLI 1\.5\.1.*TEMPORAL_CLI/s,
    );
  });
});

describe('runtime: Temporal server and UI builds (npm run cluster)', function () {
  this.timeout(30_000);

  // A fake `go` that installs scripts reporting the versions the real binaries print, named as `go install` names
  // them (the package's last path element); it can be told to fail the UI.
  function fakeGo(dir: string, opts: { failUi?: boolean } = {}): { go: string; calls: () => string[] } {
    const go = path.join(dir, 'go');
    const calls = path.join(dir, 'calls');
    fs.writeFileSync(
      go,
      `#!/bin/sh
[ "$1" = version ] && { echo "go version go1.26 fake"; exit 0; }
for last; do :; done
echo "$last" >> ${JSON.stringify(calls)}
echo "go: downloading example.com/m v1.0.0" >&2
case "$last" in
  go.temporal.io/server/cmd/server@v1.29.1) name=server; out="temporal version 1.29.1" ;;
  go.temporal.io/server/cmd/tools/sql@v1.29.1) name=sql; out="temporal-sql-tool version 1.29.1" ;;
  github.com/temporalio/ui-server/v2/cmd/server@v2.42.1) ${opts.failUi ? 'echo "no UI here" >&2; exit 1' : 'name=server; out="Temporal UI version 2.42.1"'} ;;
  *) echo "unexpected $last" >&2; exit 1 ;;
esac
printf '#!/bin/sh\necho "%s"\n' "$out" > "$GOBIN/$name"
chmod +x "$GOBIN/$name"
`,
      { mode: 0o755 },
    );
    return { go, calls: () => (fs.existsSync(calls) ? fs.readFileSync(calls, 'utf8').split('\n').filter(Boolean) : []) };
  }

  it('builds the server, its SQL tool and the UI once per cache, under the build lock, and reuses them', async () => {
    const dir = tempDir('server');
    const { go, calls } = fakeGo(dir);
    const cacheDir = path.join(dir, 'cache');
    const lines: string[] = [];
    const opts = { log: (line: string) => lines.push(line), cacheDir, go };
    const [a, b] = await Promise.all([ensureTemporalServer(opts), ensureTemporalServer(opts)]);
    assert.deepEqual(a, {
      server: path.join(cacheDir, 'temporal-server-1.29.1', 'temporal-server'),
      sqlTool: path.join(cacheDir, 'temporal-server-1.29.1', 'temporal-sql-tool'),
      ui: path.join(cacheDir, 'temporal-ui-2.42.1', 'temporal-ui-server'),
    });
    assert.deepEqual(b, a);
    assert.equal(calls().length, 3, calls().join('\n'));
    assert.ok(lines.some((line) => line.startsWith('building Temporal server 1.29.1 and its SQL tool from the Go module proxy')), lines.join('\n'));
    assert.deepEqual(fs.readdirSync(path.dirname(a.server)).sort(), ['temporal-server', 'temporal-sql-tool'], 'no lock or GOBIN left');
    assert.deepEqual(await ensureTemporalServer(opts), a);
    assert.equal(calls().length, 3, 'cached binaries are not rebuilt');
  });

  it('runs without the UI when the UI cannot be built, and says so', async () => {
    const dir = tempDir('server');
    const { go } = fakeGo(dir, { failUi: true });
    const lines: string[] = [];
    const bins = await ensureTemporalServer({ log: (line) => lines.push(line), cacheDir: path.join(dir, 'cache'), go });
    assert.equal(bins.ui, undefined);
    assert.ok(fs.existsSync(bins.server) && fs.existsSync(bins.sqlTool));
    assert.ok(lines.some((line) => /^no Temporal Web UI: go install github.com\/temporalio\/ui-server/.test(line)), lines.join('\n'));
  });
});

describe('runtime: Temporal dev server', function () {
  // The first run on a machine builds the CLI (~2.5 min); afterwards it is cached.
  this.timeout(120_000);
  let cliPath: string;
  const running: TemporalDevServer[] = [];
  const connections: Connection[] = [];

  before(async function () {
    this.timeout(15 * 60_000);
    cliPath = await ensureTemporalCli({ log: (line) => console.log(`      ${line}`), cliPath: process.env.TEMPORAL_CLI });
  });
  afterEach(async () => {
    await Promise.all(connections.splice(0).map((c) => c.close()));
    await Promise.all(running.splice(0).map((s) => s.stop()));
  });

  const connect = async (address: string) => {
    const connection = await Connection.connect({ address });
    connections.push(connection);
    return connection;
  };
  const expectAllSearchAttributes = async (connection: Connection, namespace: string) => {
    const attributes = await listCustomSearchAttributes(connection, namespace);
    for (const key of ALL_SEARCH_ATTRIBUTES) {
      assert.equal(attributes[key.name], INDEXED_VALUE_TYPE_KEYWORD, `${key.name} is a Keyword search attribute`);
    }
  };

  it('starts on free ports with all search attributes, and again on the same port and SQLite file', async () => {
    const dataDir = tempDir('temporal');
    const server = restartableTemporalDevServer({ cliPath, dataDir, headless: true, log });
    let t0 = Date.now();
    const first = await server.start();
    running.push(first);
    measured('Temporal dev server start (new SQLite file)', t0);
    assert.equal(first.uiUrl, undefined);
    assert.ok(fs.existsSync(path.join(dataDir, 'temporal.sqlite')));

    const connection = await connect(first.address);
    await expectAllSearchAttributes(connection, first.namespace);
    const client = new Client({ connection, namespace: first.namespace });
    const workflowId = `runtime-test-${randomUUID()}`;
    // No worker needed: an open execution is enough to prove the SQLite file is reused.
    await client.workflow.start('noSuchWorkflow', {
      taskQueue: `runtime-test-${randomUUID()}`,
      workflowId,
      typedSearchAttributes: [{ key: SA.QueueId, value: 'queue-1' }],
    });
    await connection.close();
    connections.splice(0);

    t0 = Date.now();
    await server.stop();
    measured('Temporal dev server stop', t0);
    await assert.rejects(Connection.connect({ address: first.address, connectTimeout: 1_000 }), 'unreachable while stopped');

    t0 = Date.now();
    const second = await server.start();
    running.push(second);
    measured('Temporal dev server restart (existing SQLite file)', t0);
    assert.equal(second.address, first.address);
    assert.notEqual(second.pid, first.pid);
    const again = await connect(second.address);
    await expectAllSearchAttributes(again, second.namespace);
    const handle = new Client({ connection: again, namespace: second.namespace }).workflow.getHandle(workflowId);
    const description = await handle.describe();
    assert.equal(description.status.name, 'RUNNING');
    assert.equal(description.typedSearchAttributes.get(SA.QueueId), 'queue-1');
    await handle.terminate('test done');
  });

  it('registers search attributes that an existing SQLite file lacks, in a custom namespace with the Web UI on', async () => {
    const dataDir = tempDir('temporal');
    const namespace = 'parley-test';
    const first = await startTemporalDevServer({ cliPath, dataDir, namespace, searchAttributes: [SA.QueueId], log });
    running.push(first);
    assert.match(first.uiUrl ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    const ui = await fetch(first.uiUrl as string);
    assert.equal(ui.status, 200);
    const before = await listCustomSearchAttributes(await connect(first.address), namespace);
    assert.deepEqual(Object.keys(before), ['QueueId']);
    await Promise.all(connections.splice(0).map((c) => c.close()));
    await first.stop();

    // --search-attribute is ignored for an existing namespace, so the four others must come from the operator API.
    const second = await startTemporalDevServer({ cliPath, dataDir, namespace, port: first.port, headless: true, log });
    running.push(second);
    await expectAllSearchAttributes(await connect(second.address), namespace);
    assert.ok(logLines.some((line) => /registering search attributes .*RequesterNumber/.test(line)));
  });

  it('rejects with the server log when the server exits during start', async () => {
    const dataDir = tempDir('temporal');
    await assert.rejects(
      startTemporalDevServer({ cliPath, dataDir, headless: true, extraArgs: ['--no-such-flag'], log }),
      /Temporal dev server did not start: the server exited.*no-such-flag/s,
    );
  });

  it('refuses a gRPC port that is already taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await assert.rejects(
        startTemporalDevServer({ cliPath, dataDir: tempDir('temporal'), port, headless: true, log }),
        new RegExp(`port 127\\.0\\.0\\.1:${port} is already in use`),
      );
    } finally {
      blocker.close();
    }
  });
});
