import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Knex } from 'knex';
import { startApi, type RunningApi } from '../../src/api/start-api';
import { serveWorkspace } from '../../src/api/workspace-static';
import { hashPassword } from '../../src/auth/passwords';
import { loadConfig, type Config } from '../../src/config';
import { createDb, migrate } from '../../src/db/knex';
import type { ParleyExtensions } from '../../src/extensions';
import { defaultGroupIds, ensureQueueGroup, placeInGroups } from '../../src/routing/default-groups';
import { SIMULATOR_ACCOUNT_SID } from '../../src/providers/provider-mode';
import { freePort, spawnChild, type ChildHandle } from '../../src/runtime';
import { startSimulator, type RunningSimulator } from '../../src/simulator';
import { startWorker, type RunningWorker } from '../../src/worker/start-worker';
import { createTestDatabase, sharedServers, testLog } from './servers';

export interface ParleyOptions {
  offerTimeoutSeconds?: number;
  /** 'child' runs the worker as its own process so a test can SIGKILL it. */
  worker?: 'in-process' | 'child' | 'none';
  temporalAddress?: string;
  env?: Record<string, string>;
  /** A PostgreSQL server of the test's choosing (e.g. the one `DATABASE_URL` names) instead of the run's embedded one. */
  pgUrl?: string;
  /** What a deployment may supply in place of Parley's own rules (PROF-11, AI-12), given to the api and in-process worker. */
  extensions?: ParleyExtensions;
}

export interface Agent {
  id: string;
  email: string;
  password: string;
  token: string;
  role: 'agent' | 'manager' | 'admin';
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

let counter = 0;
/**
 * This process's share of the numbers: mocha's parallel workers (MOCHA_WORKER_ID) share one Temporal, where workflow
 * ids name the number, so each process numbers in its own block (0-99); a lone process takes one by its pid.
 */
const slot = Number(process.env.MOCHA_WORKER_ID ?? process.pid) % 100;
const PER_SLOT = 50_000;
function next(): number {
  counter++;
  if (counter >= PER_SLOT) throw new Error(`uniqueNumber: more than ${PER_SLOT} numbers in one process`);
  return slot * PER_SLOT + counter;
}

/**
 * A requester number no other test of the run uses (workflow ids name the pair): +1555 3000000-7999999, clear of the
 * benchmark's +1555 20xxxxx.
 */
export function uniqueNumber(): string {
  return `+1555${3_000_000 + next()}`;
}

/** A number no other test uses that libphonenumber-js finds valid (compose refuses merely possible ones, AI-9). */
export function uniqueMobileNumber(): string {
  // 7919 is prime to 7,000,000, so distinct n give distinct numbers, spread over 415 200-0000 to 415 899-9999.
  return `+1415${2_000_000 + (next() * 7919) % 7_000_000}`;
}

export class Parley {
  private workerChild: ChildHandle | null = null;
  private workerInProcess: RunningWorker | null = null;
  private readonly extraApis: RunningApi[] = [];

  constructor(
    readonly config: Config,
    readonly env: Record<string, string>,
    readonly db: Knex,
    readonly api: RunningApi,
    readonly sim: RunningSimulator,
    readonly client: Client,
    readonly companyNumber: string,
    readonly queueId: string,
    private readonly workerMode: 'in-process' | 'child' | 'none',
    private readonly dropDatabase?: () => Promise<void>,
    private readonly extensions: ParleyExtensions = {},
  ) {}

  get url(): string {
    return this.api.url;
  }

  /** The in-process worker's metrics endpoint (WORKER_METRICS_PORT set). */
  get workerMetricsUrl(): string | undefined {
    return this.workerInProcess?.metricsUrl;
  }

  async startWorker(): Promise<void> {
    if (this.workerMode === 'none') return;
    if (this.workerMode === 'in-process') {
      this.workerInProcess = await startWorker(this.config, testLog, this.config.TEMPORAL_ADDRESS!, this.extensions);
      return;
    }
    const file = path.resolve(__dirname, '../../src/main/worker.ts');
    this.workerChild = await spawnChild('worker', process.execPath, ['--import', 'tsx', file], {
      log: () => undefined,
      env: { ...process.env, ...this.env, LOG_LEVEL: 'warn' },
    });
  }

  /** Another api process on the same database and Temporal (horizontal scale-out), optionally configured otherwise. */
  async startSecondApi(env: Record<string, string> = {}): Promise<RunningApi> {
    const port = await freePort(0);
    const api = await startApi(loadConfig({ ...this.env, PORT: String(port), ...env }), testLog, this.config.TEMPORAL_ADDRESS!);
    this.extraApis.push(api);
    return api;
  }

  /** SIGKILL: no graceful shutdown, in-flight activities are lost mid-way. */
  async killWorker(): Promise<void> {
    if (!this.workerChild) throw new Error('killWorker needs worker: "child"');
    process.kill(this.workerChild.pid, 'SIGKILL');
    await this.workerChild.exited;
    this.workerChild = null;
  }

  async createAgent(role: Agent['role'] = 'agent', opts: { presence?: 'available' | 'away' | 'offline'; capacity?: number } = {}): Promise<Agent> {
    const email = `${role}-${randomUUID().slice(0, 8)}@test.example`;
    const password = randomBytes(9).toString('base64url');
    const [row] = await this.db('users')
      .insert({ email, name: email, role, password_hash: await hashPassword(password), sms_capacity: opts.capacity ?? null })
      .returning('id');
    await this.db('agent_presence').insert({ user_id: row.id, status: 'offline' });
    // Q-5: the default groups (the test queue's), as POST /api/admin/users gives every new user.
    await placeInGroups(this.db, { id: row.id, role }, await defaultGroupIds(this.db));
    const login = await this.request<{ token: string }>('POST', '/api/auth/login', { body: { email, password } });
    if (login.status !== 200) throw new Error(`login failed: ${JSON.stringify(login.body)}`);
    const agent = { id: row.id as string, email, password, token: login.body.token, role };
    if (opts.presence) await this.request('PUT', '/api/me/presence', { token: agent.token, body: { status: opts.presence } });
    return agent;
  }

  async request<T = unknown>(method: string, urlPath: string, opts: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined = opts.raw;
    if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    const res = await fetch(this.url + urlPath, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (TwiML, plain text)
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  /** The requester's phone texts the company number through the simulator (a signed webhook). */
  async text(from: string, body: string) {
    return this.sim.sim.sendInbound({ from, to: this.companyNumber, body });
  }

  /** The requester texts, the (available) agent is offered the conversation and accepts it; its interaction id. */
  async acceptedConversation(agent: Agent, requester: string, body = 'hello'): Promise<{ interactionId: string; offerId: string }> {
    await this.text(requester, body);
    const offer = await eventually('an offer for the agent', async () => {
      const r = await this.request<{ id: string; interactionId: string; requesterNumber: string }[]>('GET', '/api/me/offers', { token: agent.token });
      return r.body.find((o) => o.requesterNumber === requester);
    });
    const accepted = await this.request('POST', `/api/offers/${offer.id}/accept`, { token: agent.token });
    if (accepted.status !== 200) throw new Error(`accept failed: ${JSON.stringify(accepted.body)}`);
    return { interactionId: offer.interactionId, offerId: offer.id };
  }

  /** Waits for the offer of `requester`'s conversation to `agent` and accepts it; the interaction's id. */
  async acceptOfferFor(agent: Agent, requester: string, timeoutMs = 30_000): Promise<string> {
    const offer = await eventually(`an offer to ${agent.email} for ${requester}`, async () => {
      const r = await this.request<{ id: string; interactionId: string; requesterNumber: string }[]>('GET', '/api/me/offers', { token: agent.token });
      return r.body.find((o) => o.requesterNumber === requester);
    }, timeoutMs);
    const r = await this.request('POST', `/api/offers/${offer.id}/accept`, { token: agent.token });
    if (r.status !== 200) throw new Error(`accept answered ${r.status}: ${JSON.stringify(r.body)}`);
    return offer.interactionId;
  }

  async interactionFor(requester: string): Promise<Record<string, unknown> | undefined> {
    return this.db('interactions').where({ requester_number: requester, company_number: this.companyNumber }).orderBy('created_at', 'desc').first();
  }

  async stop(): Promise<void> {
    if (this.workerChild) await this.workerChild.stop().catch(() => undefined);
    if (this.workerInProcess) await this.workerInProcess.shutdown().catch(() => undefined);
    for (const a of this.extraApis) await a.shutdown().catch(() => undefined);
    await this.api.shutdown().catch(() => undefined);
    await this.sim.close().catch(() => undefined);
    await this.client.connection.close().catch(() => undefined);
    await this.db.destroy().catch(() => undefined);
    await this.dropDatabase?.().catch(() => undefined);
  }
}

export async function startParley(opts: ParleyOptions = {}): Promise<Parley> {
  const servers = await sharedServers();
  const dbName = `parley_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  // A server the test names (DATABASE_URL's) has no template: the database is made there and migrated.
  let databaseUrl: string;
  if (opts.pgUrl) {
    const admin = createDb(opts.pgUrl, { max: 1 });
    await admin.raw(`create database ${dbName}`).finally(() => admin.destroy());
    const url = new URL(opts.pgUrl);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
    const fresh = createDb(databaseUrl, { max: 1 });
    await migrate(fresh).finally(() => fresh.destroy());
  } else {
    databaseUrl = await createTestDatabase(dbName);
  }

  const port = await freePort(0);
  const authToken = randomBytes(16).toString('hex');
  const publicBaseUrl = `http://127.0.0.1:${port}`;
  const sim = await startSimulator({ port: 0, accountSid: SIMULATOR_ACCOUNT_SID, authToken, webhookBaseUrl: publicBaseUrl, statusDelayMs: 20 });
  const temporalAddress = opts.temporalAddress ?? servers.temporal.address;
  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    PORT: String(port),
    PUBLIC_BASE_URL: publicBaseUrl,
    TWILIO_AUTH_TOKEN: authToken,
    TWILIO_API_BASE_URL: sim.url,
    OFFER_TIMEOUT_SECONDS: String(opts.offerTimeoutSeconds ?? 120),
    SWEEP_INTERVAL_MS: '500',
    SWEEP_UNSIGNALLED_AFTER_MS: '1000',
    WORKFLOW_BUNDLE_PATH: servers.bundlePath,
    DATA_DIR: path.join(servers.root, 'data'),
    DEMO: '0',
    API_CHECK_RESPONSES: '1',
    ...(opts.env ?? {}),
  };
  const config = loadConfig(env);
  const db = createDb(databaseUrl, { max: 5 });
  const companyNumber = '+15005550006';
  const queueId = 'sms-test';
  await db('queues').insert({ id: queueId, name: 'Test SMS', channel_id: 'sms' });
  // Q-5: a queue offers only to its groups; the test queue's is the default group every created agent joins, as the
  // demo's is (src/demo/seed.ts).
  await ensureQueueGroup(db, { id: queueId, name: 'Test SMS' });
  // The simulator takes any rate, and a suite's timed texts must not depend on the hour CI runs at: the suite about
  // quiet hours and pacing (SPEC §9) sets its own, the rest need not wait on either.
  await db('company_numbers').insert({
    number: companyNumber, display_name: 'Test line', queue_id: queueId, rate_per_second: 100, quiet_hours_start: null, quiet_hours_end: null,
  });

  const api = await startApi(config, testLog, temporalAddress, serveWorkspace, opts.extensions);
  const connection = await Connection.connect({ address: temporalAddress });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  // A database on a server the run does not own is dropped at the end (the embedded one goes with its directory).
  const dropDatabase = opts.pgUrl
    ? async () => {
        const a = createDb(opts.pgUrl!, { max: 1 });
        await a.raw(`drop database if exists ${dbName} with (force)`).finally(() => a.destroy());
      }
    : undefined;
  const parley = new Parley(config, env, db, api, sim, client, companyNumber, queueId, opts.worker ?? 'in-process', dropDatabase, opts.extensions);
  await parley.startWorker();
  return parley;
}

/** Polls until `fn` returns a truthy value; fails with `what` after the timeout. */
export async function eventually<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 15_000, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
