import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { sharedServers } from '../support/servers';

// DESIGN: workflow changes keep replay compatibility, proven by replaying histories saved from real runs
// (scripts/capture-histories.ts): a whole conversation with an offer timeout, hold, continue-as-new and end.
describe('workflow replay of saved histories', function () {
  this.timeout(120_000);
  const dir = path.resolve(__dirname, '../histories');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

  it('has saved histories to replay', () => assert.ok(files.length >= 2, `found ${files.length} in ${dir}`));

  for (const file of files) {
    it(`replays ${file} without nondeterminism`, async () => {
      const { bundlePath } = await sharedServers();
      const { workflowId, history } = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
      await Worker.runReplayHistory({ workflowBundle: { codePath: bundlePath } }, temporal.api.history.v1.History.fromObject(history), workflowId);
    });
  }
});
