import type { Knex } from 'knex';
import type { Config } from '../config';
import { resolveProvider } from './provider-mode';
import { createTwilioClient } from './twilio/http-client';

/** AI-6: whether the provider account owns a number, i.e. whether Parley may send from it. */
export interface ProviderNumbers {
  owns(number: string): Promise<boolean>;
}

export const OWNED_NUMBERS_TTL_MS = 5 * 60_000;

/**
 * The simulator (no TWILIO_ACCOUNT_SID) owns the numbers it is given: the demo's two (DEMO_COMPANY_NUMBER,
 * DEMO_VA_NUMBER, which `npm start` hands it) and every company number Parley has configured. A Twilio account owns
 * its IncomingPhoneNumbers, read through the twilio client and kept for five minutes: an agent typing a sender must
 * not cost a provider round trip per keystroke-check, and numbers are bought rarely.
 */
export function createProviderNumbers(config: Config, db: Knex, ttlMs = OWNED_NUMBERS_TTL_MS): ProviderNumbers {
  const provider = resolveProvider(config);
  if (provider.simulated) {
    const given = new Set([config.DEMO_COMPANY_NUMBER, config.DEMO_VA_NUMBER]);
    return {
      async owns(number) {
        return given.has(number) || Boolean(await db('company_numbers').where({ number }).first('number'));
      },
    };
  }
  const client = createTwilioClient(provider);
  let cached: { numbers: Promise<Set<string>>; until: number } | null = null;
  const incoming = () => {
    if (cached && cached.until > Date.now()) return cached.numbers;
    const numbers = client.incomingPhoneNumbers.list({ limit: 1000 }).then((list) => new Set(list.map((n) => n.phoneNumber)));
    const entry = { numbers, until: Date.now() + ttlMs };
    cached = entry;
    numbers.catch(() => {
      if (cached === entry) cached = null; // a failed read is not kept: the next compose asks again
    });
    return numbers;
  };
  return { owns: async (number) => (await incoming()).has(number) };
}
