import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics/metrics';
import type { RequesterDirectory } from '../profiles/requester-directory';
import type { SmsProvider } from '../providers/provider';
import type { ChangeEvents } from '../realtime/change-events';
import type { PostCommit } from '../realtime/post-commit';

// The port belongs to realtime, which implements it (issue 26: no import circle through activities).
export type { ChangeEvents };

export interface ActivityDeps {
  db: Knex;
  provider: SmsProvider;
  events: ChangeEvents;
  /** Issue 26: change notices and dispatcher wake-ups, sent once after the commit. */
  postCommit: PostCommit;
  statusCallbackUrl: string | undefined;
  log: Logger;
  /** Optional so activity tests need none. */
  metrics?: Metrics;
  /** PROF-11: who a requester number is, in place of the mobile-phone match; unset, the built-in rule alone. */
  requesterDirectory?: RequesterDirectory;
}
