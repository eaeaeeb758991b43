import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';

/** Prebuilds the workflow bundle so workers start without running webpack (temporal.md §4). */
export async function bundleWorkflows(outFile: string): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: new DefaultLogger('WARN') });
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, code);
}

if (require.main === module) {
  const out = process.argv[2] ?? path.resolve(__dirname, '../../workflow-bundle.js');
  bundleWorkflows(out).then(
    () => process.stdout.write(`workflow bundle written to ${out}\n`),
    (err) => {
      process.stderr.write(`workflow bundle failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
