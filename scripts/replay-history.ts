// Replays saved workflow histories (as scripts/capture-histories.ts and the chaos run save them) against the current
// workflow code and says which replay with a nondeterminism error:
//   npx tsx scripts/replay-history.ts test/histories/known-nondeterminism/*.json
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { bundleWorkflows } from '../src/main/bundle-workflows';

async function main() {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const bundle = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'parley-replay-')), 'bundle.js');
  await bundleWorkflows(bundle);
  let failed = 0;
  for (const file of process.argv.slice(2)) {
    const { workflowId, history } = JSON.parse(fs.readFileSync(file, 'utf8'));
    try {
      await Worker.runReplayHistory({ workflowBundle: { codePath: bundle } }, temporal.api.history.v1.History.fromObject(history), workflowId);
      process.stdout.write(`replays: ${file}\n`);
    } catch (err) {
      failed++;
      process.stdout.write(`FAILS:   ${file}\n  ${String(err).slice(0, 400)}\n`);
    }
  }
  process.exit(failed ? 1 : 0);
}

void main();
