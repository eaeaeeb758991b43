import type { Knex } from 'knex';

export interface SignInThrottleLimits {
  /** Failures per account within the window before sign-in answers 429. */
  perAccount: number;
  /** Failures per client address within the window (higher: many people may share one address). */
  perAddress: number;
  windowMs: number;
}

export interface SignInThrottle {
  /** Seconds until the next attempt may be made, or null when it may be made now. */
  blockedFor(account: string, address: string): Promise<number | null>;
  failed(account: string, address: string): Promise<void>;
  /** A correct password clears its account's failures (not the address's: one good sign-in must not unlock others). */
  succeeded(account: string): Promise<void>;
}

/**
 * Counts failures in PostgreSQL, so the limit holds across api processes. A blocked attempt is refused before its
 * password is checked, so guessing goes no faster while blocked. Concurrent attempts may each pass the check and
 * overshoot the limit by a few; the limit is a brake, not a lock.
 */
export function createSignInThrottle(db: Knex, limits: SignInThrottleLimits): SignInThrottle {
  const windowSeconds = limits.windowMs / 1000;
  const retryAfter = async (column: 'account' | 'address', value: string, limit: number): Promise<number | null> => {
    const row = await db('sign_in_failures')
      .where(column, value)
      .andWhere('at', '>', db.raw(`now() - make_interval(secs => ?)`, [windowSeconds]))
      .orderBy('at', 'desc')
      .offset(limit - 1)
      .first(db.raw(`extract(epoch from (at + make_interval(secs => ?) - now())) as seconds`, [windowSeconds]));
    return row ? Math.max(1, Math.ceil(Number(row.seconds))) : null;
  };
  return {
    async blockedFor(account, address) {
      const waits = await Promise.all([retryAfter('account', account, limits.perAccount), retryAfter('address', address, limits.perAddress)]);
      const blocked = waits.filter((w): w is number => w !== null);
      return blocked.length ? Math.max(...blocked) : null;
    },
    async failed(account, address) {
      await db('sign_in_failures').insert({ account, address });
      await db('sign_in_failures').where('at', '<', db.raw(`now() - make_interval(secs => ?)`, [windowSeconds])).delete();
    },
    async succeeded(account) {
      await db('sign_in_failures').where({ account }).delete();
    },
  };
}
