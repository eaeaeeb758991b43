// Issue 17's targets for `npm run bench`: capacity at SLO (Parley and the baseline stepped up an open-loop rate of a
// realistic mix until their p99s break), agent push (webhook → the agent's SSE event) and scale (N open
// conversations: the Workspace lists, worker memory, storage per conversation). See README "Benchmark".
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { Client } from '@temporalio/client';
import { createSession } from '../src/auth/sessions';
import type { Db } from '../src/db/knex';
import { SseClient } from '../test/support/sse-client';
import { machineBusyPercent, machineCpu } from './cpu-accounting';
import type { GeneratorInput, GeneratorOutput, PostResult } from './load-generator';
import { openLoop } from './load-generator';
import { percentile, round } from './stats';

/** What the targets need of the bench's stack (bench/ingest.ts). */
export interface TargetsContext {
  db: Db;
  client: Client;
  url: string;
  authToken: string;
  baselineQueue: string;
  /** Where the baseline worker appends "messageId epochMs" per signal handled. */
  baselineHandledLog: string;
  workerPid: number;
  /** The Temporal server's storage in bytes now (the dev server's SQLite files, or the cluster's databases). */
  temporalBytes(): Promise<number | null>;
  generate(input: GeneratorInput, running?: (stop: () => void) => void): Promise<GeneratorOutput>;
  /** Waits until every post is taken in; taken_at (epoch ms) by sid. */
  takenIn(posts: PostResult[]): Promise<Map<string, number>>;
  requesters(n: number): string[];
  say(line: string): void;
}

export interface TargetSizes {
  /** Seconds per step of the capacity search (enough texts for a p99). */
  capacitySeconds: number;
  /** The first rate tried, per second; the ladder goes up by `capacityFactor` until a step fails, then bisects. */
  capacityStart: number;
  capacityFactor: number;
  capacityBisect: number;
  capacityMax: number;
  /** The lowest rate the search steps down to when the first step fails. */
  capacityMin: number;
  /** Conversations (and baseline workflows) open before the first step; the new ones of each step join them. */
  capacityOpen: number;
  pushRate: number;
  pushSeconds: number;
  pushAgents: number;
  /** Open conversations in the scale scenario (those earlier scenarios left open count). */
  scaleConversations: number;
  scaleAgents: number;
  scaleRequests: number;
  /** At most this long before a capacity step or agent push for the machine to go quiet (0: do not wait). */
  settleSeconds: number;
}

export const TARGET_SIZES: TargetSizes = {
  capacitySeconds: 15, capacityStart: 12.5, capacityFactor: Math.SQRT2, capacityBisect: 2, capacityMax: 2000, capacityMin: 1, capacityOpen: 100,
  pushRate: 50, pushSeconds: 20, pushAgents: 10,
  scaleConversations: 10_000, scaleAgents: 20, scaleRequests: 200, settleSeconds: 300,
};

/** The SLO of capacity_at_slo: the webhook's ack and the text taken in (Parley), the signal handled (baseline). */
export const SLO = { ackP99Ms: 50, takenInP99Ms: 500, handledP99Ms: 500 };
/** The share of texts that start a new conversation in the capacity mix. */
const NEW_SHARE = 0.2;
/** The rate whose figures are reported besides the capacity (issue 17: "the figures at 50 texts/s"). */
const REPORT_RATE = 50;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.timeOrigin + performance.now();
const p = (values: number[], q: number) => round(percentile(values, q));
const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)];

export interface CapacityStep {
  rate_per_s: number;
  texts: number;
  /** Stopped before its end: the backlog showed it had clearly failed. */
  stopped_early: boolean;
  pass: boolean;
  ack_p50_ms: number | null;
  ack_p99_ms: number | null;
  /** Parley: post → taken in; the baseline: signal sent → handled by the workflow. */
  taken_in_p50_ms: number | null;
  taken_in_p99_ms: number | null;
  machine_cpu_busy_pct: number | null;
  /** Seconds waited before the step for the machine to go quiet (the previous step's or scenario's backlog). */
  settled_after_s: number;
}

/**
 * Steps the rate up geometrically from `start` until a step fails (down from it if the first fails), then bisects
 * between the highest pass and the lowest fail. Returns the highest rate that passed (null if none did).
 */
async function searchRate(sizes: TargetSizes, step: (rate: number) => Promise<CapacityStep>): Promise<{ best: CapacityStep | null; steps: CapacityStep[] }> {
  const steps: CapacityStep[] = [];
  const run = async (rate: number) => {
    const s = await step(Math.round(rate * 10) / 10);
    steps.push(s);
    return s;
  };
  let pass: CapacityStep | null = null;
  let fail: CapacityStep | null = null;
  for (let rate = sizes.capacityStart; rate <= sizes.capacityMax && !fail; rate *= sizes.capacityFactor) {
    const s = await run(rate);
    if (s.pass) pass = s;
    else fail = s;
  }
  for (let rate = sizes.capacityStart / sizes.capacityFactor; !pass && rate >= sizes.capacityMin; rate /= sizes.capacityFactor) {
    const s = await run(rate);
    if (s.pass) pass = s;
    else fail = s;
  }
  for (let i = 0; i < sizes.capacityBisect && pass && fail; i++) {
    const s = await run(Math.sqrt(pass.rate_per_s * fail.rate_per_s));
    if (s.pass) pass = s;
    else fail = s;
  }
  return { best: pass, steps };
}

/**
 * Waits (up to `maxSeconds`) until the machine has been quiet — under `quietPct` % busy — for 3 s running; the
 * seconds waited. Work queued before a measurement (the texts and outbound sends a scenario or a failed step left,
 * their status callbacks) otherwise lands in it: in one full run every step after the VA scenario failed, the
 * baseline's too, while its 3,600 greetings were still being sent and confirmed.
 */
export async function settle(maxSeconds: number, quietPct = 25): Promise<number> {
  const started = Date.now();
  let quiet = 0;
  let before = machineCpu();
  while (maxSeconds > 0 && quiet < 3 && Date.now() - started < maxSeconds * 1000) {
    await sleep(1000);
    const now = machineCpu();
    const busy = machineBusyPercent(before, now);
    before = now;
    quiet = busy !== null && busy < quietPct ? quiet + 1 : busy === null ? 3 : 0;
  }
  return Math.round((Date.now() - started) / 100) / 10;
}

/** Watches a backlog once a second; `stop` once it has held more than 2 s of the rate's work twice running. */
function backlogWatch(rate: number, backlog: () => Promise<number>, stop: () => void): { end(): Promise<boolean> } {
  let stopped = false;
  let over = 0;
  let done = false;
  const limit = Math.max(20, rate * 2);
  const loop = (async () => {
    while (!done) {
      await sleep(1000);
      if (done) break;
      over = (await backlog().catch(() => 0)) > limit ? over + 1 : 0;
      if (over >= 2 && !stopped) {
        stopped = true;
        stop();
      }
    }
  })();
  return {
    async end() {
      done = true;
      await loop;
      return stopped;
    },
  };
}

function stepResult(
  rate: number, acks: number[], latencies: number[], stopped: boolean, busy: number | null, limitMs: number, ackLimitMs: number | null, settled: number,
): CapacityStep {
  const ack99 = percentile(acks, 99);
  const lat99 = percentile(latencies, 99);
  const pass = !stopped && lat99 <= limitMs && (ackLimitMs === null || ack99 <= ackLimitMs);
  return {
    rate_per_s: rate, texts: latencies.length, stopped_early: stopped, pass,
    ack_p50_ms: p(acks, 50), ack_p99_ms: round(ack99), taken_in_p50_ms: p(latencies, 50), taken_in_p99_ms: round(lat99), machine_cpu_busy_pct: busy,
    settled_after_s: settled,
  };
}

/** Parley's steps: signed webhooks at `rate`, one in five from a new number, the rest into open conversations. */
async function parleyStepper(ctx: TargetsContext, sizes: TargetSizes, company: string) {
  const open = ctx.requesters(sizes.capacityOpen);
  ctx.say(`capacity_at_slo: opening ${open.length} conversations`);
  const opening = await ctx.generate({ url: ctx.url, authToken: ctx.authToken, companyNumber: company, requesters: open, texts: open.length, mode: { kind: 'closed', concurrency: 16 } });
  await ctx.takenIn(opening.posts);
  return async (rate: number): Promise<CapacityStep> => {
    const settled = await settle(sizes.settleSeconds);
    const texts = Math.max(20, Math.round(rate * sizes.capacitySeconds));
    const fresh = ctx.requesters(Math.ceil(texts * NEW_SHARE));
    const from = Array.from({ length: texts }, (_, i) => (i % Math.round(1 / NEW_SHARE) === 0 ? fresh[i / Math.round(1 / NEW_SHARE)] : pick(open)));
    const since = new Date();
    const machine = machineCpu();
    let watch: ReturnType<typeof backlogWatch> | undefined;
    const unclaimed = async () => {
      const [{ count }] = await ctx.db('messages').whereNull('interaction_id').where({ direction: 'inbound' }).where('created_at', '>=', since).count<{ count: string }[]>('* as count');
      return Number(count);
    };
    const { posts } = await ctx.generate(
      { url: ctx.url, authToken: ctx.authToken, companyNumber: company, requesters: from, texts, mode: { kind: 'open', ratePerSecond: rate } },
      (stop) => (watch = backlogWatch(rate, unclaimed, stop)),
    );
    const stopped = (await watch?.end()) ?? false;
    const busy = machineBusyPercent(machine, machineCpu());
    const taken = await ctx.takenIn(posts);
    open.push(...fresh.filter((_, k) => k * Math.round(1 / NEW_SHARE) < posts.length));
    const s = stepResult(rate, posts.map((x) => x.ackMs), posts.map((x) => taken.get(x.sid)! - x.startedAt), stopped, busy, SLO.takenInP99Ms, SLO.ackP99Ms, settled);
    ctx.say(`capacity_at_slo parley ${rate}/s (after ${settled} s to settle): ack p99 ${s.ack_p99_ms} ms, taken in p99 ${s.taken_in_p99_ms} ms${stopped ? ' (stopped early)' : ''} → ${s.pass ? 'pass' : 'fail'}`);
    await sleep(2000);
    return s;
  };
}

/** Reads the baseline worker's handled log from `offset`: epoch ms by message id. */
function readHandled(file: string, offset: number): Map<string, number> {
  let text = '';
  try {
    const fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    const buf = Buffer.alloc(Math.max(0, size - offset));
    fs.readSync(fd, buf, 0, buf.length, offset);
    fs.closeSync(fd);
    text = buf.toString('utf8');
  } catch {
    // not written yet
  }
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [id, at] = line.split(' ');
    if (id && at) out.set(id, Number(at));
  }
  return out;
}

/** The baseline's steps: one in five a signal-with-start of a new counting workflow, the rest signals to open ones. */
async function baselineStepper(ctx: TargetsContext, sizes: TargetSizes) {
  const open = Array.from({ length: sizes.capacityOpen }, () => `bench-capacity-${randomUUID()}`);
  const args = [{ companyNumber: '+15005550006', requesterNumber: 'baseline', settings: { offerTimeoutMs: 120_000 } }];
  const start = (workflowId: string, messageId: string) =>
    ctx.client.workflow.signalWithStart('countingWorkflow', { workflowId, taskQueue: ctx.baselineQueue, args, signal: 'inbound', signalArgs: [{ messageId }] });
  for (const id of open) await start(id, randomUUID());
  return async (rate: number): Promise<CapacityStep> => {
    const settled = await settle(sizes.settleSeconds);
    const texts = Math.max(20, Math.round(rate * sizes.capacitySeconds));
    const offset = fs.existsSync(ctx.baselineHandledLog) ? fs.statSync(ctx.baselineHandledLog).size : 0;
    const sent = new Map<string, { at: number; ackMs: number }>();
    const fresh: string[] = [];
    let failed = 0;
    let stop = false;
    const machine = machineCpu();
    const watch = backlogWatch(rate, async () => sent.size - readHandled(ctx.baselineHandledLog, offset).size, () => (stop = true));
    await openLoop(texts, rate, async (i) => {
      const messageId = randomUUID();
      const at = now();
      sent.set(messageId, { at, ackMs: 0 });
      try {
        if (i % Math.round(1 / NEW_SHARE) === 0) {
          const id = `bench-capacity-${randomUUID()}`;
          fresh.push(id);
          await start(id, messageId);
        } else await ctx.client.workflow.getHandle(pick(open)).signal('inbound', { messageId });
        sent.get(messageId)!.ackMs = now() - at;
      } catch {
        failed++;
        sent.delete(messageId);
      }
    }, () => stop);
    const stopped = await watch.end();
    const busy = machineBusyPercent(machine, machineCpu());
    let handled = readHandled(ctx.baselineHandledLog, offset);
    for (const until = Date.now() + 120_000; [...sent.keys()].some((id) => !handled.has(id)) && Date.now() < until; ) {
      await sleep(200);
      handled = readHandled(ctx.baselineHandledLog, offset);
    }
    open.push(...fresh);
    const acks = [...sent.values()].map((v) => v.ackMs);
    // A signal never handled within two minutes counts as infinitely late.
    const latencies = [...sent].map(([id, v]) => (handled.has(id) ? handled.get(id)! - v.at : Number.POSITIVE_INFINITY));
    const s = stepResult(rate, acks, latencies, stopped || failed > 0, busy, SLO.handledP99Ms, null, settled);
    ctx.say(`capacity_at_slo baseline ${rate}/s (after ${settled} s to settle): signal → handled p99 ${s.taken_in_p99_ms} ms${failed ? `, ${failed} calls failed` : ''}${stopped ? ' (stopped early)' : ''} → ${s.pass ? 'pass' : 'fail'}`);
    await sleep(2000);
    return s;
  };
}

export async function capacityAtSlo(ctx: TargetsContext, sizes: TargetSizes, company: string) {
  const parleyStep = await parleyStepper(ctx, sizes, company);
  const parley = await searchRate(sizes, parleyStep);
  const at50 = parley.steps.find((s) => s.rate_per_s === REPORT_RATE) ?? (await parleyStep(REPORT_RATE));
  const baselineStep = await baselineStepper(ctx, sizes);
  const baseline = await searchRate(sizes, baselineStep);
  const baselineAt50 = baseline.steps.find((s) => s.rate_per_s === REPORT_RATE);
  const parleyRate = parley.best?.rate_per_s ?? 0;
  const baselineRate = baseline.best?.rate_per_s ?? 0;
  return {
    slo: { ack_p99_ms: SLO.ackP99Ms, taken_in_p99_ms: SLO.takenInP99Ms, baseline_handled_p99_ms: SLO.handledP99Ms },
    mix: { new_conversations: NEW_SHARE, into_open: 1 - NEW_SHARE },
    step_seconds: sizes.capacitySeconds,
    parley_per_s: parleyRate,
    baseline_per_s: baselineRate,
    ratio: baselineRate ? round(parleyRate / baselineRate, 3) : null,
    /** Parley's p99s at its found rate. */
    ack_p99_ms: parley.best?.ack_p99_ms ?? null,
    taken_in_p99_ms: parley.best?.taken_in_p99_ms ?? null,
    at_50_per_s: {
      ack_p50_ms: at50.ack_p50_ms, ack_p99_ms: at50.ack_p99_ms, taken_in_p50_ms: at50.taken_in_p50_ms, taken_in_p99_ms: at50.taken_in_p99_ms,
      machine_cpu_busy_pct: at50.machine_cpu_busy_pct, stopped_early: at50.stopped_early,
      baseline_handled_p99_ms: baselineAt50?.taken_in_p99_ms ?? null,
    },
    steps: { parley: parley.steps, baseline: baseline.steps },
  };
}

interface TeamMember {
  id: string;
  token: string;
}

/**
 * A queue of its own (a pool of one group: its work reaches only these agents, and before any other), a company
 * number routed to it, and `agents` agents in the group with SMS capacity `capacity` and a session each.
 */
async function team(ctx: TargetsContext, name: string, agents: number, capacity: number, company: string): Promise<TeamMember[]> {
  const { db } = ctx;
  // The group serves its queue at priority 1 and an empty one at the default 100: two levels make the dispatcher walk
  // tier by tier (GQP-2), this queue's items before the thousands the benchmark's earlier scenarios left queued
  // (a plain pass walks the oldest 500 and would not reach these). Those name no agent group, so nobody is offered them (Q-5).
  const [{ id: groupId }] = await db('agent_groups').insert({ name: `${name}-agents` }).returning('id');
  for (const [queueId, priority] of [[name, 1], [`${name}-spare`, 100]] as const) {
    await db('queues').insert({ id: queueId, name: queueId, channel_id: 'sms' });
    await db('queue_pools').insert({ queue_id: queueId, position: 0, eligible_after_seconds: 0, group_ids: [groupId] });
    await db('group_queue_priorities').insert({ group_id: groupId, queue_id: queueId, priority });
  }
  await db('company_numbers').insert({ number: company, display_name: name, queue_id: name, rate_per_second: 1000 });
  const users = await db('users')
    .insert(Array.from({ length: agents }, (_, i) => ({ email: `${name}${i}-${randomUUID().slice(0, 6)}@bench.example`, name: `${name} ${i}`, role: 'agent', password_hash: 'x', sms_capacity: capacity })))
    .returning('id');
  await db('agent_group_members').insert(users.map((u: { id: string }) => ({ group_id: groupId, user_id: u.id })));
  return Promise.all(users.map(async (u: { id: string }) => ({ id: u.id, token: await createSession(db, u.id, 12) })));
}

async function api(ctx: TargetsContext, token: string, method: string, route: string, body?: unknown): Promise<Response> {
  const res = await fetch(`${ctx.url}${route}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined,
  });
  if (res.status >= 400) throw new Error(`${method} ${route} answered ${res.status}: ${await res.text()}`);
  return res;
}

/** Texts from each number (closed loop), and waits until every one is taken in. */
async function openConversations(ctx: TargetsContext, company: string, from: string[], concurrency = 16): Promise<void> {
  const { posts } = await ctx.generate({ url: ctx.url, authToken: ctx.authToken, companyNumber: company, requesters: from, texts: from.length, mode: { kind: 'closed', concurrency } });
  await ctx.takenIn(posts);
}

/**
 * The agents go Available and accept what they are offered until each has `accept` conversations. With `company`,
 * only that number's: an offer of anything else (the earlier scenarios' backlog waits in a queue without pools, which
 * Q-5 offers to everyone) is rejected, and routing does not offer it to that agent again.
 */
async function staff(ctx: TargetsContext, members: TeamMember[], accept: number, opts: { company?: string; timeoutMs?: number } = {}): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  for (const m of members) await api(ctx, m.token, 'PUT', '/api/me/presence', { status: 'available' });
  const assigned = async (m: TeamMember) => {
    const [{ count }] = await ctx.db('interactions').where({ assigned_agent_id: m.id, ...(opts.company ? { company_number: opts.company } : {}) })
      .whereNotIn('state', ['closed_complete', 'closed_abandoned']).count<{ count: string }[]>('* as count');
    return Number(count);
  };
  const until = Date.now() + timeoutMs;
  for (;;) {
    let short = 0;
    for (const m of members) {
      const have = await assigned(m);
      if (have >= accept) continue;
      short += accept - have;
      const offers = (await (await api(ctx, m.token, 'GET', '/api/me/offers')).json()) as { id: string; companyNumber: string }[];
      const others = opts.company ? offers.filter((o) => o.companyNumber !== opts.company) : [];
      for (const o of others) await api(ctx, m.token, 'POST', `/api/offers/${o.id}/reject`, { reason: 'bench: not this team\'s number' }).catch(() => undefined);
      const mine = offers.filter((o) => !others.includes(o));
      for (const o of mine.slice(0, accept - have)) await api(ctx, m.token, 'POST', `/api/offers/${o.id}/accept`).catch(() => undefined);
    }
    if (!short) return;
    if (Date.now() > until) throw new Error(`the agents were still ${short} conversations short of ${accept} each after ${timeoutMs / 1000}s`);
    await sleep(500);
  }
}

/** Which interaction each requester's text went to (the open one of the pair). */
async function interactionsOf(ctx: TargetsContext, company: string, from: string[]): Promise<Map<string, { id: string; unread: number; agentId: string | null }>> {
  const rows = await ctx.db('interactions').where({ company_number: company }).whereIn('requester_number', from).whereNotIn('state', ['closed_complete', 'closed_abandoned'])
    .select('id', 'requester_number', 'unread_count', 'assigned_agent_id');
  return new Map(rows.map((r) => [r.requester_number as string, { id: r.id as string, unread: Number(r.unread_count), agentId: (r.assigned_agent_id as string | null) ?? null }]));
}

/** Waits (up to 30 s) until no text to these requesters is still to be sent: each one sent resets an unread count. */
async function outboxEmpty(ctx: TargetsContext, company: string, from: string[]): Promise<void> {
  for (const until = Date.now() + 30_000; Date.now() < until; await sleep(250)) {
    const [{ count }] = await ctx.db('messages').where({ company_number: company, direction: 'outbound' }).whereIn('requester_number', from)
      .whereIn('status', ['pending', 'sending']).count<{ count: string }[]>('* as count');
    if (Number(count) === 0) return;
  }
  throw new Error('agent_push: texts to the requesters were still unsent after 30 s');
}

/**
 * Agents with their Workspace's event stream open, each with `capacity` conversations accepted; inbound texts into
 * those conversations at `pushRate` open loop. Latency: the webhook's POST → the `interaction` event whose unread
 * count includes the text, on the assigned agent's stream.
 */
export async function agentPush(ctx: TargetsContext, sizes: TargetSizes) {
  const company = '+15005550031';
  const capacity = 5;
  const members = await team(ctx, 'push', sizes.pushAgents, capacity, company);
  const from = ctx.requesters(members.length * capacity);
  ctx.say(`agent_push: ${members.length} agents with their event streams open, ${from.length} conversations to accept`);
  const streams = await Promise.all(members.map((m) => SseClient.connect(`${ctx.url}/api/events`, m.token)));
  try {
    await openConversations(ctx, company, from);
    // Only the push number's conversations: a text into one nobody on the team has would reach no agent's stream (in
    // CI's tiny run an agent took a leftover conversation, one of these stayed queued, and its text "had no event").
    await staff(ctx, members, capacity, { company });
    // Read the unread counts only once every text to these requesters is out: an outbound text resets the count to 0
    // (src/activities/outbound.ts; "no agents available" when run with --automatic-texts), and a count read before it
    // would be one too high: each text matched to the next text's event, the last one to none.
    const settled = await settle(sizes.settleSeconds);
    await outboxEmpty(ctx, company, from);
    const before = await interactionsOf(ctx, company, from);
    const teamIds = new Set(members.map((m) => m.id));
    const elsewhere = [...before.values()].filter((c) => !teamIds.has(c.agentId ?? ''));
    if (elsewhere.length || before.size !== from.length) throw new Error(`agent_push: ${elsewhere.length} of the ${before.size} conversations are not with the team`);
    const texts = Math.round(sizes.pushRate * sizes.pushSeconds);
    const sentFrom = Array.from({ length: texts }, (_, i) => from[i % from.length]);
    ctx.say(`agent_push: ${sizes.pushRate} texts/s for ${sizes.pushSeconds}s into the agents' conversations`);
    const { posts } = await ctx.generate({ url: ctx.url, authToken: ctx.authToken, companyNumber: company, requesters: sentFrom, texts, mode: { kind: 'open', ratePerSecond: sizes.pushRate } });
    await ctx.takenIn(posts);
    // The last events trail the taken-in write (the projection, then LISTEN/NOTIFY): wait for them, up to 15 s.
    const match = () => {
      const events = streams.flatMap((s) => s.events).filter((e) => e.event === 'interaction').map((e) => ({ ...(e.data as { id: string; unreadCount: number }), at: e.at }));
      const byInteraction = new Map<string, { at: number; unread: number }[]>();
      for (const e of events) byInteraction.set(e.id, [...(byInteraction.get(e.id) ?? []), { at: e.at, unread: e.unreadCount }]);
      const seen = new Map<string, number>();
      const latencies: number[] = [];
      let missed = 0;
      const missedDetail: { interaction: string; unread_before: number; nth: number; events: { unread: number; after_ms: number }[] }[] = [];
      for (const post of [...posts].sort((a, b) => a.startedAt - b.startedAt)) {
        const requester = post.from;
        const conv = before.get(requester);
        if (!conv) throw new Error(`agent_push: no open interaction for ${requester}`);
        const k = (seen.get(requester) ?? 0) + 1;
        seen.set(requester, k);
        const hit = (byInteraction.get(conv.id) ?? []).find((e) => e.unread >= conv.unread + k && e.at >= post.startedAt);
        if (hit) latencies.push(hit.at - post.startedAt);
        else {
          missed++;
          if (missedDetail.length < 5) {
            missedDetail.push({ interaction: conv.id, unread_before: conv.unread, nth: k, events: (byInteraction.get(conv.id) ?? []).map((e) => ({ unread: e.unread, after_ms: Math.round(e.at - post.startedAt) })) });
          }
        }
      }
      return { latencies, missed, missedDetail };
    };
    let matched = match();
    for (const until = Date.now() + 15_000; matched.missed > 0 && Date.now() < until; matched = match()) await sleep(250);
    const { latencies, missed, missedDetail } = matched;
    const result = { load_per_s: sizes.pushRate, texts, agents: members.length, conversations: from.length, p50_ms: p(latencies, 50), p95_ms: p(latencies, 95), p99_ms: p(latencies, 99), missed_events: missed, ...(missed ? { missed_detail: missedDetail } : {}), target_p95_ms: 250, settled_after_s: settled };
    ctx.say(`agent_push: p50 ${result.p50_ms} ms, p95 ${result.p95_ms} ms${missed ? `, ${missed} texts without an event` : ''}`);
    for (const m of members) await api(ctx, m.token, 'PUT', '/api/me/presence', { status: 'offline' }).catch(() => undefined);
    return result;
  } finally {
    for (const s of streams) s.close();
  }
}

/** Resident and peak resident set of a process, MB. */
export function rssMb(pid: number): { rss: number | null; peak: number | null } {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
    const mb = (v: number) => (Number.isFinite(v) ? Math.round(v / 1024) : null);
    return { rss: mb(kb('VmRSS')), peak: mb(kb('VmHWM')) };
  } catch {
    return { rss: null, peak: null };
  }
}

const OPEN = ['closed_complete', 'closed_abandoned'];

/**
 * N open conversations: those earlier scenarios left open count, the rest are texted in through signed webhooks; then
 * a team of agents takes some (capacity 5, four accepted, the fifth offered and left in their Inbox) while the rest
 * wait queued. Ongoing (GET /api/interactions) and Inbox (GET /api/me/offers) p95 over random agents; worker RSS
 * (sampled while the conversations were created: its slope is memory per newly cached workflow); storage per
 * conversation created here, PostgreSQL's and the Temporal server's.
 */
export async function scale(ctx: TargetsContext, sizes: TargetSizes) {
  const { db } = ctx;
  const company = '+15005550032';
  const [{ count: already }] = await db('interactions').whereNotIn('state', OPEN).count<{ count: string }[]>('* as count');
  // At least enough of the scale queue's own for every agent's capacity.
  const toCreate = Math.max(sizes.scaleAgents * 5, sizes.scaleConversations - Number(already));
  const members = await team(ctx, 'scale', sizes.scaleAgents, 5, company);
  const dbBytes = async () => Number((await db.raw('select pg_database_size(current_database()) as b')).rows[0].b);
  const pgBefore = await dbBytes();
  const temporalBefore = await ctx.temporalBytes();
  const rssBefore = rssMb(ctx.workerPid).rss;
  ctx.say(`scale: ${already} conversations open already; opening ${toCreate} more through signed webhooks`);
  const started = performance.now();
  const samples: { conversations: number; rss_mb: number | null }[] = [{ conversations: 0, rss_mb: rssBefore }];
  const chunk = 500;
  for (let done = 0; done < toCreate; ) {
    const n = Math.min(chunk, toCreate - done);
    await openConversations(ctx, company, ctx.requesters(n));
    done += n;
    samples.push({ conversations: done, rss_mb: rssMb(ctx.workerPid).rss });
    if (done % 2000 < chunk) ctx.say(`scale: ${done}/${toCreate} opened (${round(done / ((performance.now() - started) / 1000))}/s)`);
  }
  const createSeconds = (performance.now() - started) / 1000;
  // Storage first, before the agents' work adds rows of its own.
  const pgAfter = await dbBytes();
  const temporalAfter = await ctx.temporalBytes();
  const tables = await db.raw(
    `select relname as table, pg_total_relation_size(relid) as bytes from pg_catalog.pg_statio_user_tables order by pg_total_relation_size(relid) desc limit 6`,
  );
  const perConversation = (before: number | null, after: number | null) => (toCreate && before !== null && after !== null ? Math.round((after - before) / toCreate) : null);

  ctx.say(`scale: ${members.length} agents accept 4 conversations each, a fifth offered`);
  await staff(ctx, members, 4);
  await sleep(3000);
  const timed = async (route: string) => {
    const ms: number[] = [];
    for (let i = 0; i < sizes.scaleRequests; i++) {
      const m = pick(members);
      const t = performance.now();
      await (await api(ctx, m.token, 'GET', route)).arrayBuffer();
      ms.push(performance.now() - t);
    }
    return ms;
  };
  const ongoing = await timed('/api/interactions');
  const inbox = await timed('/api/me/offers');
  const [{ count: open }] = await db('interactions').whereNotIn('state', OPEN).count<{ count: string }[]>('* as count');
  const [{ count: offered }] = await db('offers').where({ state: 'pending' }).count<{ count: string }[]>('* as count');
  for (const m of members) await api(ctx, m.token, 'PUT', '/api/me/presence', { status: 'offline' }).catch(() => undefined);
  const rss = rssMb(ctx.workerPid);
  const grown = samples.filter((s) => s.rss_mb !== null);
  const slope = grown.length > 1 && toCreate ? Math.round(((grown[grown.length - 1].rss_mb! - grown[0].rss_mb!) * 1024) / grown[grown.length - 1].conversations) : null;
  const result = {
    open_conversations: Number(open),
    created_here: toCreate,
    created_per_s: toCreate ? round(toCreate / createSeconds) : null,
    agents: members.length,
    assigned: members.length * 4,
    offered: Number(offered),
    ongoing_p50_ms: p(ongoing, 50),
    ongoing_p95_ms: p(ongoing, 95),
    inbox_p50_ms: p(inbox, 50),
    inbox_p95_ms: p(inbox, 95),
    worker_rss_mb: rss.rss,
    worker_peak_rss_mb: rss.peak,
    /** Worker RSS growth per conversation created here, KB (workflows entering the cache; flat once it is full). */
    worker_rss_kb_per_created_conversation: slope,
    worker_rss_samples: samples,
    postgres_bytes_per_conversation: perConversation(pgBefore, pgAfter),
    temporal_bytes_per_conversation: perConversation(temporalBefore, temporalAfter),
    postgres_largest_tables_bytes: Object.fromEntries(tables.rows.map((r: { table: string; bytes: string }) => [r.table, Number(r.bytes)])),
  };
  ctx.say(`scale: ${result.open_conversations} open; Ongoing p95 ${result.ongoing_p95_ms} ms, Inbox p95 ${result.inbox_p95_ms} ms, worker RSS ${result.worker_rss_mb} MB`);
  return result;
}
