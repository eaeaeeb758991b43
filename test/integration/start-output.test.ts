// What a person sees of `npm start`'s supervisor (src/main/start.ts, run from its TypeScript the way its api and
// worker children then are): on a terminal, under `script` so stdout is a real TTY and Ctrl-C is a real ^C on it,
// and with its output piped, as an operator's log shipper would read it.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = path.resolve(__dirname, '../..');
const START = ['--import', 'tsx', path.join(ROOT, 'src/main/start.ts')];
const BANNER = 'Parley is running. Ctrl-C stops everything.';
const STEPS = ['Starting PostgreSQL', 'Starting Temporal', 'Migrating the database and loading the demo', 'Starting the SMS provider', 'Starting the api and the worker'];

interface Started {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

function startEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir, PORT: '0', SIMULATOR_PORT: '0', TEMPORAL_UI_PORT: '0', LOG_LEVEL: 'info',
    TEMPORAL_CLI: process.env.PARLEY_TEST_TEMPORAL_CLI ?? process.env.TEMPORAL_CLI,
  };
  for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'PUBLIC_BASE_URL', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_API_BASE_URL']) delete env[name];
  return env;
}

function collect(child: ChildProcess): Started {
  let output = '';
  // A TTY ends lines with \r\n.
  const add = (chunk: Buffer) => (output += chunk.toString().replace(/\r\n/g, '\n'));
  child.stdout!.on('data', add);
  child.stderr!.on('data', add);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForBanner(run: Started): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (!run.output().includes(BANNER)) {
    if (run.child.exitCode !== null || Date.now() > deadline) assert.fail(`the start command never printed its banner:\n${run.output()}`);
    await sleep(100);
  }
  // The banner ends with an empty line.
  while (!/Demo password.*\n\n/.test(run.output())) await sleep(50);
}

function assertQuietStop(output: string, code: number | null): void {
  assert.equal(code, 0, output);
  // What PostgreSQL and the pools said when PostgreSQL stopped before the api and worker had closed their pools.
  for (const alarm of [/FATAL/, /exited unexpectedly/, /Connection ended unexpectedly/, /did not stop within/, /failed/]) {
    assert.doesNotMatch(output, alarm, output);
  }
}

// Strips the colours pino-pretty gives a terminal.
const plain = (text: string) => text.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');

describe('the start command’s output', function () {
  this.timeout(150_000);
  const dirs: string[] = [];
  const running: ChildProcess[] = [];
  const dataDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-start-'));
    fs.chmodSync(dir, 0o755); // embedded PostgreSQL runs as the postgres user when we are root
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });
  after(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('issue 25: on a terminal, says each step with its time, prints readable lines after the banner, and a Ctrl-C stops it in order without alarms, exit 0', async () => {
    // `exec` makes the start command the terminal's foreground process group, as under `npm start`: ^C reaches it and
    // whatever it started in its own group.
    const command = ['exec', process.execPath, ...START].map((arg) => `'${arg}'`).join(' ');
    const run = collect(spawn('script', ['-qefc', command, '/dev/null'], { cwd: ROOT, env: startEnv(dataDir()), stdio: ['pipe', 'pipe', 'pipe'] }));
    running.push(run.child);
    await waitForBanner(run);
    const beforeBanner = plain(run.output().slice(0, run.output().indexOf(BANNER)));
    let from = 0;
    for (const step of STEPS) {
      const at = beforeBanner.indexOf(`${step}… `, from);
      assert.ok(at >= from, `no progress line "${step}…" after the previous step:\n${beforeBanner}`);
      from = at;
      assert.match(beforeBanner.slice(at), /^[^\n]*…[^]*?done in \d+\.\d s/, `"${step}" has no duration:\n${beforeBanner}`);
    }
    assert.doesNotMatch(beforeBanner, /^\s*\{"level"/m, `raw JSON before the banner:\n${beforeBanner}`);

    run.child.stdin!.write('\x03');
    const code = await run.exited;
    const afterBanner = plain(run.output().slice(run.output().indexOf(BANNER)));
    assertQuietStop(run.output(), code);
    assert.doesNotMatch(afterBanner, /^\s*\{/m, `raw JSON after the banner:\n${afterBanner}`);
    assert.match(afterBanner, /INFO: start · received SIGINT: stopping/);
    assert.match(afterBanner, /INFO: api · api stopping/);
    assert.match(afterBanner, /INFO: worker · worker stopped/);
    assert.match(afterBanner, /INFO: start · stopped\n/);
  });

  it('issue 25: with its output piped, writes one JSON line per step with its duration, and stops on SIGINT without alarms, exit 0', async () => {
    const run = collect(spawn(process.execPath, START, { cwd: ROOT, env: startEnv(dataDir()), stdio: ['ignore', 'pipe', 'pipe'] }));
    running.push(run.child);
    await waitForBanner(run);
    run.child.kill('SIGINT');
    const code = await run.exited;
    assertQuietStop(run.output(), code);
    const output = run.output();
    const bannerEnd = /Demo password[^\n]*\n\n/.exec(output)!;
    const lines = (output.slice(0, output.indexOf(BANNER)) + output.slice(bannerEnd.index + bannerEnd[0].length)).split('\n').filter((line) => line.trim());
    const records = lines.map((line) => {
      try {
        return JSON.parse(line) as { process: string; msg: string; step?: string; ms?: number };
      } catch {
        return assert.fail(`not a JSON line: ${line}\n${output}`);
      }
    });
    for (const step of STEPS) {
      assert.ok(records.some((r) => r.process === 'start' && r.step === step && typeof r.ms === 'number'), `no timed JSON line for "${step}":\n${output}`);
    }
    assert.ok(records.some((r) => r.process === 'start' && r.msg === 'stopped'), output);
  });
});
