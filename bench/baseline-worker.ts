// A worker for the baseline workflow with exactly Parley's worker settings (src/worker/tuning.ts and the workflow
// cache's size, WORKER_MAX_CACHED_WORKFLOWS, from the same environment as Parley's worker). With a fifth
// argument, it appends "messageId epochMs" to that file for every signal handled (the workflow's sink), so the
// bench can time signal → handled.
import fs from 'node:fs';
import { NativeConnection, Worker, type InjectedSinks } from '@temporalio/worker';
import { loadConfig } from '../src/config';
import { WORKER_TUNING } from '../src/worker/tuning';
import type { BaselineSinks } from './baseline-workflow';

async function main() {
  const [address, namespace, taskQueue, bundlePath, handledLog] = process.argv.slice(2);
  const out = handledLog ? fs.createWriteStream(handledLog, { flags: 'a' }) : null;
  const sinks: InjectedSinks<BaselineSinks> = {
    bench: { handled: { fn: (_info, messageId) => void out?.write(`${messageId} ${Date.now()}\n`) } },
  };
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({ connection, namespace, taskQueue, workflowBundle: { codePath: bundlePath }, sinks, ...WORKER_TUNING, maxCachedWorkflows: loadConfig().WORKER_MAX_CACHED_WORKFLOWS });
  process.stdout.write('ready\n');
  await worker.run();
  out?.end();
  await connection.close();
}

main().catch((err) => {
  process.stderr.write(`baseline worker failed: ${err}\n`);
  process.exit(1);
});
