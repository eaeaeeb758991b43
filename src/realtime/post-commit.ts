import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { ChangeEvents } from './change-events';
import { CHANGES_CHANNEL, type Change } from './pg-change-events';

/**
 * What a change tells the rest of the house once it is committed: a change notice (NOTIFY on `parley_changes`, which
 * every api process's SSE hub hears) or `dispatch`, a wake-up for this process's routing dispatcher.
 */
export type Notice = Change | { type: 'dispatch' };

/** Wake the dispatcher: something may now be offered (a queue, capacity or presence changed, work came back). */
export const DISPATCH: Notice = { type: 'dispatch' };

/**
 * The one post-commit place (issue 26): use cases and activities say what changed with `after(trx, …notices)`, and
 * the notices go out once, deduplicated, after the transaction commits — never for one that rolled back. Given the
 * database rather than a transaction (the change is already durable: a workflow update answered, a row written
 * alone), they go out at once. It is also the `ChangeEvents` port the activities take.
 */
export interface PostCommit extends ChangeEvents {
  after(scope: Knex | Knex.Transaction, ...notices: Notice[]): void;
}

interface Pending {
  keys: Set<string>;
  notices: Notice[];
}

function isTransaction(scope: Knex | Knex.Transaction): scope is Knex.Transaction {
  return (scope as Knex.Transaction).isTransaction === true;
}

/** A savepoint commits nothing: the notices wait for the outermost transaction. */
function outermost(trx: Knex.Transaction): Knex.Transaction {
  let t = trx;
  while (t.parentTransaction) t = t.parentTransaction;
  return t;
}

export function createPostCommit(deps: {
  db: Knex;
  /** This process's routing dispatcher (a getter: the dispatcher may be built after this). */
  dispatcher: () => { kick(): void } | undefined;
  log: Logger;
}): PostCommit {
  const pending = new WeakMap<Knex.Transaction, Pending>();

  function fire(notices: Notice[]): void {
    const changes: string[] = [];
    let dispatch = false;
    for (const n of notices) {
      if (n.type === 'dispatch') dispatch = true;
      else changes.push(JSON.stringify(n));
    }
    if (changes.length > 0) {
      // One statement for all of them; each payload is the Change as before (the hub's and the wake coalescer's contract).
      deps.db
        .raw('select pg_notify(?, payload) from unnest(?::text[]) as payload', [CHANGES_CHANNEL, changes])
        .catch((err) => deps.log.warn({ err, changes }, 'change notification failed'));
    }
    if (dispatch) deps.dispatcher()?.kick();
  }

  function after(scope: Knex | Knex.Transaction, ...notices: Notice[]): void {
    if (notices.length === 0) return;
    if (!isTransaction(scope)) return fire(dedupe(notices));
    const trx = outermost(scope);
    let p = pending.get(trx);
    if (!p) {
      const queued: Pending = { keys: new Set(), notices: [] };
      p = queued;
      pending.set(trx, queued);
      let rolledBack = false;
      // knex resolves a transaction rolled back without an error as it does a commit: tell them apart here.
      const rollback = trx.rollback.bind(trx);
      trx.rollback = ((...args: Parameters<typeof rollback>) => {
        rolledBack = true;
        return rollback(...args);
      }) as typeof trx.rollback;
      trx.executionPromise.then(
        () => {
          if (!rolledBack) fire(queued.notices);
        },
        () => undefined, // rolled back: nothing happened, so nothing is told
      );
    }
    for (const n of notices) {
      const key = JSON.stringify(n);
      if (p.keys.has(key)) continue;
      p.keys.add(key);
      p.notices.push(n);
    }
  }

  return {
    after,
    interactionChanged(interactionId) {
      after(deps.db, { type: 'interaction', id: interactionId });
    },
  };
}

function dedupe(notices: Notice[]): Notice[] {
  const seen = new Set<string>();
  return notices.filter((n) => {
    const key = JSON.stringify(n);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
