import knex, { type Knex } from 'knex';
import pg from 'pg';
import { migrationSource } from '../../migrations';

// timestamptz as Date, bigint (seq) as number: sequences stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export type Db = Knex;

/**
 * Every connection runs with PostgreSQL's JIT off. Parley's statements are short OLTP queries, but on fresh or small
 * tables the planner's estimates can pass `jit_above_cost`, and a server built with LLVM (Debian's PostgreSQL 15, not the
 * embedded one) then compiled the routing load query on each run: 1-2 s on an idle 2-core machine, 8 s under a burst,
 * where it takes 2-4 ms without. Every dispatch pass, offer and enqueue reads it, so a burst of new conversations
 * waited minutes to be offered (issue 22; docs/decisions.md "PostgreSQL's JIT is off").
 */
const JIT_OFF = 'set jit = off';

export function createDb(url: string, pool: { min?: number; max?: number } = {}): Db {
  return knex({
    client: 'pg',
    connection: url,
    pool: {
      min: pool.min ?? 0,
      max: pool.max ?? 10,
      afterCreate: (conn: pg.Client, done: (err: Error | null, conn: pg.Client) => void) => {
        conn.query(JIT_OFF).then(() => done(null, conn), (err: Error) => done(err, conn));
      },
    },
  });
}

export async function migrate(db: Db): Promise<void> {
  await db.migrate.latest({ migrationSource });
}
