import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Metrics } from '../metrics/metrics';

// PROF-11: "channel user id → user" as an extension point. SPEC §1's rules (resolveProfile) decide who is texting from
// the candidate users and the number's profile; a directory only supplies the candidates. Parley's own rule is
// PROF-10's mobile-phone match; a deployment may ask its customer directory instead (httpRequesterDirectory), and
// whenever that gives no usable answer the built-in rule applies.

export interface RequesterDirectory {
  /**
   * The active Parley users a channel user id (on SMS, the requester's E.164 number) points at, or null when this
   * directory has no answer and the built-in rule should decide.
   */
  usersFor(channelUserId: string): Promise<string[] | null>;
}

/** PROF-10, the built-in rule: the active users whose mobile phone is the number. */
export function mobilePhoneUsers(db: Knex, number: string): Promise<string[]> {
  return db('users').where({ mobile_phone: number, active: true }).orderBy('id').pluck('id');
}

/**
 * The candidates for SPEC §1: the directory's answer when it has one, else the built-in rule's, which the caller may
 * already have read (the take-in reads it in its one statement).
 */
export async function candidateUsers(directory: RequesterDirectory | undefined, number: string, builtIn: () => Promise<string[]>): Promise<string[]> {
  const answered = directory ? await directory.usersFor(number) : null;
  return answered ?? builtIn();
}

/** What a customer's directory may answer: one user, by Parley id or by email. */
const DirectoryAnswer = z.union([z.object({ userId: z.string().uuid() }), z.object({ email: z.string().email() })]);

export type DirectoryOutcome = 'matched' | 'not_found' | 'unknown_user' | 'timeout' | 'error' | 'bad_answer';

/**
 * PROF-11's HTTP resolver: `GET {url}?phone=<E.164>` answers `{"userId": "<Parley user id>"}` or `{"email": "…"}`
 * (200), or 404 when the directory does not know the number. The answer must name an active Parley user. Anything
 * else — 404, a timeout, an error status, a body of another shape, a user Parley does not have — is no answer: the
 * built-in rule applies. Every lookup is counted by outcome, and every fallback logged.
 */
export function httpRequesterDirectory(deps: { db: Knex; log: Logger; metrics?: Metrics }, opts: { url: string; timeoutMs: number }): RequesterDirectory {
  const { db, log, metrics } = deps;
  const done = (outcome: DirectoryOutcome, phone: string, detail?: Record<string, unknown>) => {
    metrics?.requesterDirectoryLookups.inc({ outcome });
    if (outcome === 'not_found') log.debug({ phone }, 'requester directory does not know the number; built-in rules apply');
    else if (outcome !== 'matched') log.warn({ phone, outcome, ...detail }, 'requester directory gave no usable answer; built-in rules apply');
  };
  return {
    async usersFor(phone) {
      const url = new URL(opts.url);
      url.searchParams.set('phone', phone);
      let res: Response;
      let text: string;
      try {
        res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(opts.timeoutMs) });
        if (res.status === 404) {
          done('not_found', phone);
          return null;
        }
        if (!res.ok) {
          done('error', phone, { status: res.status });
          return null;
        }
        text = await res.text(); // within the same timeout
      } catch (err) {
        const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
        done(timedOut ? 'timeout' : 'error', phone, timedOut ? { timeoutMs: opts.timeoutMs } : { err });
        return null;
      }
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      const answer = DirectoryAnswer.safeParse(body);
      if (!answer.success) {
        done('bad_answer', phone, { body: text.slice(0, 200) });
        return null;
      }
      const query = db('users').where({ active: true });
      if ('userId' in answer.data) query.where({ id: answer.data.userId });
      else query.whereRaw('lower(email) = lower(?)', [answer.data.email]);
      const ids: string[] = await query.pluck('id');
      if (ids.length === 0) {
        done('unknown_user', phone, { answer: answer.data });
        return null;
      }
      done('matched', phone);
      return ids;
    },
  };
}
