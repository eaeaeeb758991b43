// npm run bench — how fast Parley takes in texts, against the Temporal server's own signal-with-start rate measured
// in the same run. Starts its own stack (embedded PostgreSQL, Temporal dev server, api and worker processes as in
// production) unless BENCH_DATABASE_URL / BENCH_TEMPORAL_ADDRESS point at running servers. See README "Benchmark".
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { createDb, migrate, type Db } from '../src/db/knex';
import { interactionWorkflowId } from '../src/domain/ids';
import { ALL_SEARCH_ATTRIBUTES } from '../src/domain/search-attributes';
import { bundleWorkflows } from '../src/main/bundle-workflows';
import { postgresEndpoint } from '../src/main/parley-cluster';
import {
  ensureTemporalCli, ensureTemporalServer, freePort, spawnChild, startEmbeddedPostgres, startTemporalCluster, startTemporalDevServer, TEMPORAL_SERVICES,
  type ChildHandle, type PostgresEndpoint,
} from '../src/runtime';
import { cpuMsPerText, cpuSeconds, machineBusyPercent, machineCpu } from './cpu-accounting';
import type { GeneratorInput, GeneratorOutput, PostResult } from './load-generator';
import { type RoutingBenchSizes, routingScenario, ROUTING_SIZES } from './routing';
import { agentPush, capacityAtSlo, scale, TARGET_SIZES, type TargetSizes, type TargetsContext } from './targets';
import { median, percentile, round } from './stats';
import { ensureQueueGroup } from '../src/routing/default-groups';

const { values: flags } = parseArgs({
  options: {
    texts: { type: 'string' },
    concurrency: { type: 'string' },
    conversations: { type: 'string' },
    'latency-seconds': { type: 'string' },
    'latency-load': { type: 'string' },
    rounds: { type: 'string' },
    warmup: { type: 'string' },
    'cpu-prof-dir': { type: 'string' },
    only: { type: 'string' },
    out: { type: 'string' },
    'automatic-texts': { type: 'boolean' },
    /**
     * Runs the api and the workers from source through tsx instead of compiling them first, and takes an existing
     * workflow bundle: for the tiny run in the tests, which checks that the bench works, not how fast (compiling is
     * a minute of one core that the rest of the suite waits for).
     */
    'from-source': { type: 'boolean' },
    'workflow-bundle': { type: 'string' },
    /** The production shape's Temporal: the server as four processes on the embedded PostgreSQL, not the dev server. */
    cluster: { type: 'boolean' },
    // Issue 17's targets (bench/targets.ts).
    'capacity-seconds': { type: 'string' },
    'capacity-start': { type: 'string' },
    'capacity-bisect': { type: 'string' },
    'capacity-max': { type: 'string' },
    'capacity-min': { type: 'string' },
    'capacity-open': { type: 'string' },
    'push-rate': { type: 'string' },
    'settle-seconds': { type: 'string' },
    'push-seconds': { type: 'string' },
    'push-agents': { type: 'string' },
    'scale-conversations': { type: 'string' },
    'scale-agents': { type: 'string' },
    // The routing scenario's sizes (bench/routing.ts); the tiny run in the tests makes them small.
    'routing-agents': { type: 'string' },
    'routing-items': { type: 'string' },
    'routing-frees': { type: 'string' },
  },
});
/** A company number whose new conversations start with the virtual agent (issue 14: each one runs the engine first). */
const VA_COMPANY = '+14155550100';
const SCENARIOS = ['new_conversations', 'open_conversations', 'va_conversations'] as const;
const TARGETS = ['capacity_at_slo', 'agent_push', 'scale'] as const;
const ONLY = [...SCENARIOS, ...TARGETS, 'routing'];
// --only a,b runs those (in the usual order, on one stack); routing runs only alone.
const ONLY_LIST = flags.only ? flags.only.split(',').map((s) => s.trim()) : null;
if (ONLY_LIST && (ONLY_LIST.some((o) => !ONLY.includes(o)) || (ONLY_LIST.includes('routing') && ONLY_LIST.length > 1))) {
  process.stderr.write(`[bench] --only takes ${ONLY.join(', ')} (several, comma-separated, except routing), not "${flags.only}"\n`);
  process.exit(2);
}
const num = (flag: string | undefined, env: string | undefined, dflt: number) => Number(flag ?? env ?? dflt);
const SIZES = {
  texts: num(flags.texts, process.env.BENCH_TEXTS, 1500),
  concurrency: num(flags.concurrency, process.env.BENCH_CONCURRENCY, 16),
  conversations: num(flags.conversations, process.env.BENCH_CONVERSATIONS, 100),
  latencySeconds: num(flags['latency-seconds'], process.env.BENCH_LATENCY_SECONDS, 20),
  /** The latency run's rate as a fraction of the measured ingest rate; the issue's figure is at 0.5. */
  latencyLoad: num(flags['latency-load'], process.env.BENCH_LATENCY_LOAD, 0.5),
  rounds: num(flags.rounds, process.env.BENCH_ROUNDS, 2),
  /** Texts (and baseline signals) sent before the measured rounds, unmeasured; 0 for none. */
  warmup: num(flags.warmup, process.env.BENCH_WARMUP, 300),
};
for (const [name, v] of Object.entries(SIZES)) {
  const whole = name !== 'latencyLoad';
  const least = name === 'warmup' ? 0 : 1;
  const bad = whole ? !Number.isInteger(v) || v < least : !(v > 0 && v <= 1);
  if (!Number.isFinite(v) || bad) {
    process.stderr.write(`[bench] ${name} must be ${whole ? `a whole number of at least ${least}` : 'a fraction in (0, 1]'}, not ${v}\n`);
    process.exit(2);
  }
}
const TARGET_SIZES_RUN: TargetSizes = {
  ...TARGET_SIZES,
  capacitySeconds: num(flags['capacity-seconds'], process.env.BENCH_CAPACITY_SECONDS, TARGET_SIZES.capacitySeconds),
  capacityStart: num(flags['capacity-start'], process.env.BENCH_CAPACITY_START, TARGET_SIZES.capacityStart),
  capacityBisect: num(flags['capacity-bisect'], process.env.BENCH_CAPACITY_BISECT, TARGET_SIZES.capacityBisect),
  capacityMax: num(flags['capacity-max'], process.env.BENCH_CAPACITY_MAX, TARGET_SIZES.capacityMax),
  capacityMin: num(flags['capacity-min'], process.env.BENCH_CAPACITY_MIN, TARGET_SIZES.capacityMin),
  capacityOpen: num(flags['capacity-open'], process.env.BENCH_CAPACITY_OPEN, TARGET_SIZES.capacityOpen),
  pushRate: num(flags['push-rate'], process.env.BENCH_PUSH_RATE, TARGET_SIZES.pushRate),
  pushSeconds: num(flags['push-seconds'], process.env.BENCH_PUSH_SECONDS, TARGET_SIZES.pushSeconds),
  pushAgents: num(flags['push-agents'], process.env.BENCH_PUSH_AGENTS, TARGET_SIZES.pushAgents),
  scaleConversations: num(flags['scale-conversations'], process.env.BENCH_SCALE_CONVERSATIONS, TARGET_SIZES.scaleConversations),
  scaleAgents: num(flags['scale-agents'], process.env.BENCH_SCALE_AGENTS, TARGET_SIZES.scaleAgents),
  settleSeconds: num(flags['settle-seconds'], process.env.BENCH_SETTLE_SECONDS, TARGET_SIZES.settleSeconds),
};
for (const [name, v] of Object.entries(TARGET_SIZES_RUN)) {
  const least = name === 'capacityBisect' || name === 'scaleConversations' || name === 'settleSeconds' ? 0 : 1;
  if (!Number.isFinite(v) || v < least) {
    process.stderr.write(`[bench] ${name} must be a number of at least ${least}, not ${v}\n`);
    process.exit(2);
  }
}
const ROUTING_SIZES_RUN: RoutingBenchSizes = {
  ...ROUTING_SIZES,
  agents: num(flags['routing-agents'], process.env.BENCH_ROUTING_AGENTS, ROUTING_SIZES.agents),
  items: num(flags['routing-items'], process.env.BENCH_ROUTING_ITEMS, ROUTING_SIZES.items),
  frees: num(flags['routing-frees'], process.env.BENCH_ROUTING_FREES, ROUTING_SIZES.frees),
};
for (const [name, v] of Object.entries(ROUTING_SIZES_RUN)) {
  if (!Number.isInteger(v) || v < 1) {
    process.stderr.write(`[bench] routing ${name} must be a whole number of at least 1, not ${v}\n`);
    process.exit(2);
  }
}
// V8 CPU profiles of the api and worker (written when they exit), for `npx tsx bench/summarize-cpu-profile.ts`.
const CPU_PROF_DIR = flags['cpu-prof-dir'] ?? process.env.BENCH_CPU_PROF_DIR;
const OUT = path.resolve(flags.out ?? process.env.BENCH_OUT ?? path.join(__dirname, 'results', flags.cluster ? 'latest-cluster.json' : 'latest.json'));
const COMPANY = '+15005550006';
const BENCH_TEMPORAL_NOTE = process.env.BENCH_TEMPORAL_ADDRESS ? 'given by BENCH_TEMPORAL_ADDRESS' : 'dev server: CLI 1.5.1 (server 1.29.1) on SQLite, one process';
const TAKE_IN_TIMEOUT_MS = 180_000;

const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const cleanups: (() => Promise<unknown>)[] = [];

interface Stack {
  db: Db;
  /** The PostgreSQL server (its default database); the routing scenario makes a database of its own there. */
  serverUrl: string;
  client: Client;
  url: string;
  authToken: string;
  namespace: string;
  baselineQueue: string;
  /** The baseline worker appends "messageId epochMs" here per signal handled (capacity at SLO). */
  baselineHandledLog: string;
  /** The Temporal server's storage now, bytes: the dev server's SQLite files or the cluster's two databases. */
  temporalBytes(): Promise<number | null>;
  api: ChildHandle;
  worker: ChildHandle;
  /** Processes whose CPU time is accounted (undefined: a server the bench did not start); the cluster's four services count as "temporal". */
  pids: { temporal: number[]; postgres?: number; api: number; worker: number; baseline_worker: number; simulator: number };
}

/** A fresh, migrated database on the server (each run and scenario sees only its own rows). */
async function freshDatabase(serverUrl: string, dbName = `parley_bench_${randomBytes(4).toString('hex')}`, pool = 20): Promise<Db> {
  const admin = createDb(serverUrl, { max: 1 });
  await admin.raw(`create database ${dbName}`);
  await admin.destroy();
  const db = createDb(serverUrl.replace(/\/[^/]*$/, `/${dbName}`), { max: pool });
  cleanups.push(() => db.destroy());
  await migrate(db);
  return db;
}

/** `--only routing`: PostgreSQL alone (no Temporal, api or worker: routing state is PostgreSQL's). */
async function routingOnly(root: string) {
  let serverUrl = process.env.BENCH_DATABASE_URL;
  if (!serverUrl) {
    const pg = await startEmbeddedPostgres({ dataDir: path.join(root, 'pg'), log: () => undefined });
    cleanups.push(() => pg.stop());
    serverUrl = pg.url;
  }
  return routingScenario(await freshDatabase(serverUrl), ROUTING_SIZES_RUN, say);
}

async function startStack(root: string): Promise<Stack> {
  let serverUrl = process.env.BENCH_DATABASE_URL;
  let postgresPid: number | undefined;
  let temporalPids: number[] = [];
  let temporalBytes: () => Promise<number | null> = async () => null;
  let pgEndpoint: PostgresEndpoint | undefined;
  if (!serverUrl) {
    const pg = await startEmbeddedPostgres({ dataDir: path.join(root, 'pg'), log: () => undefined });
    cleanups.push(() => pg.stop());
    serverUrl = pg.url;
    postgresPid = pg.pid;
    pgEndpoint = postgresEndpoint(pg.url);
  }
  let address = process.env.BENCH_TEMPORAL_ADDRESS;
  if (!address && flags.cluster) {
    if (!pgEndpoint) throw new Error('--cluster runs the Temporal server on the embedded PostgreSQL: unset BENCH_DATABASE_URL');
    const binaries = await ensureTemporalServer({ log: say, ui: false });
    const cluster = await startTemporalCluster({ binaries, dataDir: path.join(root, 'temporal'), postgres: pgEndpoint, namespace: 'default', searchAttributes: ALL_SEARCH_ATTRIBUTES, log: () => undefined, frontendPort: 0 });
    cleanups.push(() => cluster.stop());
    address = cluster.address;
    const admin = createDb(serverUrl, { max: 1 });
    cleanups.push(() => admin.destroy());
    temporalBytes = async () => Number((await admin.raw(`select sum(pg_database_size(datname)) as b from pg_database where datname in ('temporal', 'temporal_visibility')`)).rows[0].b);
    temporalPids = TEMPORAL_SERVICES.map((s) => cluster.services[s].current!.pid);
  } else if (!address) {
    const cliPath = await ensureTemporalCli({ log: say });
    const temporal = await startTemporalDevServer({ cliPath, dataDir: path.join(root, 'temporal'), headless: true, log: () => undefined, searchAttributes: ALL_SEARCH_ATTRIBUTES });
    cleanups.push(() => temporal.stop());
    address = temporal.address;
    temporalPids = [temporal.pid];
    // SQLite in WAL mode: the main file and the log together.
    const sqlite = path.join(root, 'temporal', 'temporal.sqlite');
    temporalBytes = async () => [sqlite, `${sqlite}-wal`].reduce((sum, f) => sum + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);
  }
  // A fresh database every run, so counts and timings see only this run's texts.
  const dbName = `parley_bench_${randomBytes(4).toString('hex')}`;
  const databaseUrl = serverUrl.replace(/\/[^/]*$/, `/${dbName}`);
  const db = await freshDatabase(serverUrl, dbName, 4);
  await db('queues').insert({ id: 'bench', name: 'Bench', channel_id: 'sms' });
  // Q-5: a queue offers only to its groups; the bench's gets its default group, as every deployed queue has one (the
  // upgrade, the demo, `admin.js add-queue`), so routing runs its usual path and not the "nobody" one.
  await ensureQueueGroup(db, { id: 'bench', name: 'Bench' });
  // The bench measures taking texts in; the provider's pacing (SPEC §9, 1/s by default) is not what it times.
  await db('company_numbers').insert({ number: COMPANY, display_name: 'Bench', queue_id: 'bench', rate_per_second: 1000 });
  await db('company_numbers').insert({ number: VA_COMPANY, display_name: 'Bench VA', queue_id: 'bench', live_agent_only: false, rate_per_second: 1000 });
  // No agent is ever Available here, so by default every new conversation would also text "no agents available"
  // (VA-12): an outbound send per text that the baseline has no counterpart for, and whose backlog spills into the
  // next phase. The bench measures taking texts in; --automatic-texts keeps the product default.
  if (!flags['automatic-texts']) await db('system_texts').where({ key: 'no_agents_available' }).update({ enabled: false });

  say(flags['workflow-bundle'] ? 'bundling the baseline workflow' : 'bundling workflows');
  const bundlePath = flags['workflow-bundle'] ? path.resolve(flags['workflow-bundle']) : path.join(root, 'workflow-bundle.js');
  const baselineBundle = path.join(root, 'baseline-bundle.js');
  if (!flags['workflow-bundle']) await bundleWorkflows(bundlePath);
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('./baseline-workflow'), logger: new DefaultLogger('WARN') });
  fs.writeFileSync(baselineBundle, code);

  const port = await freePort(0);
  const simulatorPort = await freePort(0);
  const authToken = randomBytes(16).toString('hex');
  const accountSid = `AC${randomBytes(16).toString('hex')}`;
  const url = `http://127.0.0.1:${port}`;
  const namespace = 'default';
  // Outbound texts (the virtual agent's greetings and answers, --automatic-texts' system texts) go to the
  // Twilio-compatible simulator, which confirms each and posts its status callbacks back, as the provider would. (An
  // unreachable provider here once left thousands of greetings retrying for the rest of the run: Temporal and the
  // worker stayed busy for minutes after each scenario, under every later measurement.)
  const env = {
    ...process.env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: namespace, PORT: String(port),
    PUBLIC_BASE_URL: url, TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, TWILIO_API_BASE_URL: `http://127.0.0.1:${simulatorPort}`,
    WORKFLOW_BUNDLE_PATH: bundlePath, TEMPORAL_TASK_QUEUE: `bench-${randomUUID()}`, DEMO: '0', LOG_LEVEL: 'warn', DATA_DIR: path.join(root, 'data'),
  };
  // The api and the workers run as built JavaScript, as in production (`npm start`): under tsx, Node's source-map
  // support is on, which makes every stack trace the SDK captures for a workflow promise dearer.
  const project = path.resolve(__dirname, '..');
  let built = (file: string) => [path.join(project, 'dist', file)];
  if (flags['from-source']) built = (file) => ['--import', 'tsx', path.join(project, file.replace(/\.js$/, '.ts'))];
  else {
    say('compiling the api, worker and baseline worker');
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(project, 'tsconfig.bench.json')], { stdio: 'inherit' });
  }
  const logFile = path.join(root, 'processes.log');
  const profiled = (name: string, file: string) =>
    // A directory per process: every thread (tsx's loader, the workflow threads) writes its own profile.
    CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(CPU_PROF_DIR, name)}`, ...built(file)] : built(file);
  const simulator = await spawnChild('simulator', process.execPath, [...built('src/main/simulator.js'), '--port', String(simulatorPort), '--host', '127.0.0.1'], { env, log: () => undefined, logFile });
  cleanups.push(() => simulator.stop());
  const worker = await spawnChild('worker', process.execPath, profiled('worker', 'src/main/worker.js'), { env, log: () => undefined, logFile });
  const api = await spawnChild('api', process.execPath, profiled('api', 'src/main/api.js'), { env, log: () => undefined, logFile });
  cleanups.push(() => api.stop(), () => worker.stop());
  const baselineQueue = `baseline-${randomUUID()}`;
  const baselineHandledLog = path.join(root, 'baseline-handled.log');
  const baseline = await spawnChild('baseline-worker', process.execPath, [...built('bench/baseline-worker.js'), address, namespace, baselineQueue, baselineBundle, baselineHandledLog], { env, log: () => undefined, logFile });
  cleanups.push(() => baseline.stop());
  await waitFor(async () => (await fetch(`${url}/readyz`).catch(() => null))?.ok === true, 60_000, 'the api to be ready');
  await waitFor(async () => (await fetch(`http://127.0.0.1:${simulatorPort}/`).catch(() => null)) !== null, 30_000, 'the SMS simulator to listen');

  const connection = await Connection.connect({ address });
  cleanups.push(() => connection.close());
  const pids = { temporal: temporalPids, postgres: postgresPid, api: api.pid, worker: worker.pid, baseline_worker: baseline.pid, simulator: simulator.pid };
  return { db, serverUrl, client: new Client({ connection, namespace }), url, authToken, namespace, baselineQueue, baselineHandledLog, temporalBytes, api, worker, pids };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Runs the load generator as its own process and returns each post's timing and the CPU it used. `running` is handed
 * a stop function (an open loop then posts no more, and reports what it posted).
 */
function generate(input: GeneratorInput, running?: (stop: () => void) => void): Promise<GeneratorOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(__dirname, 'load-generator.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
    running?.(() => child.kill('SIGTERM'));
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as GeneratorOutput) : reject(new Error(`load generator exited ${code}`))));
    child.stdin.end(JSON.stringify(input));
  });
}

let numberSeq = 0;
const requesters = (n: number) => Array.from({ length: n }, () => `+1555${String(2_000_000 + numberSeq++).padStart(7, '0')}`);

/** Waits until every posted text is taken in; returns taken_at (epoch ms) per provider sid. */
async function takenIn(stack: Stack, posts: PostResult[]): Promise<Map<string, number>> {
  const { db } = stack;
  // A text that was not acknowledged may never have been stored: waiting for it would only time out.
  const refused = posts.filter((p) => p.status !== 200);
  if (refused.length) throw new Error(`${refused.length} of ${posts.length} posts were not acknowledged: ${describeRefused(refused)}`);
  const sids = posts.map((p) => p.sid);
  // Lost means no progress for TAKE_IN_TIMEOUT_MS, not "slower than 180 s in all": a closed loop posts at the ack
  // rate, and on the production shape 1,500 VA texts take longer than that to be taken in (7.7/s) while none is lost.
  let until = Date.now() + TAKE_IN_TIMEOUT_MS;
  let seen = -1;
  for (;;) {
    const [{ count }] = await db('messages').whereIn('provider_sid', sids).whereNotNull('taken_at').count<{ count: string }[]>('* as count');
    if (Number(count) >= sids.length) break;
    if (Number(count) > seen) {
      seen = Number(count);
      until = Date.now() + TAKE_IN_TIMEOUT_MS;
    }
    if (Date.now() > until) {
      throw new Error(`only ${count} of ${sids.length} texts were taken in, none more in the last ${TAKE_IN_TIMEOUT_MS / 1000}s\n${await describeUntaken(stack, sids)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const rows = await db('messages').whereIn('provider_sid', sids).select('provider_sid', 'taken_at');
  return new Map(rows.map((r) => [r.provider_sid as string, (r.taken_at as Date).getTime()]));
}

function describeRefused(refused: PostResult[]): string {
  const byReason = new Map<string, number>();
  for (const p of refused) {
    const reason = p.status ? `HTTP ${p.status}` : `no response (${p.error ?? 'unknown error'})`;
    byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  }
  return [...byReason].map(([reason, n]) => `${reason} x${n}`).join(', ');
}

async function deadlocks(db: Db): Promise<number> {
  // The statistics reach pg_stat_database when a backend is idle, at most a second late.
  await new Promise((r) => setTimeout(r, 1100));
  const { rows } = await db.raw('select deadlocks from pg_stat_database where datname = current_database()');
  return Number(rows[0].deadlocks);
}

/** What a failed run leaves to go on: the texts not taken in, and where their workflows stand. */
async function describeUntaken(stack: Stack, sids: string[]): Promise<string> {
  const rows = await stack.db('messages').whereIn('provider_sid', sids).whereNull('taken_at').orderBy('seq').limit(5)
    .select('id', 'company_number', 'requester_number', 'created_at', 'signalled_at');
  const lines: string[] = [];
  for (const r of rows) {
    lines.push(`  text ${r.id} from ${r.requester_number}: stored ${(r.created_at as Date).toISOString()}, signalled ${r.signalled_at ? (r.signalled_at as Date).toISOString() : 'never'}`);
    const workflowId = interactionWorkflowId(r.company_number, r.requester_number);
    try {
      const handle = stack.client.workflow.getHandle(workflowId);
      const d = await handle.describe();
      const events = (await handle.fetchHistory()).events ?? [];
      const tail = events.slice(-8).map((e) => `${e.eventId}:${e.eventType}@${e.eventTime?.seconds}`).join(' ');
      lines.push(`    workflow ${workflowId} ${d.status.name}, ${events.length} events; last: ${tail}`);
    } catch (err) {
      lines.push(`    workflow ${workflowId}: ${(err as Error).message}`);
    }
  }
  return lines.join('\n');
}

/** Exactly once: every acknowledged sid stored once, and (new conversations) one interaction per requester. */
async function integrity(db: Db, posts: PostResult[], from: string[], oneInteractionEach: boolean) {
  const sids = posts.map((p) => p.sid);
  const [{ count }] = await db('messages').whereIn('provider_sid', sids).count<{ count: string }[]>('* as count');
  const failedPosts = posts.filter((p) => p.status !== 200).length;
  let extraInteractions = 0;
  if (oneInteractionEach) {
    const rows = await db('interactions').whereIn('requester_number', from).groupBy('requester_number').havingRaw('count(*) > 1').select('requester_number');
    extraInteractions = rows.length;
  }
  return { lost: sids.length - Number(count), failed_posts: failedPosts, duplicated_interactions: extraInteractions };
}

function resetPeakRss(pids: number[]): void {
  // Writing 5 to clear_refs resets VmHWM, so each scenario reports its own peak.
  for (const pid of pids) {
    try {
      fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    } catch {
      // not Linux, or not permitted: the peak then covers the whole run
    }
  }
}
function peakRssMb(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** CPU seconds so far of every accounted process; "bench" is this process (the baseline's loop client). */
function readCpu(stack: Stack): Record<string, number | null> {
  const { user, system } = process.cpuUsage();
  const { temporal, postgres, api, worker, baseline_worker, simulator } = stack.pids;
  const services = Object.values(cpuSeconds(Object.fromEntries(temporal.map((pid, i) => [`temporal${i}`, pid]))));
  const temporalSeconds = services.length && services.every((v) => v !== null) ? services.reduce((a, b) => a! + b!, 0) : null;
  // The simulator is the provider's side, listed apart from Parley's own processes.
  return { ...cpuSeconds({ postgres, api, worker, baseline_worker, simulator }), temporal: temporalSeconds, bench: (user + system) / 1e6, generator: 0 };
}

/** Sums CPU deltas over rounds; a process unreadable in any round reads null. */
class CpuTally {
  private readonly seconds: Record<string, number | null> = {};
  private texts = 0;
  add(before: Record<string, number | null>, after: Record<string, number | null>, texts: number): void {
    for (const [name, a] of Object.entries(after)) {
      const b = before[name];
      const prev = name in this.seconds ? this.seconds[name] : 0;
      this.seconds[name] = prev === null || a === null || b === null || b === undefined ? null : prev + (a - b);
    }
    this.texts += texts;
  }
  perText(): Record<string, number | null> {
    const zero = Object.fromEntries(Object.keys(this.seconds).map((k) => [k, 0]));
    return this.texts ? cpuMsPerText(zero, this.seconds, this.texts) : {};
  }
}

/** Waits until the baseline worker has handled every queued task, so its backlog cannot slow the next phase. */
async function backlogDrained(stack: Stack, timeoutMs = 120_000): Promise<number> {
  const started = performance.now();
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await stack.client.workflowService.describeTaskQueue({
      namespace: stack.namespace, taskQueue: { name: stack.baselineQueue }, taskQueueType: 1 /* WORKFLOW */, reportStats: true,
    });
    const backlog = Number(r.stats?.approximateBacklogCount ?? 0);
    if (backlog === 0) return performance.now() - started;
    if (Date.now() > until) throw new Error(`the baseline worker still has ${backlog} tasks queued`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

async function baselineRate(stack: Stack, ids: string[], texts: number): Promise<number> {
  let next = 0;
  const settings = { offerTimeoutMs: 120_000 };
  const started = performance.now();
  const lane = async () => {
    while (next < texts) {
      const i = next++;
      await stack.client.workflow.signalWithStart('countingWorkflow', {
        workflowId: ids[i % ids.length], taskQueue: stack.baselineQueue,
        args: [{ companyNumber: COMPANY, requesterNumber: ids[i % ids.length], settings }],
        signal: 'inbound', signalArgs: [{ messageId: randomUUID() }],
      });
    }
  };
  await Promise.all(Array.from({ length: SIZES.concurrency }, lane));
  return texts / ((performance.now() - started) / 1000);
}

interface ScenarioResult {
  texts: number;
  concurrency: number;
  ingest_per_s: number | null;
  baseline_signal_with_start_per_s: number | null;
  baseline_handled_per_s: number | null;
  rounds: { ingest_per_s: (number | null)[]; baseline_signal_with_start_per_s: (number | null)[]; baseline_handled_per_s: (number | null)[] };
  ratio: number | null;
  /** Ingest against the rate the engine HANDLED trivial workflows at (issue 17: the target is ≥ 0.9). */
  ratio_vs_handled: number | null;
  latency_load_per_s: number | null;
  ack_p50_ms: number | null;
  ack_p99_ms: number | null;
  taken_in_p50_ms: number | null;
  taken_in_p99_ms: number | null;
  rss_mb: { api: number | null; worker: number | null };
  /** CPU milliseconds per text by process over the throughput rounds: where the cost of a text goes. */
  cpu_ms_per_text: { baseline: Record<string, number | null>; ingest: Record<string, number | null>; latency: Record<string, number | null> };
  /** How busy all the machine's cores were while the open-loop latency load was posted. */
  latency_machine_cpu_busy_pct: number | null;
  lost: number;
  failed_posts: number;
  duplicated_interactions: number;
  /** Transactions PostgreSQL aborted to break a deadlock during the scenario (each one stalls a text ~1 s). */
  postgres_deadlocks: number;
}

type ScenarioName = (typeof SCENARIOS)[number];

async function scenario(stack: Stack, name: ScenarioName): Promise<ScenarioResult> {
  // New conversations, to the live-agent number or to the virtual agent's; or texts into open ones.
  const fresh = name !== 'open_conversations';
  const company = name === 'va_conversations' ? VA_COMPANY : COMPANY;
  resetPeakRss([stack.api.pid, stack.worker.pid]);

  // Baseline and ingest alternate for SIZES.rounds rounds on the same server, with the same concurrency and payload
  // shape, and medians are reported: on a shared 2-core VM one round of either can be off by half.
  const openBaseline = fresh ? [] : Array.from({ length: SIZES.conversations }, () => `bench-baseline-${randomUUID()}`);
  if (!fresh) await baselineRate(stack, openBaseline, openBaseline.length); // open them
  const from = fresh ? [] : requesters(SIZES.conversations);
  if (!fresh) {
    say(`${name}: opening ${from.length} conversations`);
    const opening = await generate({ url: stack.url, authToken: stack.authToken, companyNumber: company, requesters: from, texts: from.length, mode: { kind: 'closed', concurrency: SIZES.concurrency } });
    await takenIn(stack, opening.posts);
  }

  // Unmeasured warm-up of both sides (JIT, caches): without it the first round of texts into open conversations ran
  // 30-50% slower than the second on this machine, the baseline's 10-20%. With it the first is still often slower,
  // for reasons not pinned down; the rounds' median is reported.
  if (SIZES.warmup > 0) {
    say(`${name}: warming up (${SIZES.warmup} baseline signals and ${SIZES.warmup} texts, not measured)`);
    await baselineRate(stack, fresh ? Array.from({ length: SIZES.warmup }, () => `bench-baseline-${randomUUID()}`) : openBaseline, SIZES.warmup);
    await backlogDrained(stack);
    const warm = await generate({ url: stack.url, authToken: stack.authToken, companyNumber: company, requesters: fresh ? requesters(SIZES.warmup) : from, texts: SIZES.warmup, mode: { kind: 'closed', concurrency: SIZES.concurrency } });
    await takenIn(stack, warm.posts);
  }

  const baselines: number[] = [];
  const handled: number[] = [];
  const ingests: number[] = [];
  const check = { lost: 0, failed_posts: 0, duplicated_interactions: 0 };
  const cpu = { baseline: new CpuTally(), ingest: new CpuTally(), latency: new CpuTally() };
  const deadlocksBefore = await deadlocks(stack.db);
  for (let round = 1; round <= SIZES.rounds; round++) {
    const baselineIds = fresh ? Array.from({ length: SIZES.texts }, () => `bench-baseline-${randomUUID()}`) : openBaseline;
    say(`${name} round ${round}/${SIZES.rounds}: baseline (${SIZES.texts} signal-with-starts, ${SIZES.concurrency} in flight)`);
    const loopStarted = performance.now();
    const baselineCpu = readCpu(stack);
    baselines.push(await baselineRate(stack, baselineIds, SIZES.texts));
    // The loop rate is what the issue calls the baseline; how long the trivial workflows took to HANDLE those
    // signals is reported beside it, and waited for, so the ingest round starts on an idle server.
    await backlogDrained(stack);
    handled.push(SIZES.texts / ((performance.now() - loopStarted) / 1000));
    cpu.baseline.add(baselineCpu, readCpu(stack), SIZES.texts);

    const roundFrom = fresh ? requesters(SIZES.texts) : from;
    say(`${name} round ${round}/${SIZES.rounds}: ingest (${SIZES.texts} signed webhooks, ${SIZES.concurrency} in flight)`);
    const ingestCpu = readCpu(stack);
    const { posts, cpuSeconds: generatorCpu } = await generate({ url: stack.url, authToken: stack.authToken, companyNumber: company, requesters: roundFrom, texts: SIZES.texts, mode: { kind: 'closed', concurrency: SIZES.concurrency } });
    const taken = await takenIn(stack, posts);
    cpu.ingest.add(ingestCpu, { ...readCpu(stack), generator: generatorCpu }, SIZES.texts);
    const firstPost = Math.min(...posts.map((p) => p.startedAt));
    const lastTaken = Math.max(...taken.values());
    ingests.push(posts.length / ((lastTaken - firstPost) / 1000));
    const c = await integrity(stack.db, posts, roundFrom, fresh);
    check.lost += c.lost;
    check.failed_posts += c.failed_posts;
    check.duplicated_interactions += c.duplicated_interactions;
  }
  const baseline = median(baselines);
  const baselineHandled = median(handled);
  const ingest = median(ingests);

  // Latency under an open-loop load at half (--latency-load) the measured ingest rate.
  const rate = Math.max(1, ingest * SIZES.latencyLoad);
  const latencyTexts = Math.max(10, Math.round(rate * SIZES.latencySeconds));
  const latencyFrom = fresh ? requesters(latencyTexts) : from;
  say(`${name}: latency at ${round(rate)}/s open loop for ~${SIZES.latencySeconds}s`);
  const latencyCpu = readCpu(stack);
  const machineBefore = machineCpu();
  const { posts: timed, cpuSeconds: latencyGeneratorCpu } = await generate({ url: stack.url, authToken: stack.authToken, companyNumber: company, requesters: latencyFrom, texts: latencyTexts, mode: { kind: 'open', ratePerSecond: rate } });
  const machineBusy = machineBusyPercent(machineBefore, machineCpu());
  const timedTaken = await takenIn(stack, timed);
  cpu.latency.add(latencyCpu, { ...readCpu(stack), generator: latencyGeneratorCpu }, timed.length);
  const timedCheck = await integrity(stack.db, timed, latencyFrom, fresh);
  const takenMs = timed.map((p) => timedTaken.get(p.sid)! - p.startedAt);

  return {
    texts: SIZES.texts,
    concurrency: SIZES.concurrency,
    ingest_per_s: round(ingest),
    baseline_signal_with_start_per_s: round(baseline),
    baseline_handled_per_s: round(baselineHandled),
    rounds: { ingest_per_s: ingests.map((v) => round(v)), baseline_signal_with_start_per_s: baselines.map((v) => round(v)), baseline_handled_per_s: handled.map((v) => round(v)) },
    ratio: round(ingest / baseline, 3),
    ratio_vs_handled: round(ingest / baselineHandled, 3),
    latency_load_per_s: round(rate),
    ack_p50_ms: round(percentile(timed.map((p) => p.ackMs), 50)),
    ack_p99_ms: round(percentile(timed.map((p) => p.ackMs), 99)),
    taken_in_p50_ms: round(percentile(takenMs, 50)),
    taken_in_p99_ms: round(percentile(takenMs, 99)),
    rss_mb: { api: peakRssMb(stack.api.pid), worker: peakRssMb(stack.worker.pid) },
    cpu_ms_per_text: { baseline: cpu.baseline.perText(), ingest: cpu.ingest.perText(), latency: cpu.latency.perText() },
    latency_machine_cpu_busy_pct: machineBusy,
    postgres_deadlocks: (await deadlocks(stack.db)) - deadlocksBefore,
    lost: check.lost + timedCheck.lost,
    failed_posts: check.failed_posts + timedCheck.failed_posts,
    duplicated_interactions: check.duplicated_interactions + timedCheck.duplicated_interactions,
  };
}

function commit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: __dirname }).toString().trim();
    // Only code counts: the browser tests regenerate docs/screenshots, and this run rewrites bench/results.
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no', '--', ':/', ':(top,exclude)docs', ':(top,exclude)bench/results'], { cwd: __dirname }).toString().trim();
    return dirty ? `${sha}-dirty` : sha;
  } catch {
    return 'unknown';
  }
}

function printTable(results: Partial<Record<ScenarioName, ScenarioResult>>): void {
  const cols = ['scenario', 'ingest/s', 'baseline/s', 'handled/s', 'ratio', 'vs handled', 'ack p50', 'ack p99', 'taken p50', 'taken p99', 'rss api', 'rss worker', 'lost', 'deadlocks'];
  const rows = Object.entries(results).map(([n, r]) => [
    n, r.ingest_per_s, r.baseline_signal_with_start_per_s, r.baseline_handled_per_s, r.ratio, r.ratio_vs_handled, r.ack_p50_ms, r.ack_p99_ms, r.taken_in_p50_ms, r.taken_in_p99_ms, r.rss_mb.api, r.rss_mb.worker, r.lost, r.postgres_deadlocks,
  ].map((v) => String(v ?? '-')));
  const widths = cols.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  process.stdout.write(`\n${line(cols)}\n${rows.map(line).join('\n')}\n(times in ms, rss in MB; latency at ${SIZES.latencyLoad} of the ingest rate, open loop)\n\n`);

  const procs = ['temporal', 'postgres', 'api', 'worker', 'baseline_worker', 'generator', 'bench'];
  const cpuCols = ['CPU ms per text', ...procs, 'total'];
  const cpuRows = Object.entries(results).flatMap(([n, r]) =>
    (['baseline', 'ingest', 'latency'] as const).map((phase) => {
      const t = r.cpu_ms_per_text[phase];
      const total = procs.reduce((sum, p) => sum + (t[p] ?? 0), 0);
      return [`${n} ${phase}`, ...procs.map((p) => String(t[p] ?? '-')), String(Math.round(total * 10) / 10)];
    }),
  );
  const cpuWidths = cpuCols.map((c, i) => Math.max(c.length, ...cpuRows.map((r) => r[i].length)));
  const cpuLine = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(cpuWidths[i]) : c.padStart(cpuWidths[i]))).join('  ');
  process.stdout.write(`${cpuLine(cpuCols)}\n${cpuRows.map(cpuLine).join('\n')}\n(baseline and ingest: the throughput rounds; latency: the open-loop run at half load; '-' = a server the bench did not start)\n\n`);
}

interface Targets {
  capacity_at_slo?: Awaited<ReturnType<typeof capacityAtSlo>>;
  agent_push?: Awaited<ReturnType<typeof agentPush>>;
  scale?: Awaited<ReturnType<typeof scale>>;
}

function printTargets({ capacity_at_slo: c, agent_push: a, scale: s }: Targets): void {
  const rows: [string, unknown, string][] = [];
  if (c) {
    rows.push(
      ['capacity at SLO, Parley', `${c.parley_per_s}/s`, `ack p99 ${c.ack_p99_ms} ms ≤ ${c.slo.ack_p99_ms}, taken in p99 ${c.taken_in_p99_ms} ms ≤ ${c.slo.taken_in_p99_ms}`],
      ['capacity at SLO, baseline', `${c.baseline_per_s}/s`, `signal → handled p99 ≤ ${c.slo.baseline_handled_p99_ms} ms`],
      ['capacity ratio', c.ratio, 'target ≥ 0.9'],
      ['at 50 texts/s', `ack p99 ${c.at_50_per_s.ack_p99_ms} ms`, `taken in p50 ${c.at_50_per_s.taken_in_p50_ms} ms, p99 ${c.at_50_per_s.taken_in_p99_ms} ms`],
    );
    for (const [who, steps] of Object.entries(c.steps)) {
      rows.push([`  ${who} steps`, steps.map((x) => `${x.rate_per_s}${x.pass ? '✓' : '✗'}`).join(' '), '']);
    }
  }
  if (a) rows.push(['agent push', `p95 ${a.p95_ms} ms`, `p50 ${a.p50_ms} ms at ${a.load_per_s}/s (target p95 ≤ 250 ms)`]);
  if (s) {
    rows.push(
      ['scale', `${s.open_conversations} open`, `Ongoing p95 ${s.ongoing_p95_ms} ms, Inbox p95 ${s.inbox_p95_ms} ms`],
      ['  worker RSS', `${s.worker_rss_mb} MB`, `peak ${s.worker_peak_rss_mb} MB, +${s.worker_rss_kb_per_created_conversation} KB per conversation created`],
      ['  storage per conversation', `PostgreSQL ${s.postgres_bytes_per_conversation} B`, `Temporal ${s.temporal_bytes_per_conversation} B (over ${s.created_here} created)`],
    );
  }
  if (!rows.length) return;
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => String(r[1]).length));
  process.stdout.write(`${rows.map(([k, v, note]) => `${k.padEnd(w0)}  ${String(v ?? '-').padEnd(w1)}  ${note}`).join('\n')}\n\n`);
}

async function main() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-'));
  fs.chmodSync(root, 0o755); // embedded PostgreSQL runs as the postgres user when we are root
  cleanups.push(async () => fs.rmSync(root, { recursive: true, force: true }));
  say(`sizes ${JSON.stringify(SIZES)} on ${os.cpus().length} CPUs`);
  // --only runs one scenario, for quick experiments; the results file then holds just that one.
  const scenarios: Partial<Record<ScenarioName, ScenarioResult>> = {};
  let routing: Awaited<ReturnType<typeof routingScenario>> | undefined;
  const targets: Targets = {};
  if (ONLY_LIST?.includes('routing')) routing = await routingOnly(root);
  else {
    const stack = await startStack(root);
    for (const name of SCENARIOS) {
      if (!ONLY_LIST || ONLY_LIST.includes(name)) scenarios[name] = await scenario(stack, name);
    }
    // Issue 17's targets on the same stack, after the scenarios (scale counts the conversations they left open).
    const ctx: TargetsContext = {
      db: stack.db, client: stack.client, url: stack.url, authToken: stack.authToken, baselineQueue: stack.baselineQueue,
      baselineHandledLog: stack.baselineHandledLog, workerPid: stack.worker.pid, temporalBytes: stack.temporalBytes,
      generate, takenIn: (posts) => takenIn(stack, posts), requesters, say,
    };
    const wanted = (name: (typeof TARGETS)[number]) => !ONLY_LIST || ONLY_LIST.includes(name);
    if (wanted('capacity_at_slo')) targets.capacity_at_slo = await capacityAtSlo(ctx, TARGET_SIZES_RUN, COMPANY);
    if (wanted('agent_push')) targets.agent_push = await agentPush(ctx, TARGET_SIZES_RUN);
    if (wanted('scale')) targets.scale = await scale(ctx, TARGET_SIZES_RUN);
    // Issue 16: the dispatcher against a database of its own on the same server, after the ingest scenarios.
    if (!flags.only) routing = await routingScenario(await freshDatabase(stack.serverUrl), ROUTING_SIZES_RUN, say);
  }
  const result = {
    date: new Date().toISOString(),
    commit: commit(),
    machine: { cpus: os.cpus().length, cpu_model: os.cpus()[0]?.model ?? 'unknown', node: process.version },
    sizes: SIZES,
    target_sizes: TARGET_SIZES_RUN,
    temporal: flags.cluster ? 'cluster: server 1.29.1 as four processes on PostgreSQL' : BENCH_TEMPORAL_NOTE,
    ...scenarios,
    ...targets,
    ...(routing ? { routing } : {}),
  };
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
  if (Object.keys(scenarios).length) printTable(scenarios);
  printTargets(targets);
  say(`wrote ${OUT}`);
  const bad = Object.values(scenarios).some((s) => s.lost > 0 || s.failed_posts > 0 || s.duplicated_interactions > 0);
  if (bad) throw new Error('texts were lost, refused or doubled: see the JSON');
}

main()
  .then(() => 0, (err) => {
    process.stderr.write(`[bench] failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  })
  .then(async (code) => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    process.exit(code);
  });
