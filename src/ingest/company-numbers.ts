import type { Knex } from 'knex';

export interface CompanyNumber {
  number: string;
  queueId: string;
}

export type CompanyNumberLookup = (number: string) => Promise<CompanyNumber | null>;

/**
 * Company numbers change rarely and every inbound text needs one: a few seconds of caching takes a query off the
 * webhook path. A number deactivated by an admin therefore keeps receiving for at most `ttlMs`.
 */
export function createCompanyNumberLookup(db: Knex, ttlMs = 5000): CompanyNumberLookup {
  const cache = new Map<string, { value: CompanyNumber | null; until: number }>();
  return async (number) => {
    const hit = cache.get(number);
    if (hit && hit.until > Date.now()) return hit.value;
    const row = await db('company_numbers').where({ number, active: true }).first('number', 'queue_id');
    const value = row ? { number: row.number as string, queueId: row.queue_id as string } : null;
    cache.set(number, { value, until: Date.now() + ttlMs });
    return value;
  };
}
