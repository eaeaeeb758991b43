import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { versionOf, WORKFLOW_VERSION } from '../../src/workflows/versions';
import { sharedServers } from '../support/servers';

// DESIGN: workflow changes keep replay compatibility, proven by replaying histories saved from real runs
// (scripts/capture-histories.ts): a whole conversation with an offer timeout, hold, continue-as-new and end. All of
// them replay in one replay worker (one runReplayHistories call); a failure names each history that failed and why.
// known-nondeterminism/ holds evidence of an old defect, outside this corpus (scripts/replay-history.ts).
describe('workflow replay of saved histories', function () {
  this.timeout(120_000);
  const dir = path.resolve(__dirname, '../histories');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

  it('has saved histories to replay', () => assert.ok(files.length >= 2, `found ${files.length} in ${dir}`));

  it('issue 26: holds histories of the current workflow version, none of a later one (a bump comes with its capture)', () => {
    const versions = new Set(files.map((file) => {
      const { history } = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
      const data = history.events[0].workflowExecutionStartedEventAttributes.input.payloads[0].data;
      return versionOf(JSON.parse(Buffer.from(data, 'base64').toString('utf8')));
    }));
    assert.ok(versions.has(WORKFLOW_VERSION), `no saved history of version ${WORKFLOW_VERSION}: capture a set (scripts/capture-histories.ts)`);
    assert.ok(Math.max(...versions) <= WORKFLOW_VERSION, `saved histories of versions ${[...versions].join(', ')}`);
  });

  it(`replays every saved history (${files.length}) without nondeterminism`, async () => {
    const { bundlePath } = await sharedServers();
    let current = '';
    function* histories() {
      for (const file of files) {
        current = file; // histories replay one at a time: each result is the last one handed over
        const { workflowId, history } = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
        yield { workflowId: workflowId as string, history: temporal.api.history.v1.History.fromObject(history) };
      }
    }
    const replayed: string[] = [];
    const failed: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: bundlePath } }, histories())) {
      replayed.push(current);
      if (result.error) failed.push(`${current} (${result.workflowId}): ${result.error.name}: ${result.error.message}`);
    }
    assert.deepEqual(failed, [], `${failed.length} of ${files.length} histories failed to replay:\n  ${failed.join('\n  ')}`);
    assert.deepEqual(replayed, files, 'every history replayed');
  });
});
