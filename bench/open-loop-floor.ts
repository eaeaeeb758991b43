// The engine's own floor at a fixed open-loop rate, against a running `npm start`: CPU per signal of the Temporal
// server (and of the workflow's worker) for the trivial counting workflow, then CPU per text of each Parley process
// for texts from the virtual phones into 100 open conversations at the same rate. Closed-loop rounds batch texts into
// fewer signals and workflow tasks; spread out, every text is a signal and a task, and this says what the server
// alone charges for one. Usage: npm start, then `npx tsx bench/open-loop-floor.ts [--rate 60] [--seconds 20]`.
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { cpuSeconds } from './cpu-accounting';
import { openLoop } from './load-generator';

const { values } = parseArgs({ options: { rate: { type: 'string' }, seconds: { type: 'string' } } });
const RATE = Number(values.rate ?? 60);
const SECONDS = Number(values.seconds ?? 20);
const TEMPORAL = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
const PHONES = process.env.PHONES_URL ?? 'http://127.0.0.1:3100';
const COMPANY = process.env.COMPANY_NUMBER ?? '+15005550006';
if (!(RATE > 0) || !(SECONDS > 0)) throw new Error('--rate and --seconds must be positive numbers');

/** The pid of the process whose command line contains `needle` (first found). */
function pidOf(needle: string): number {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').includes(needle)) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  throw new Error(`no running process matches "${needle}": is \`npm start\` running?`);
}

/** CPU milliseconds per item of each process over `run`, with a settling pause after it. */
async function measure(roots: Record<string, number>, items: number, run: () => Promise<void>): Promise<string> {
  const before = cpuSeconds(roots);
  await run();
  await new Promise((r) => setTimeout(r, 2000));
  const after = cpuSeconds(roots);
  return Object.keys(roots).map((k) => `${k} ${((((after[k] ?? 0) - (before[k] ?? 0)) * 1000) / items).toFixed(2)}`).join(', ');
}

async function main() {
  const roots = {
    temporal: pidOf('temporal server start-dev'),
    worker: pidOf('dist/src/main/worker.js'),
    api: pidOf('dist/src/main/api.js'),
    postgres: pidOf('.data/postgres'),
  };
  const texts = Math.round(RATE * SECONDS);
  const connection = await Connection.connect({ address: TEMPORAL });
  const client = new Client({ connection });

  // The trivial workflow, on its own task queue, served by the bench's baseline worker (Parley's worker settings).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-floor-'));
  const bundle = path.join(dir, 'bundle.js');
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('./baseline-workflow'), logger: new DefaultLogger('WARN') });
  fs.writeFileSync(bundle, code);
  const queue = `floor-${randomUUID()}`;
  // Built JavaScript, as `npm run bench` runs it: under tsx, source maps make the SDK's stack captures dearer.
  const project = path.resolve(__dirname, '..');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(project, 'tsconfig.bench.json')], { stdio: 'inherit' });
  const baseline = spawn(process.execPath, [path.join(project, 'dist', 'bench', 'baseline-worker.js'), TEMPORAL, 'default', queue, bundle], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise((r) => baseline.stdout!.once('data', r));
    const ids = Array.from({ length: 100 }, () => `floor-${randomUUID()}`);
    const signal = (id: string) =>
      client.workflow.signalWithStart('countingWorkflow', { workflowId: id, taskQueue: queue, args: [{}], signal: 'inbound', signalArgs: [{ messageId: randomUUID() }] });
    for (const id of ids) await signal(id);
    await new Promise((r) => setTimeout(r, 3000));
    const trivial = await measure({ temporal: roots.temporal, 'its worker': baseline.pid! }, texts, () => openLoop(texts, RATE, (i) => signal(ids[i % ids.length])));
    process.stdout.write(`trivial workflow, ${RATE}/s open loop: CPU ms per signal: ${trivial}\n`);
    await Promise.all(ids.map((id) => client.workflow.getHandle(id).terminate('floor measured').catch(() => undefined)));
  } finally {
    baseline.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  // Parley: 100 virtual phones, each with an open conversation, texting at the same rate through the simulator.
  const phones = Array.from({ length: 100 }, (_, i) => `+1555881${String(i).padStart(4, '0')}`);
  const text = async (from: string, body: string) => {
    const res = await fetch(`${PHONES}/sim/phones/${encodeURIComponent(from)}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to: COMPANY, body }) });
    if (res.status !== 201) throw new Error(`the phones API answered ${res.status}: ${await res.text()}`);
  };
  for (const p of phones) {
    await fetch(`${PHONES}/sim/phones/${encodeURIComponent(p)}`, { method: 'PUT' });
    await text(p, 'opening');
  }
  await new Promise((r) => setTimeout(r, 5000));
  const parley = await measure(roots, texts, () => openLoop(texts, RATE, (i) => text(phones[i % phones.length], `floor ${i}`)));
  process.stdout.write(`Parley, ${RATE}/s open loop into open conversations: CPU ms per text: ${parley}\n`);
  await connection.close();
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});
