// npm run chaos -- --minutes N: the fault test of test/integration/cluster-faults.test.ts, for longer.
import { parseArgs } from 'node:util';
import { formatReport, runClusterFaults } from './cluster-faults';

async function main() {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '10' },
      phones: { type: 'string', default: '12' },
      'text-every-ms': { type: 'string', default: '1000' },
      'data-dir': { type: 'string' },
    },
  });
  const report = await runClusterFaults({
    minutes: Number(values.minutes), phones: Number(values.phones), textEveryMs: Number(values['text-every-ms']), dataDir: values['data-dir'],
  });
  process.stdout.write(`${formatReport(report)}\n`);
  process.exit(report.problems.length ? 1 : 0);
}

main().catch((err) => {
  process.stderr.write(`chaos failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
