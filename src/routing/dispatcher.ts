import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics/metrics';
import type { Offer } from '../workflows/definitions';
import { anyAgentFree, expireOffer, offerNext, overdueOffers, passContext } from './work-items';

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
  /** The periodic safety net: overdue offers, then a dispatch pass. */
  sweep(): Promise<void>;
  idle(): Promise<void>;
}

export function createDispatcher(deps: {
  db: Knex;
  notifier: OfferNotifier;
  offerTimeoutMs: number;
  log: Logger;
  metrics?: Metrics;
}): Dispatcher {
  const { db, notifier, offerTimeoutMs, log, metrics } = deps;
  let running: Promise<void> | null = null;
  let again = false;

  async function runOnce(): Promise<number> {
    const pass = await passContext(db, offerTimeoutMs);
    if (!anyAgentFree(pass.agents)) return 0;
    let made = 0;
    let cursor: { createdAt: Date; id: string } | null = null;
    for (let i = 0; i < 500; i++) {
      const r = await offerNext(db, cursor, pass);
      if (r.cursor === null) break;
      cursor = r.cursor;
      if (r.offer) {
        made++;
        const { workflowId, interactionId: _i, ...offer } = r.offer;
        // After commit. A lost signal is repaired by the sweep (overdue offer → re-queued → offered again).
        const told = r.autoAccepted
          ? notifier.assigned(workflowId, { workItemId: offer.workItemId, agentId: offer.agentId })
          : notifier.offered(workflowId, offer);
        told.catch((err) => log.warn({ err, workflowId }, 'offer signal failed'));
        if (!anyAgentFree(pass.agents)) break;
      }
    }
    if (pass.contended) again = true;
    return made;
  }

  function kick(): void {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await runOnce();
        } catch (err) {
          log.error({ err }, 'dispatch pass failed');
        }
      } while (again);
    })().finally(() => {
      running = null;
    });
  }

  async function sweep(): Promise<void> {
    for (const o of await overdueOffers(db, 2000)) {
      const r = await expireOffer(db, o.id, o.offer_id, { onlyIfDue: true });
      if (r.expiredAgentId) metrics?.offers.inc({ outcome: 'timed_out' });
      if (r.workflowId && r.state === 'queued') {
        await notifier.offerReturned(r.workflowId, { workItemId: o.id, offerId: o.offer_id }).catch(() => undefined);
      }
    }
    kick();
    await idle();
  }

  async function idle(): Promise<void> {
    while (running) await running;
  }

  return { kick, runOnce, sweep, idle };
}
