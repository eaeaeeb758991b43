import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics/metrics';
import type { Offer } from '../domain/interaction/state';
import { createPassRunner } from './pass-runner';
import { DEFAULT_GROUP_QUEUE_PRIORITY, priorityTiers, type TierWalk } from './group-queue-priority';
import {
  anyAgentFree, anyTargetReady, expireOffer, offerNext, overdueOffers, passContext, unprojectedAccepts, type OfferResult, type PassContext, type WalkOnly,
} from './work-items';

/** Items a pass records "nobody could take it" for while no agent has room (each item once). */
const UNRECORDED_PER_PASS = 25;

export interface OfferNotifier {
  offered(workflowId: string, offer: Offer): Promise<void>;
  offerReturned(workflowId: string, p: { workItemId: string; offerId: string }): Promise<void>;
  /** ASG-4: an auto-accepted item is assigned straight away. */
  assigned(workflowId: string, p: { workItemId: string; agentId: string }): Promise<void>;
}

export interface Dispatcher {
  /** Ask for a dispatch pass soon; calls during a pass coalesce into one more pass. */
  kick(): void;
  runOnce(): Promise<number>;
  /** The periodic safety net: overdue offers, accepts the workflow missed, then a dispatch pass. */
  sweep(): Promise<void>;
  idle(): Promise<void>;
}

/**
 * One dispatch pass over the waiting items, oldest first: each is offered to the best agent or recorded as
 * nobody's. Stops as soon as the pass knows of no agent with room, after an offer and after an item nobody could take
 * alike (the re-read under the agent's lock corrects a load another dispatcher changed): walking on cost one
 * transaction, and often a no_agent event, per waiting item, and made the next offer wait for it.
 */
export async function walkQueue(
  db: Knex, pass: PassContext, onOffer: (r: OfferResult) => void, limit = 500, tier?: TierWalk, only?: WalkOnly,
): Promise<number> {
  let made = 0;
  let cursor: { createdAt: Date; id: string } | null = null;
  const more = only === 'targeted' ? () => anyTargetReady(pass) : only === 'unrecorded' ? () => true : () => anyAgentFree(pass.agents);
  for (let i = 0; i < limit && more(); i++) {
    const r = await offerNext(db, cursor, pass, tier, only);
    if (r.cursor === null) break;
    cursor = r.cursor;
    if (r.offer) {
      made++;
      onOffer(r);
    }
  }
  return made;
}

export function createDispatcher(deps: {
  db: Knex;
  notifier: OfferNotifier;
  offerTimeoutMs: number;
  log: Logger;
  metrics?: Metrics;
}): Dispatcher {
  const { db, notifier, offerTimeoutMs, log, metrics } = deps;
  const runner = createPassRunner(runOnce, (err) => log.error({ err }, 'dispatch pass failed'));

  async function runOnce(): Promise<number> {
    const pass = await passContext(db, offerTimeoutMs);
    const onOffer = (r: OfferResult) => {
      const { workflowId, interactionId: _i, ...offer } = r.offer!;
      // After commit. A lost signal is repaired by the sweep (overdue offer → re-queued → offered again; an
      // auto-accept the workflow never projected → told again).
      const told = r.autoAccepted
        ? notifier.assigned(workflowId, { workItemId: offer.workItemId, agentId: offer.agentId })
        : notifier.offered(workflowId, offer);
      told.catch((err) => log.warn({ err, workflowId }, 'offer signal failed'));
    };
    // GQP-2: with group-queue priorities, one walk per tier; without (every pair 100), one plain walk.
    const tiers = priorityTiers([...pass.queues.values()], (g, q) => pass.priorities.get(`${g}|${q}`) ?? DEFAULT_GROUP_QUEUE_PRIORITY);
    let made = 0;
    // TRF-3/MAN-1: items waiting for one agent by name first: their agent may be full, which stops the walks below.
    if (pass.targets.size > 0) made += await walkQueue(db, pass, onOffer, 100, undefined, 'targeted');
    if (anyAgentFree(pass.agents)) {
      for (const tier of tiers ?? [undefined]) made += await walkQueue(db, pass, onOffer, 500, tier);
    } else {
      // EV-1 "why not Ana?" when nobody is free at all: a few items a pass, each once, record who was considered and
      // why each was passed over (away, offline, at capacity…); a bounded walk, so a freed unit waits little for it.
      made += await walkQueue(db, pass, onOffer, UNRECORDED_PER_PASS, undefined, 'unrecorded');
    }
    if (pass.contended) runner.repeat();
    return made;
  }

  async function sweep(): Promise<void> {
    for (const o of await overdueOffers(db, 2000)) {
      const r = await expireOffer(db, o.id, o.offer_id, { onlyIfDue: true });
      if (r.expiredAgentId) metrics?.offers.inc({ outcome: 'timed_out' });
      if (r.workflowId && r.state === 'queued') {
        await notifier.offerReturned(r.workflowId, { workItemId: o.id, offerId: o.offer_id }).catch(() => undefined);
      }
    }
    for (const a of await unprojectedAccepts(db, 5000)) {
      log.info({ workflowId: a.workflowId, workItemId: a.workItemId }, 'telling a workflow again of an accepted item it did not project');
      await notifier.assigned(a.workflowId, { workItemId: a.workItemId, agentId: a.agentId }).catch((err) => log.warn({ err, workflowId: a.workflowId }, 'assigned repair failed'));
    }
    runner.kick();
    await runner.idle();
  }

  return { kick: runner.kick, runOnce, sweep, idle: runner.idle };
}
