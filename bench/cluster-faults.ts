// Faults under load on the production shape (issue 17): texts from virtual phones spread over both api processes
// and agent replies through both, while a chaos step in turn SIGKILLs one api, one worker, the Temporal history,
// frontend and matching services, and PostgreSQL, each started again. Then it checks that nothing was lost or
// doubled. Used by test/integration/cluster-faults.test.ts (one round) and `npm run chaos -- --minutes N`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import type { Knex } from 'knex';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { createDb } from '../src/db/knex';
import { DEMO_USERS } from '../src/demo/seed';
import { interactionWorkflowId } from '../src/domain/ids';
import { bundleWorkflows } from '../src/main/bundle-workflows';
import { startParleyCluster, type ParleyCluster } from '../src/main/parley-cluster';
import { freePort, type TemporalService } from '../src/runtime';
import { offerableQueuedItems, unownedInteractions } from '../src/worker/consistency-sweep';

export interface ClusterFaultsOptions {
  /** Chaos rounds (each: every step once); `minutes` keeps going until that much time has passed. */
  rounds?: number;
  minutes?: number;
  /** Virtual phones texting at once. */
  phones?: number;
  /** Pause between one phone's texts. */
  textEveryMs?: number;
  /** Normal load between two chaos steps, and how long a killed process stays down. */
  settleMs?: number;
  downMs?: number;
  /** How long the checks wait for everything to settle after the load stops. */
  convergeTimeoutMs?: number;
  log?: (line: string) => void;
  /** Where the cluster keeps its data and logs; a temporary directory (removed afterwards) by default. */
  dataDir?: string;
}

export interface StepReport {
  step: string;
  downMs: number;
  /** /readyz while the process was down: the statuses both apis answered (503 expected for frontend and PostgreSQL). */
  readyWhileDown: number[];
  /** ms from the restart until both apis answered /readyz 200. */
  readyAgainMs: number;
}

export interface ClusterFaultsReport {
  durationS: number;
  steps: StepReport[];
  texts: { sent: number; acknowledged: number; notAcknowledged: number; stored: number; inInteraction: number; outOfOrderPairs: number; duplicated: number; missing: number };
  replies: { attempted: number; accepted: number; refused: number; atProvider: number; duplicatedAtProvider: number; missingAtProvider: number; delivered: number; notDelivered: number };
  interactions: { pairs: number; interactions: number; pairsWithMoreThanOne: number };
  offers: { total: number; accepted: number; unresolved: number; openWorkItems: number };
  /** Issue 22: open interactions no running workflow owns; queued items an Available agent with room could take. */
  invariants: { orphanedInteractions: number; offerableQueuedItems: number };
  apiErrors: number;
  /** Webhooks each api process answered (since its last start): the load balancer spread them. */
  webhooksPerApi: number[];
  problems: string[];
  /** Set when there were problems: the directory kept with the logs and stuck workflows' histories. */
  evidence?: string;
}

const READYZ_DEPENDENCIES = new Set(['temporal-frontend', 'postgres']);

export async function runClusterFaults(opts: ClusterFaultsOptions = {}): Promise<ClusterFaultsReport> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`  [chaos] ${line}\n`));
  const ownDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'parley-chaos-'));
  fs.mkdirSync(dataDir, { recursive: true });
  fs.chmodSync(dataDir, 0o755); // embedded PostgreSQL runs as the postgres user when we are root
  const bundlePath = path.join(dataDir, 'workflow-bundle.js');
  const childLog = fs.createWriteStream(path.join(dataDir, 'children.log'));
  const started = Date.now();
  let keep = false;
  let cluster: ParleyCluster | undefined;
  let db: Knex | undefined;
  try {
    log('bundling workflows and starting the cluster');
    await bundleWorkflows(bundlePath);
    const config = loadConfig({
      DATA_DIR: dataDir, PORT: String(await freePort(0)), SIMULATOR_PORT: '0', DEMO: '1', DEMO_PASSWORD: 'chaos-demo-password', LOG_LEVEL: 'warn',
    });
    cluster = await startParleyCluster({
      config, log: pino({ level: 'warn' }, pino.destination(path.join(dataDir, 'supervisor.log'))), ui: false, statusDelayMs: 20,
      postgresPort: await freePort(0), temporalPort: await freePort(0),
      childOutput: (line) => childLog.write(`${line}\n`),
      childEnv: {
        WORKFLOW_BUNDLE_PATH: bundlePath, LOG_LEVEL: 'warn', SWEEP_INTERVAL_MS: '500', SWEEP_UNSIGNALLED_AFTER_MS: '1000',
        // A status callback lost while an api or PostgreSQL is down is fetched soon, not after the production 2 min.
        STATUS_CHECK_SCHEDULE_SECONDS: '3,6,12,24', OFFER_TIMEOUT_SECONDS: '600',
      },
    });
    log(`cluster up in ${((Date.now() - started) / 1000).toFixed(0)} s: apis ${cluster.apiUrls.join(', ')}, Temporal ${cluster.temporal.address}`);
    db = createDb(cluster.databaseUrl, { max: 2 });
    const load = new Load(cluster, config.DEMO_COMPANY_NUMBER);
    await load.signIn(db);
    load.start(opts.phones ?? 8, opts.textEveryMs ?? 1_000);

    const steps: StepReport[] = [];
    const until = opts.minutes ? started + opts.minutes * 60_000 : 0;
    for (let round = 0; round < (opts.rounds ?? 1) || Date.now() < until; round++) {
      for (const step of chaosSteps(cluster)) {
        await sleep(opts.settleMs ?? 4_000);
        steps.push(await runStep(cluster, step, opts.downMs ?? 3_000, log));
      }
    }
    await sleep(opts.settleMs ?? 4_000);
    await load.stop();
    log(`load stopped: ${load.texts.length} texts, ${load.replies.length} replies attempted; checking`);
    const report = await check(cluster, db, load, steps, opts.convergeTimeoutMs ?? 120_000, started, config.TEMPORAL_NAMESPACE);
    if (report.problems.length) {
      keep = true;
      report.evidence = dataDir;
      await saveStuckHistories(cluster, db, path.join(dataDir, 'histories'), config.TEMPORAL_NAMESPACE);
      log(`problems found: logs and the histories of the workflows whose texts were not taken in are kept in ${dataDir}`);
    }
    return report;
  } catch (err) {
    keep = true;
    log(`failed; logs kept in ${dataDir}`);
    throw err;
  } finally {
    await db?.destroy().catch(() => undefined);
    await cluster?.stop().catch(() => undefined);
    childLog.end();
    if (ownDir && !keep) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

interface ChaosStep {
  name: string;
  kill(): Promise<unknown>;
  restart(): Promise<unknown>;
}

function chaosSteps(c: ParleyCluster): ChaosStep[] {
  const temporal = (service: TemporalService): ChaosStep => ({
    name: `temporal-${service}`,
    kill: () => c.temporal.services[service].kill(),
    restart: () => c.temporal.services[service].start(),
  });
  const steps: ChaosStep[] = [
    { name: 'api-1', kill: () => c.apis[0].kill(), restart: () => c.apis[0].start() },
    { name: 'worker-1', kill: () => c.workers[0].kill(), restart: () => c.workers[0].start() },
    temporal('history'),
    temporal('frontend'),
    temporal('matching'),
  ];
  if (c.postgres) steps.push({ name: 'postgres', kill: () => c.postgres!.kill(), restart: () => c.postgres!.start() });
  return steps;
}

async function runStep(c: ParleyCluster, step: ChaosStep, downMs: number, log: (line: string) => void): Promise<StepReport> {
  const killedAt = Date.now();
  await step.kill();
  await sleep(downMs);
  // The api that is itself down has no answer; ask the one that is up.
  const readyWhileDown = await Promise.all(c.apiUrls.filter((_, i) => c.apis[i].isRunning()).map((url) => readyz(url)));
  await step.restart();
  const restartedAt = Date.now();
  await c.waitUntilReady(120_000);
  const report = { step: step.name, downMs: restartedAt - killedAt, readyWhileDown, readyAgainMs: Date.now() - restartedAt };
  log(`${step.name}: SIGKILL, down ${(report.downMs / 1000).toFixed(1)} s (/readyz ${readyWhileDown.join(', ')}), ready again ${(report.readyAgainMs / 1000).toFixed(1)} s after the restart`);
  return report;
}

async function readyz(url: string): Promise<number> {
  try {
    return (await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(8_000) })).status;
  } catch {
    return 0;
  }
}

interface SentText { phone: string; body: string; acknowledged: boolean }
interface SentReply { phone: string; interactionId: string; body: string; accepted: boolean; messageId?: string }
interface SignedInAgent { id: string; token: string }

/** The traffic: phones texting the live-agent number, agents accepting offers and replying, through both apis in turn. */
class Load {
  readonly texts: SentText[] = [];
  readonly replies: SentReply[] = [];
  /** Numbers replies at the moment each is written: `replies.length` is only pushed after the call returns, so two
   * replies written while another call was in flight got the same body and the checks (by body) could not tell them apart. */
  private replySeq = 0;
  apiErrors = 0;
  private agents: SignedInAgent[] = [];
  private running = false;
  private loops: Promise<void>[] = [];
  private nextApi = 0;
  private readonly accepted = new Map<string, string>(); // interactionId → phone

  constructor(private readonly c: ParleyCluster, private readonly companyNumber: string) {}

  async signIn(db: Knex): Promise<void> {
    const emails = DEMO_USERS.filter((u) => u.role === 'agent').map((u) => u.email);
    // Room for every conversation of the run: nobody must wait for capacity.
    await db('users').whereIn('email', emails).update({ sms_capacity: 1000 });
    for (const email of emails) {
      const login = await this.call<{ token: string; user: { id: string } }>('POST', '/api/auth/login', undefined, { email, password: 'chaos-demo-password' });
      if (login?.status !== 200) throw new Error(`sign-in of ${email} failed: ${login?.status}`);
      const agent = { id: login.body.user.id, token: login.body.token };
      await this.call('PUT', '/api/me/presence', agent.token, { status: 'available' });
      this.agents.push(agent);
    }
  }

  start(phones: number, everyMs: number): void {
    this.running = true;
    const base = 2_000_000 + (Date.now() % 5_000_000);
    for (let i = 0; i < phones; i++) this.loops.push(this.phone(`+1415${base + i * 7}`, everyMs));
    for (const agent of this.agents) this.loops.push(this.agent(agent));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async phone(number: string, everyMs: number): Promise<void> {
    const sim = this.c.sim!.sim;
    for (let n = 1; this.running; n++) {
      const body = `${number} text ${n}`;
      const r = await sim.sendInbound({ from: number, to: this.companyNumber, body }).catch(() => undefined);
      this.texts.push({ phone: number, body, acknowledged: r?.webhook.status === 200 });
      await sleep(everyMs * (0.5 + Math.random()));
    }
  }

  private async agent(agent: SignedInAgent): Promise<void> {
    let tick = 0;
    while (this.running) {
      const offers = await this.call<{ id: string; interactionId: string; requesterNumber: string }[]>('GET', '/api/me/offers', agent.token);
      for (const offer of offers?.status === 200 ? offers.body : []) {
        const r = await this.call('POST', `/api/offers/${offer.id}/accept`, agent.token);
        if (r?.status === 200) this.accepted.set(offer.interactionId, offer.requesterNumber);
      }
      // Every other tick, one reply into each of this agent's conversations.
      if (tick++ % 2 === 0) {
        const mine = await this.call<{ id: string; requesterNumber: string }[]>('GET', '/api/interactions?view=ongoing', agent.token);
        for (const row of mine?.status === 200 ? mine.body : []) {
          const body = `reply ${++this.replySeq} to ${row.requesterNumber}`;
          const r = await this.call<{ messageId: string }>('POST', `/api/interactions/${row.id}/messages`, agent.token, { body });
          this.replies.push({ phone: row.requesterNumber, interactionId: row.id, body, accepted: r?.status === 202, messageId: r?.status === 202 ? r.body.messageId : undefined });
        }
      }
      await sleep(500);
    }
  }

  /** One request through the next api in turn; undefined when that api is down or the call timed out. */
  async call<T = unknown>(method: string, urlPath: string, token?: string, body?: unknown): Promise<{ status: number; body: T } | undefined> {
    const url = this.c.apiUrls[this.nextApi++ % this.c.apiUrls.length];
    try {
      const res = await fetch(url + urlPath, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text();
      if (res.status >= 500) this.apiErrors++;
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
    } catch {
      this.apiErrors++;
      return undefined;
    }
  }
}

async function check(c: ParleyCluster, db: Knex, load: Load, steps: StepReport[], timeoutMs: number, started: number, namespace: string): Promise<ClusterFaultsReport> {
  const sim = c.sim!.sim;
  const phones = [...new Set(load.texts.map((t) => t.phone))];
  const acked = load.texts.filter((t) => t.acknowledged);
  const accepted = load.replies.filter((r) => r.accepted);

  // Settled: every acknowledged text taken into an interaction, every accepted reply delivered, no offer pending.
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ untaken }] = await db('messages').whereIn('requester_number', phones).where({ direction: 'inbound' }).whereNull('interaction_id').count({ untaken: '*' });
    const undelivered = accepted.filter((r) => sim.outbound({ to: r.phone }).filter((m) => m.body === r.body && m.status === 'delivered').length !== 1).length;
    const [{ pending }] = await db('offers').where({ state: 'pending' }).count({ pending: '*' });
    if ((Number(untaken) === 0 && undelivered === 0 && Number(pending) === 0) || Date.now() > deadline) break;
    await sleep(1_000);
  }

  const problems: string[] = [];
  const inbound = await db('messages').whereIn('requester_number', phones).where({ direction: 'inbound' }).orderBy('seq');
  let duplicated = 0;
  let missing = 0;
  let outOfOrderPairs = 0;
  for (const phone of phones) {
    const stored = inbound.filter((m) => m.requester_number === phone);
    const sentBodies = load.texts.filter((t) => t.phone === phone);
    for (const t of sentBodies) {
      const copies = stored.filter((m) => m.body === t.body).length;
      if (copies > 1) duplicated++;
      if (t.acknowledged && copies === 0) missing++;
    }
    // The transcript keeps the acknowledged texts in the order they were sent.
    const order = stored.map((m) => m.body).filter((b) => acked.some((t) => t.body === b));
    const expected = sentBodies.filter((t) => t.acknowledged && order.includes(t.body)).map((t) => t.body);
    if (JSON.stringify(order) !== JSON.stringify(expected)) {
      outOfOrderPairs++;
      problems.push(`${phone}: transcript order ${JSON.stringify(order)} ≠ sent ${JSON.stringify(expected)}`);
    }
  }
  const inInteraction = inbound.filter((m) => m.interaction_id).length;
  if (missing) problems.push(`${missing} acknowledged texts not stored`);
  if (duplicated) problems.push(`${duplicated} texts stored more than once`);
  if (inInteraction !== inbound.length) problems.push(`${inbound.length - inInteraction} stored texts in no interaction`);

  const interactions = await db('interactions').whereIn('requester_number', phones).select('id', 'requester_number');
  const perPair = new Map<string, number>();
  for (const i of interactions) perPair.set(i.requester_number, (perPair.get(i.requester_number) ?? 0) + 1);
  const pairsWithMoreThanOne = [...perPair.values()].filter((n) => n > 1).length;
  if (pairsWithMoreThanOne) problems.push(`${pairsWithMoreThanOne} pairs with more than one interaction`);
  if (perPair.size !== phones.length) problems.push(`${phones.length - perPair.size} pairs with no interaction`);

  let atProvider = 0;
  let duplicatedAtProvider = 0;
  let delivered = 0;
  for (const r of accepted) {
    const copies = sim.outbound({ to: r.phone }).filter((m) => m.body === r.body);
    if (copies.length >= 1) atProvider++;
    if (copies.length > 1) duplicatedAtProvider++;
    const row = r.messageId ? await db('messages').where({ id: r.messageId }).first() : undefined;
    if (copies.length === 1 && copies[0].status === 'delivered' && row?.status === 'delivered') delivered++;
  }
  if (duplicatedAtProvider) problems.push(`${duplicatedAtProvider} replies sent to the provider more than once`);
  if (atProvider !== accepted.length) {
    // Name each one with what Parley holds of it, so a failure says whether the row, the send or the check is wrong.
    const missingReplies = accepted.filter((r) => sim.outbound({ to: r.phone }).every((m) => m.body !== r.body));
    const rows = await db('messages').whereIn('id', missingReplies.map((r) => r.messageId!).filter(Boolean)).select('id', 'status', 'provider_sid', 'created_at', 'updated_at');
    problems.push(`${accepted.length - atProvider} accepted replies never reached the provider: ${JSON.stringify(missingReplies.map((r) => ({ ...r, row: rows.find((x) => x.id === r.messageId) ?? null })))}`);
  }
  if (delivered !== accepted.length) problems.push(`${accepted.length - delivered} accepted replies not Delivered (at the provider and in Parley)`);

  const interactionIds = interactions.map((i) => i.id);
  const offers = await db('offers').join('work_items', 'work_items.id', 'offers.work_item_id').whereIn('work_items.interaction_id', interactionIds).select('offers.state');
  const unresolved = offers.filter((o) => o.state === 'pending').length;
  const [{ open }] = await db('work_items').whereIn('interaction_id', interactionIds).whereIn('state', ['queued', 'offered']).count({ open: '*' });
  if (unresolved) problems.push(`${unresolved} offers still pending`);
  if (Number(open)) problems.push(`${open} work items still queued or offered`);

  // Issue 22's invariants: every open interaction owned by a running workflow; no queued item an agent has room for.
  const connection = await Connection.connect({ address: c.temporal.address });
  let orphaned: number;
  try {
    const client = new Client({ connection, namespace });
    orphaned = (await unownedInteractions(db, client, 0)).filter((o) => interactionIds.includes(o.interactionId)).length;
  } finally {
    await connection.close();
  }
  const offerable = (await offerableQueuedItems(db)).filter((i) => interactionIds.includes(i.interactionId)).length;
  if (orphaned) problems.push(`${orphaned} open interactions with no running workflow`);
  if (offerable) problems.push(`${offerable} queued items an agent has room for, not offered`);

  const webhooksPerApi = await Promise.all(c.apiUrls.map((url) => webhooksAnswered(url)));
  if (webhooksPerApi.some((n) => n === 0)) problems.push(`an api answered no webhook: ${webhooksPerApi.join(', ')}`);

  for (const s of steps) {
    if (READYZ_DEPENDENCIES.has(s.step) && !s.readyWhileDown.every((status) => status === 503)) {
      problems.push(`/readyz answered ${s.readyWhileDown.join(', ')} while ${s.step} was down (want 503)`);
    }
  }

  return {
    durationS: Math.round((Date.now() - started) / 1000),
    steps,
    texts: {
      sent: load.texts.length, acknowledged: acked.length, notAcknowledged: load.texts.length - acked.length, stored: inbound.length, inInteraction,
      outOfOrderPairs, duplicated, missing,
    },
    replies: {
      attempted: load.replies.length, accepted: accepted.length, refused: load.replies.length - accepted.length, atProvider, duplicatedAtProvider,
      missingAtProvider: accepted.length - atProvider, delivered, notDelivered: accepted.length - delivered,
    },
    interactions: { pairs: phones.length, interactions: interactions.length, pairsWithMoreThanOne },
    offers: { total: offers.length, accepted: offers.filter((o) => o.state === 'accepted').length, unresolved, openWorkItems: Number(open) },
    invariants: { orphanedInteractions: orphaned, offerableQueuedItems: offerable },
    apiErrors: load.apiErrors,
    webhooksPerApi,
    problems,
  };
}

/** The histories of the workflows holding texts not taken in, as scripts/capture-histories.ts writes them (for a replay test). */
async function saveStuckHistories(c: ParleyCluster, db: Knex, dir: string, namespace: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const pairs = await db('messages').where({ direction: 'inbound' }).whereNull('interaction_id').distinct('company_number', 'requester_number');
  const connection = await Connection.connect({ address: c.temporal.address });
  try {
    const client = new Client({ connection, namespace });
    for (const p of pairs) {
      const workflowId = interactionWorkflowId(p.company_number, p.requester_number);
      try {
        const history = await client.workflow.getHandle(workflowId).fetchHistory();
        fs.writeFileSync(path.join(dir, `${workflowId.replace(/[^\w+-]/g, '_')}.json`), `${JSON.stringify({ workflowId, history }, null, 1)}\n`);
      } catch (err) {
        fs.writeFileSync(path.join(dir, `${workflowId.replace(/[^\w+-]/g, '_')}.error.txt`), String(err));
      }
    }
  } finally {
    await connection.close();
  }
}

async function webhooksAnswered(apiUrl: string): Promise<number> {
  const text = await (await fetch(`${apiUrl}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('parley_webhooks_total{'))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

export function formatReport(r: ClusterFaultsReport): string {
  return [
    `faults under load: ${r.durationS} s, ${r.steps.length} chaos steps`,
    ...r.steps.map((s) => `  ${s.step.padEnd(18)} down ${(s.downMs / 1000).toFixed(1)} s, /readyz ${s.readyWhileDown.join('/') || '-'} while down, 200 again after ${(s.readyAgainMs / 1000).toFixed(1)} s`),
    `  texts     sent ${r.texts.sent}, acknowledged ${r.texts.acknowledged} (not ${r.texts.notAcknowledged}), stored ${r.texts.stored}, in an interaction ${r.texts.inInteraction}, missing ${r.texts.missing}, doubled ${r.texts.duplicated}, pairs out of order ${r.texts.outOfOrderPairs}`,
    `  replies   attempted ${r.replies.attempted}, accepted ${r.replies.accepted} (refused ${r.replies.refused}), at the provider ${r.replies.atProvider}, doubled ${r.replies.duplicatedAtProvider}, Delivered ${r.replies.delivered}`,
    `  pairs     ${r.interactions.pairs}, interactions ${r.interactions.interactions}, pairs with more than one ${r.interactions.pairsWithMoreThanOne}`,
    `  offers    ${r.offers.total} (accepted ${r.offers.accepted}), pending ${r.offers.unresolved}, open work items ${r.offers.openWorkItems}`,
    `  issue 22  open interactions without a workflow ${r.invariants.orphanedInteractions}, queued items an agent has room for ${r.invariants.offerableQueuedItems}`,
    `  webhooks answered per api ${r.webhooksPerApi.join(', ')}; agent api calls that failed (down or 5xx): ${r.apiErrors}`,
    r.problems.length ? `PROBLEMS:\n${r.problems.map((p) => `  - ${p}`).join('\n')}${r.evidence ? `\n  evidence kept in ${r.evidence}` : ''}` : 'no problems',
  ].join('\n');
}
