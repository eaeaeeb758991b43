import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { createDispatcher, type Dispatcher } from '../../src/routing/dispatcher';
import { loadAgents } from '../../src/routing/routing-facts';
import { expireOffer } from '../../src/routing/work-items';
import { acceptOffer, rejectOffer } from '../../src/use-cases/offers';
import { setPresence } from '../../src/use-cases/presence';
import { freshRoutingDb, queueItems, seedRouting } from '../support/routing-db';
import { sharedServers, testLog } from '../support/servers';

// ASG-8 and "never stuck" (SPEC §5) under concurrency: four dispatchers (as in two api and two worker processes)
// against one database, while agents accept, reject, let offers time out and change presence at random. The test plays
// the workflows' part: it projects accepted items as assigned and later closes them, freeing capacity.
describe('routing under concurrency: four dispatchers, one database', function () {
  this.timeout(120_000);
  let db: Knex;
  let drop: () => Promise<void>;
  let dispatchers: Dispatcher[] = [];

  before(async () => {
    const servers = await sharedServers();
    ({ db, drop } = await freshRoutingDb(servers.pg.url, 30));
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
          await tolerate(rejectOffer(db, o.id, o.agent_id, 'Busy', Math.random() < 0.7).then(() => void counts.rejected++));
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
    const sweeps = setInterval(() => void Promise.all(dispatchers.map((d) => d.sweep())).catch(() => undefined), 150);
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

    // Never stuck (CC-1): once agents are Available, every item is offered and accepted in the end.
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
    }
    clearInterval(sweeps);
    const states = await db('work_items').whereIn('id', items).groupBy('state').select('state').count('* as n');
    assert.deepEqual(states.map((s) => s.state), ['accepted']);
    assert.ok(signals.offered > 0);
  });
});
