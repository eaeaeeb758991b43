// The routing scenario of `npm run bench` (issue 16): 200 agents, 5,000 queued items, agents freeing capacity at
// random. Drives the dispatchers directly against PostgreSQL (no Temporal: routing state is PostgreSQL's), with two
// dispatchers as in two processes. Reports the offer latency after capacity appears (p50/p95) and offers per second.
import pino from 'pino';
import type { Db } from '../src/db/knex';
import { createDispatcher } from '../src/routing/dispatcher';
import { acceptOffer } from '../src/use-cases/offers';
import { queueItems, seedRouting } from '../test/support/routing-db';
import { percentile, round } from './stats';

export interface RoutingBenchSizes {
  agents: number;
  items: number;
  capacity: number;
  /** Capacity frees measured in the steady phase. */
  frees: number;
}

export const ROUTING_SIZES: RoutingBenchSizes = { agents: 200, items: 5000, capacity: 4, frees: 1500 };

export async function routingScenario(db: Db, sizes: RoutingBenchSizes = ROUTING_SIZES, say: (line: string) => void = () => undefined) {
  const agents = await seedRouting(db, { agents: sizes.agents, capacity: sizes.capacity });
  await queueItems(db, sizes.items);
  const freedAt = new Map<string, number[]>();
  const latencies: number[] = [];
  let offersMade = 0;
  const notifier = {
    offered: async (_workflowId: string, offer: { agentId: string }) => {
      offersMade++;
      const waiting = freedAt.get(offer.agentId);
      const t = waiting?.shift();
      if (t !== undefined) latencies.push(performance.now() - t);
    },
    offerReturned: async () => undefined,
    assigned: async () => undefined,
  };
  const log = pino({ level: 'silent' });
  const dispatchers = [0, 1].map(() => createDispatcher({ db, notifier, offerTimeoutMs: 600_000, log }));

  // Fill: every agent's capacity from the queue, as when 200 agents sign in to a backlog.
  say(`routing: ${sizes.agents} agents × ${sizes.capacity}, ${sizes.items} queued items`);
  const fillStart = performance.now();
  while (offersMade < sizes.agents * sizes.capacity) {
    const before = offersMade;
    await Promise.all(dispatchers.map((d) => d.runOnce()));
    if (offersMade === before) break;
  }
  const fillSeconds = (performance.now() - fillStart) / 1000;
  const fillOffers = offersMade;

  const acceptAll = async () => {
    for (const o of await db('offers').where({ state: 'pending' }).select('id', 'agent_id')) {
      const r = await acceptOffer(db, o.id, o.agent_id);
      await db('interactions').where({ id: r.interactionId }).update({ state: 'work_in_progress', assigned_agent_id: o.agent_id });
    }
  };
  await acceptAll();

  // Steady: agents finish conversations at random; each freed unit should be offered the next waiting item at once.
  const steadyStart = performance.now();
  const steadyOffersBefore = offersMade;
  let frees = 0;
  while (frees < sizes.frees) {
    const batch = 1 + Math.floor(Math.random() * 4);
    const open = await db('interactions').where({ state: 'work_in_progress' }).orderByRaw('random()').limit(batch).select('id', 'assigned_agent_id');
    if (!open.length) break;
    await db('interactions').whereIn('id', open.map((o) => o.id)).update({ state: 'closed_complete' });
    const now = performance.now();
    for (const o of open) {
      const list = freedAt.get(o.assigned_agent_id) ?? [];
      list.push(now);
      freedAt.set(o.assigned_agent_id, list);
      frees++;
    }
    // CAP-6: a close kicks the dispatcher of whichever process closed it.
    dispatchers[frees % 2].kick();
    await new Promise((r) => setTimeout(r, Math.random() * 10));
    if (frees % 50 < batch) await acceptAll();
  }
  await Promise.all(dispatchers.map((d) => d.idle()));
  const steadySeconds = (performance.now() - steadyStart) / 1000;
  const steadyOffers = offersMade - steadyOffersBefore;
  const sorted = [...latencies].sort((a, b) => a - b);
  const result = {
    sizes,
    agents: agents.length,
    fill: { offers: fillOffers, seconds: round(fillSeconds, 2), offers_per_second: round(fillOffers / fillSeconds) },
    steady: {
      capacity_frees: frees,
      offers: steadyOffers,
      seconds: round(steadySeconds, 2),
      offers_per_second: round(steadyOffers / steadySeconds),
      offer_latency_ms: { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), p99: round(percentile(sorted, 99)), samples: sorted.length },
    },
    dispatchers: dispatchers.length,
  };
  say(`routing: fill ${result.fill.offers_per_second} offers/s; steady ${result.steady.offers_per_second} offers/s, latency p50 ${result.steady.offer_latency_ms.p50} ms p95 ${result.steady.offer_latency_ms.p95} ms`);
  return result;
}
