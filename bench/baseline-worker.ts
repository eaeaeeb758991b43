// A worker for the baseline workflow with exactly Parley's worker settings (src/worker/tuning.ts).
import { NativeConnection, Worker } from '@temporalio/worker';
import { WORKER_TUNING } from '../src/worker/tuning';

async function main() {
  const [address, namespace, taskQueue, bundlePath] = process.argv.slice(2);
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({ connection, namespace, taskQueue, workflowBundle: { codePath: bundlePath }, ...WORKER_TUNING });
  process.stdout.write('ready\n');
  await worker.run();
  await connection.close();
}

main().catch((err) => {
  process.stderr.write(`baseline worker failed: ${err}\n`);
  process.exit(1);
});
