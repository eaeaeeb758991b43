import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { ChangeEvents } from '../activities/deps';

export const CHANGES_CHANNEL = 'parley_changes';

/** LISTEN/NOTIFY carries changes between processes, so every api process can push them to its browsers. */
export function createPgChangeEvents(db: Knex, log: Logger): ChangeEvents {
  return {
    interactionChanged(interactionId) {
      db.raw('select pg_notify(?, ?)', [CHANGES_CHANNEL, JSON.stringify({ type: 'interaction', id: interactionId })]).catch((err) =>
        log.warn({ err, interactionId }, 'change notification failed'),
      );
    },
  };
}
