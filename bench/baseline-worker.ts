// A worker for the baseline workflow with Parley's worker settings (the SDK defaults, as src/worker uses).
import { NativeConnection, Worker } from '@temporalio/worker';

async function main() {
  const [address, namespace, taskQueue, bundlePath] = process.argv.slice(2);
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({ connection, namespace, taskQueue, workflowBundle: { codePath: bundlePath } });
  process.stdout.write('ready\n');
  await worker.run();
  await connection.close();
}

main().catch((err) => {
  process.stderr.write(`baseline worker failed: ${err}\n`);
  process.exit(1);
});
