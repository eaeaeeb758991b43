import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { CompanyNumber, CompanyNumberLookup } from '../ingest/company-numbers';
import type { InboundSms } from '../providers/provider';

export class UnknownCompanyNumberError extends Error {}

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

export async function markSignalled(db: Knex, messageId: string): Promise<void> {
  await db('messages').where({ id: messageId }).update({ signalled_at: db.fn.now() });
}
