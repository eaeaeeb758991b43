import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { createSession } from '../auth/sessions';
import { createSignInThrottle } from '../auth/sign-in-throttle';
import type { Config } from '../config';
import { TooManyRequestsError, UnauthenticatedError } from '../domain/errors';

/** Signing in: throttled per account and per address, the same time for an unknown email as for a wrong password. */
export function createSignIn(db: Knex, config: Pick<Config, 'SIGN_IN_MAX_FAILURES' | 'SIGN_IN_MAX_FAILURES_PER_ADDRESS' | 'SIGN_IN_WINDOW_MINUTES' | 'SESSION_TTL_HOURS'>) {
  // Verified against when the email is unknown, so both failures take the same time.
  let decoy: Promise<string> | null = null;
  const throttle = createSignInThrottle(db, {
    perAccount: config.SIGN_IN_MAX_FAILURES, perAddress: config.SIGN_IN_MAX_FAILURES_PER_ADDRESS, windowMs: config.SIGN_IN_WINDOW_MINUTES * 60_000,
  });
  return async function signIn(email: string, password: string, address: string) {
    const wait = await throttle.blockedFor(email, address);
    if (wait !== null) throw new TooManyRequestsError(`too many failed sign-ins; try again in ${wait} s`, undefined, wait);
    const user = await db('users').where({ email, active: true }).first();
    const ok = await verifyPassword(user?.password_hash ?? (await (decoy ??= hashPassword(randomUUID()))), password);
    if (!user || !ok) {
      await throttle.failed(email, address);
      throw new UnauthenticatedError('email or password is wrong');
    }
    await throttle.succeeded(email);
    const token = await createSession(db, user.id, config.SESSION_TTL_HOURS);
    return { token, user: { id: user.id as string, role: user.role, email: user.email as string, name: user.name as string } };
  };
}
