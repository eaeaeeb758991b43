import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { VALIDATED_NUMBER } from '../domain/ids';
import type { InteractionGateway } from '../temporal/interaction-gateway';
import { recordSignalled } from '../use-cases/receive-inbound-sms';

/**
 * Delivers stored inbound messages that no interaction has taken: the api died between commit and signal, or
 * Temporal was down. Unsignalled messages are retried soon; signalled ones only after a long wait, as a last resort
 * (a signal Temporal accepted is durable). Duplicate signals are harmless: the workflow claims each message once.
 */
export async function sweepInbound(
  deps: { db: Knex; gateway: InteractionGateway; log: Logger },
  opts: { unsignalledAfterMs: number; signalledAfterMs: number; limit?: number; heldHere?: (messageId: string) => boolean },
): Promise<number> {
  const { db, gateway, log } = deps;
  const now = Date.now();
  const rows: { id: string; company_number: string; requester_number: string }[] = await db('messages')
    .whereNull('interaction_id')
    .andWhere({ direction: 'inbound' })
    .andWhere((q) =>
      q
        .where((u) => u.whereNull('signalled_at').andWhere('created_at', '<', new Date(now - opts.unsignalledAfterMs)))
        .orWhere('signalled_at', '<', new Date(now - opts.signalledAfterMs)),
    )
    .orderBy('seq')
    .limit(opts.limit ?? 500)
    .select('id', 'company_number', 'requester_number');
  const seen = new Set<string>();
  let delivered = 0;
  for (const r of rows) {
    // Still queued for a signal in this process (a burst backs the queue up): sending it again only adds load.
    if (opts.heldHere?.(r.id)) continue;
    // Stored before the webhook validated senders (issue 12): no workflow may be named after it. Set aside (as if
    // signalled) so it cannot stop the sweep for the texts after it.
    if (!VALIDATED_NUMBER.test(r.company_number) || !VALIDATED_NUMBER.test(r.requester_number)) {
      log.warn({ messageId: r.id }, 'a stored text has a sender or recipient that is not a phone number; it cannot reach a workflow');
      await recordSignalled(db, [r.id]);
      continue;
    }
    const pair = `${r.company_number}|${r.requester_number}`;
    if (seen.has(pair)) {
      await recordSignalled(db, [r.id]); // one wake-up per pair takes all of its messages
      continue;
    }
    try {
      await gateway.wake(r.company_number, r.requester_number, r.id);
      await recordSignalled(db, [r.id]);
      seen.add(pair);
      delivered++;
    } catch (err) {
      log.warn({ err, messageId: r.id }, 'sweeper could not signal the interaction workflow; will retry');
      break; // Temporal is likely down: try again next sweep rather than hammering it
    }
  }
  if (delivered) log.info({ delivered }, 'sweeper delivered stored inbound messages');
  return delivered;
}
