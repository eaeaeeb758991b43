import type { Knex } from 'knex';
import { isDeliveryStatus, statusesBelow } from '../domain/delivery-status';
import type { StatusUpdate } from '../providers/provider';

/**
 * Keeps every callback (append-only, deduplicated on sid+status+error) and moves the message forward only by rank,
 * never back from a final state. Returns the interaction whose transcript changed, if any.
 */
export async function applyStatus(db: Knex, u: StatusUpdate): Promise<{ interactionId: string | null; changed: boolean }> {
  await db('message_status_events')
    .insert({ provider_sid: u.providerSid, status: u.status, error_code: u.errorCode ?? '', params: JSON.stringify(u) })
    .onConflict(['provider_sid', 'status', 'error_code'])
    .ignore();
  if (!isDeliveryStatus(u.status)) return { interactionId: null, changed: false };
  const below = statusesBelow(u.status);
  if (below.length === 0) return { interactionId: null, changed: false };
  const rows = await db('messages')
    .where({ provider_sid: u.providerSid })
    .whereIn('status', below)
    .update({
      status: u.status,
      error_code: u.errorCode,
      updated_at: db.fn.now(),
    })
    .returning('interaction_id');
  return { interactionId: rows[0]?.interaction_id ?? null, changed: rows.length > 0 };
}
