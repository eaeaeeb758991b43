import knex, { type Knex } from 'knex';
import pg from 'pg';
import { migrationSource } from '../../migrations';

// timestamptz as Date, bigint (seq) as number: sequences stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export type Db = Knex;

export function createDb(url: string, pool: { min?: number; max?: number } = {}): Db {
  return knex({ client: 'pg', connection: url, pool: { min: pool.min ?? 0, max: pool.max ?? 10 } });
}

export async function migrate(db: Db): Promise<void> {
  await db.migrate.latest({ migrationSource });
}
