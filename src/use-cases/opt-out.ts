import type { Knex } from 'knex';
import { ConflictError } from '../domain/errors';
import { isOptedOut } from '../sms/consent';

/** SPEC §9: every send to an opted-out number is refused before anything reaches the provider (409 opted_out). */
export async function refuseOptedOut(db: Knex, companyNumber: string, requesterNumber: string): Promise<void> {
  if (await isOptedOut(db, companyNumber, requesterNumber)) {
    throw new ConflictError(`${requesterNumber} opted out (STOP) of texts from ${companyNumber}: nothing can be sent until they text START`, 'opted_out');
  }
}
