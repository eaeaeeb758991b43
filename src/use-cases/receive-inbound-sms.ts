import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { NotFoundError } from '../domain/errors';
import type { CompanyNumber, CompanyNumberLookup } from '../ingest/company-numbers';
import type { InboundSms } from '../providers/provider';

export class UnknownCompanyNumberError extends NotFoundError {}

/**
 * The acknowledgement point of "nothing lost": once this commits, the message survives any crash, and the
 * sweeper will bring it to its workflow even if the signal after it never happens.
 */
export async function receiveInboundSms(
  db: Knex,
  companyNumbers: CompanyNumberLookup,
  sms: InboundSms,
): Promise<{ messageId: string; duplicate: boolean; company: CompanyNumber }> {
  const company = await companyNumbers(sms.to);
  if (!company) throw new UnknownCompanyNumberError(`${sms.to} is not one of our company numbers`);
  const id = randomUUID();
  const inserted = await db('messages')
    .insert({
      id, direction: 'inbound', company_number: sms.to, requester_number: sms.from, body: sms.body,
      media: JSON.stringify(sms.media), provider_sid: sms.providerSid, status: 'received',
    })
    .onConflict(db.raw('(provider_sid) where provider_sid is not null'))
    .ignore()
    .returning('id');
  if (inserted.length === 0) {
    const existing = await db('messages').where({ provider_sid: sms.providerSid }).first('id');
    return { messageId: existing.id, duplicate: true, company };
  }
  return { messageId: id, duplicate: false, company };
}

/**
 * Records that these messages were signalled (by the api or the sweeper), so the sweeper leaves them alone for a
 * while. Only a hint: a message it misses is signalled once more by the sweeper, which is harmless. So it skips what
 * a claim holds or has taken. Waiting for those rows, in whatever order a batch met them, deadlocked against claims
 * locking a conversation's rows in order of receipt (found by the ingest benchmark: a second's stall, then one side
 * aborted).
 */
export async function recordSignalled(db: Knex, ids: string[]): Promise<void> {
  const unclaimed = db('messages').select('id').whereIn('id', ids).whereNull('interaction_id').forUpdate().skipLocked();
  await db('messages').whereIn('id', unclaimed).update({ signalled_at: db.fn.now() });
}
