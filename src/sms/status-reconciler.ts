import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { ChangeEvents } from '../realtime/change-events';
import type { Metrics } from '../metrics/metrics';
import { DELIVERY_STATUSES, FINAL_STATUSES, isDeliveryStatus } from '../domain/delivery-status';
import type { StatusSource } from '../providers/provider';
import { applyStatus } from './delivery-status-store';

/** Statuses a message leaves only by a callback (or by this reconciler); the index of the migration lists the same. */
const UNSETTLED = DELIVERY_STATUSES.filter((s) => !FINAL_STATUSES.includes(s));

export interface StatusReconcilerOptions {
  /**
   * Waits between fetches: the first after the message's last update (a callback that should have come by then),
   * each next after the previous fetch. After the last the message is left alone. Default 2 min, 10 min, 1 h, 6 h, 24 h.
   */
  scheduleMs: readonly number[];
  /** Messages fetched per sweep at most: a backlog drains over several sweeps instead of one burst at the provider. */
  batch: number;
}

export interface StatusReconciler {
  /** Fetches the due messages' statuses once; returns how many moved forward. */
  sweep(): Promise<{ fetched: number; changed: number }>;
}

/**
 * A status callback that arrives while Parley is down is gone (Twilio does not resend it), and the agent would see
 * *Sent* forever. This asks the provider instead, through the same ranking as callbacks (never backwards). Safe with
 * several workers: a sweep claims due rows with SKIP LOCKED and moves their next check into the future in the same
 * statement, before any fetch.
 */
export function createStatusReconciler(
  deps: { db: Knex; provider: StatusSource; events: ChangeEvents; log: Logger; metrics?: Metrics },
  opts: StatusReconcilerOptions,
): StatusReconciler {
  const { db, provider, events, log, metrics } = deps;
  const [first, ...later] = opts.scheduleMs;
  return {
    async sweep() {
      const claimed: { id: string; provider_sid: string; interaction_id: string | null }[] = (
        await db.raw(
          `with due as (
             select id from messages
             where direction = 'outbound' and provider_sid is not null and status in (${UNSETTLED.map(() => '?').join(',')})
               and status_checks < ?
               and coalesce(status_check_at, updated_at) <= now() - make_interval(secs => case when status_check_at is null then ? else 0 end)
             order by coalesce(status_check_at, updated_at)
             limit ?
             for update skip locked
           )
           update messages m
           set status_checks = m.status_checks + 1,
               status_check_at = now() + make_interval(secs => (?::float8[])[m.status_checks + 1])
           from due where m.id = due.id
           returning m.id, m.provider_sid, m.interaction_id`,
          [...UNSETTLED, opts.scheduleMs.length, first / 1000, opts.batch, `{${later.map((ms) => ms / 1000).join(',')}}`],
        )
      ).rows;
      let changed = 0;
      for (const m of claimed) {
        try {
          const update = await provider.fetchStatus(m.provider_sid);
          if (!update) {
            metrics?.statusReconciliations.inc({ result: 'unknown' });
            log.warn({ messageId: m.id, providerSid: m.provider_sid, interactionId: m.interaction_id }, 'the provider does not know a sent message; will ask again later');
            continue;
          }
          const r = await applyStatus(db, update);
          metrics?.statusReconciliations.inc({ result: r.changed ? 'changed' : 'unchanged' });
          if (!r.changed) continue;
          changed++;
          if (isDeliveryStatus(update.status) && FINAL_STATUSES.includes(update.status)) metrics?.outboundFinal.inc({ status: update.status, source: 'fetch' });
          log.info({ messageId: m.id, providerSid: m.provider_sid, interactionId: m.interaction_id, status: update.status }, 'reconciled a delivery status the callback never brought');
          if (r.interactionId) events.interactionChanged(r.interactionId);
        } catch (err) {
          metrics?.statusReconciliations.inc({ result: 'error' });
          log.warn({ err, messageId: m.id, providerSid: m.provider_sid }, 'could not fetch a message status; will ask again later');
        }
      }
      return { fetched: claimed.length, changed };
    },
  };
}
