import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { createDispatcher, type Dispatcher } from '../../src/routing/dispatcher';
import { loadAgents } from '../../src/routing/routing-facts';
import { agentsGoneOffline, createConnectionTracker } from '../../src/routing/workspace-connections';
import { expireOffer } from '../../src/routing/work-items';
import { acceptOffer, rejectOffer } from '../../src/use-cases/offers';
import { setPresence } from '../../src/use-cases/presence';
import { offerableQueuedItems } from '../../src/worker/consistency-sweep';
import { freshRoutingDb, queueItems, seedRouting } from '../support/routing-db';
import { testLog } from '../support/servers';

// ASG-8 and "never stuck" (SPEC §5) under concurrency: four dispatchers (as in two api and two worker processes)
// against one database, while agents accept, reject, let offers time out and change presence at random. The test plays
// the workflows' part: it projects accepted items as assigned and later closes them, freeing capacity.
describe('routing under concurrency: four dispatchers, one database', function () {
  this.timeout(120_000);
  let db: Knex;
  let drop: () => Promise<void>;
  let dispatchers: Dispatcher[] = [];
  let sweeps: NodeJS.Timeout | undefined;

  before(async () => {
    ({ db, drop } = await freshRoutingDb(30));
  });
  // Also after a failed assertion: the next test must not meet these sweeps or a pass still running.
  afterEach(async () => {
    clearInterval(sweeps);
    for (const d of dispatchers) await d.idle().catch(() => undefined);
  });
  after(async () => {
    for (const d of dispatchers) await d.idle().catch(() => undefined);
    await drop?.();
  });

  async function invariants(): Promise<void> {
    // ASG-8: an item is offered to one agent at a time: at most one pending offer per item, and it is the item's offer.
    const doubles = await db('offers').where({ state: 'pending' }).groupBy('work_item_id').havingRaw('count(*) > 1').select('work_item_id');
    assert.deepEqual(doubles, [], 'an item has two pending offers');
    const strays = await db('offers as o').join('work_items as w', 'w.id', 'o.work_item_id').where('o.state', 'pending')
      .where((q) => q.whereNot('w.state', 'offered').orWhereRaw('w.offer_id <> o.id')).select('o.id');
    assert.deepEqual(strays, [], 'a pending offer whose item is not offered to it');
    // CAP-1/CAP-5: no agent is ever past their capacity.
    for (const a of await loadAgents(db)) {
      assert.ok(a.channels.sms.inUse <= a.channels.sms.capacity, `agent ${a.agentId} holds ${a.channels.sms.inUse} of ${a.channels.sms.capacity}`);
    }
  }

  it('ASG-8/CAP-5/CC-1: no double offer, nobody over capacity, and no item stuck, with agents acting at random', async () => {
    const agents = await seedRouting(db, { agents: 12, capacity: 2 });
    const items = await queueItems(db, 80);
    const signals = { offered: 0, returned: 0, assigned: 0 };
    const notifier = {
      offered: async () => void signals.offered++,
      offerReturned: async () => void signals.returned++,
      assigned: async () => void signals.assigned++,
    };
    dispatchers = Array.from({ length: 4 }, () => createDispatcher({ db, notifier, offerTimeoutMs: 400, log: testLog }));

    let running = true;
    const rnd = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];
    const tolerate = (p: Promise<unknown>) => p.catch((err: Error) => {
      // Races the api answers with 404/409 (the offer moved on): expected under concurrency.
      if (!/offer|no such/i.test(err.message)) throw err;
    });
    const counts = { accepted: 0, rejected: 0, expired: 0, presence: 0, closed: 0 };

    const actor = async () => {
      while (running) {
        const pending = await db('offers').where({ state: 'pending' }).select('id', 'agent_id', 'work_item_id');
        const roll = Math.random();
        if (pending.length && roll < 0.45) {
          const o = rnd(pending);
          await tolerate(acceptOffer(db, o.id, o.agent_id).then(async (r) => {
            counts.accepted++;
            // The workflow's projection of the accept.
            await db('interactions').where({ id: r.interactionId }).update({ state: 'work_in_progress', assigned_agent_id: o.agent_id });
          }));
        } else if (pending.length && roll < 0.6) {
          const o = rnd(pending);
          await tolerate(rejectOffer(db, o.id, o.agent_id, { reason: 'Busy', reassignable: Math.random() < 0.7 }).then(() => void counts.rejected++));
        } else if (pending.length && roll < 0.7) {
          const o = rnd(pending);
          await expireOffer(db, o.work_item_id, o.id).then((r) => r.expiredAgentId && counts.expired++);
        } else if (roll < 0.85) {
          await setPresence(db, rnd(agents), rnd(['available', 'available', 'away', 'offline'] as const), 'test');
          counts.presence++;
        } else {
          // A conversation ends: its capacity is free (CAP-6).
          const open = await db('interactions').where({ state: 'work_in_progress' }).select('id').limit(20);
          if (open.length) {
            await db('interactions').where({ id: rnd(open).id }).update({ state: 'closed_complete' });
            counts.closed++;
          }
        }
        rnd(dispatchers).kick();
        await new Promise((r) => setTimeout(r, Math.random() * 15));
      }
    };
    sweeps = setInterval(() => void Promise.all(dispatchers.map((d) => d.sweep())).catch(() => undefined), 150);
    const checks = (async () => {
      while (running) {
        await invariants();
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    await Promise.race([Promise.all([actor(), actor(), actor(), new Promise((r) => setTimeout(r, 10_000)).then(() => (running = false))]), checks]);
    running = false;
    await checks;
    await invariants();
    assert.ok(counts.accepted > 10 && counts.rejected > 3 && counts.expired > 3 && counts.presence > 10, JSON.stringify(counts));

    // Never stuck (CC-1): once agents are Available, every item is offered and accepted in the end. Offers made from
    // now on do not time out: on a busy machine a loop below may take longer than 400 ms, and a timed-out offer makes
    // its agent Away (ASG-3), which is not what this part is about.
    await Promise.all(dispatchers.map((d) => d.idle()));
    dispatchers = Array.from({ length: 4 }, () => createDispatcher({ db, notifier, offerTimeoutMs: 60_000, log: testLog }));
    for (const a of agents) await setPresence(db, a, 'available', 'test');
    const deadline = Date.now() + 60_000;
    for (;;) {
      const open = await db('work_items').whereIn('id', items).whereIn('state', ['queued', 'offered']).count<{ count: string }[]>('* as count');
      if (Number(open[0].count) === 0) break;
      assert.ok(Date.now() < deadline, `${open[0].count} items still waiting: ${JSON.stringify(await db('work_items').whereIn('id', items).whereIn('state', ['queued', 'offered']).select('id', 'state', 'rejected_agent_ids', 'last_decision').limit(3))}`);
      for (const o of await db('offers').where({ state: 'pending' }).select('id', 'agent_id')) {
        await tolerate(acceptOffer(db, o.id, o.agent_id).then(async (r) => {
          await db('interactions').where({ id: r.interactionId }).update({ state: 'closed_complete', assigned_agent_id: o.agent_id });
        }));
      }
      await db('interactions').where({ state: 'work_in_progress' }).update({ state: 'closed_complete' });
      await Promise.all(dispatchers.map((d) => d.sweep()));
      await invariants();
      // Issue 22: once every dispatcher's pass has run, no queued item is left that an Available agent has room for.
      assert.deepEqual(await offerableQueuedItems(db), [], 'a queued item an agent has room for after every dispatcher ran a pass');
    }
    clearInterval(sweeps);
    const states = await db('work_items').whereIn('id', items).groupBy('state').select('state').count('* as n');
    assert.deepEqual(states.map((s) => s.state), ['accepted']);
    assert.ok(signals.offered > 0);
  });

  it('CAP-1/CAP-3: a second channel is added as data; the same dispatcher honours its capacity and the universal one', async () => {
    await db('work_items').whereIn('state', ['queued', 'offered']).update({ state: 'canceled' });
    await db('channels').insert({ id: 'test_chat', name: 'Test chat', default_capacity: 1, work_item_size: 1 });
    await db('queues').insert({ id: 'chat_q', name: 'Chat', channel_id: 'test_chat' });
    const [agent] = await seedRouting(db, { agents: 1, capacity: 1, queueId: 'chat_q', companyNumber: '+15005550009' });
    await db('users').where({ id: agent }).update({ universal_capacity: 1 });
    // Everyone from the first test is Offline, so only this agent can take work.
    await db('agent_presence').whereNot({ user_id: agent }).update({ status: 'offline' });
    const offered: string[] = [];
    const d = createDispatcher({ db, notifier: { offered: async (_w, o) => void offered.push(o.workItemId), offerReturned: async () => undefined, assigned: async () => undefined }, offerTimeoutMs: 60_000, log: testLog });
    const chat = await queueItems(db, 2, { queueId: 'chat_q', companyNumber: '+15005550009', channelId: 'test_chat' });
    await d.runOnce();
    assert.deepEqual(offered, [chat[0]], 'one chat item: the chat channel’s capacity is 1');
    const sms = await queueItems(db, 1, { queueId: 'q' });
    await d.runOnce();
    assert.deepEqual(offered, [chat[0]], 'CAP-3: the universal capacity of 1 is used by the chat item, so no SMS offer');
    await db('users').where({ id: agent }).update({ universal_capacity: null });
    await d.runOnce();
    assert.deepEqual(offered, [chat[0], sms[0]], 'CAP-1: channels are independent once the universal limit is lifted');
    const events = await db('routing_events').where({ work_item_id: chat[1] }).select('type', 'detail');
    assert.equal(events.at(-1).type, 'no_agent');
    assert.deepEqual(events.at(-1).detail.candidates.find((c: { agentId: string }) => c.agentId === agent), { agentId: agent, eligible: false, reason: 'at_capacity' });
  });

  it('PRS-5: an agent whose Workspace connections are all gone for the grace period goes Offline, across api processes', async () => {
    const [agent] = await seedRouting(db, { agents: 1, capacity: 1 });
    const api1 = createConnectionTracker(db, testLog, 'api-1');
    const api2 = createConnectionTracker(db, testLog, 'api-2');
    const c1 = api1.opened(agent);
    const c2 = api2.opened(agent);
    await new Promise((r) => setTimeout(r, 100));
    api1.closed(c1);
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(await agentsGoneOffline(db, 0), [], 'still connected through the other api process');
    api2.closed(c2);
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(await agentsGoneOffline(db, 60_000), [], 'within the grace period');
    assert.deepEqual(await agentsGoneOffline(db, 50), [agent]);
    assert.deepEqual(await agentsGoneOffline(db, 50), [], 'acted on once');
    // A process that died (no heartbeat for STALE_MS) has lost its connections too.
    api1.opened(agent);
    await new Promise((r) => setTimeout(r, 100));
    await db('workspace_connections').where({ user_id: agent }).update({ last_seen_at: db.raw(`now() - interval '5 minutes'`) });
    assert.deepEqual(await agentsGoneOffline(db, 1000), [agent]);
  });
});
