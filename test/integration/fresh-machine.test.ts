import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '../..');

describe('a fresh machine (issue 12)', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-fresh-'));
    // A fake `go` whose install takes 3 s and leaves a `temporal` that reports the wanted version.
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(
      path.join(bin, 'go'),
      `#!/bin/sh
if [ "$1" = version ]; then echo "go version go1.25.0 linux/amd64"; exit 0; fi
echo "go: downloading github.com/temporalio/cli v1.5.1" >&2
sleep 3
printf '#!/bin/sh\\necho "temporal version 1.5.1 (Server 1.29.1, UI 2.42.1)"\\n' > "$GOBIN/temporal"
chmod +x "$GOBIN/temporal"
`,
      { mode: 0o755 },
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('builds the Temporal CLI before any suite’s timeout starts, with progress lines', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`, XDG_CACHE_HOME: path.join(dir, 'cache'), SUITE_TIMEOUT_MS: '1500' };
    delete env.TEMPORAL_CLI;
    const mocha = path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
    const run = await promisify(execFile)(
      process.execPath,
      [mocha, '--no-config', '--require', 'tsx/cjs', '--require', 'test/support/global-hooks.ts', '--extension', 'ts', 'test/fixtures/cold-cli-suite.ts'],
      { cwd: ROOT, env },
    ).catch((err: { stdout: string; stderr: string; code: number }) => err);
    assert.match(run.stdout, /1 passing/, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stderr, /building Temporal CLI 1\.5\.1/);
    assert.ok(fs.existsSync(path.join(dir, 'cache', 'parley', 'temporal-1.5.1', 'temporal')));
  });
});
