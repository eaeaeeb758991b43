import type { Knex } from 'knex';
import * as foundation from './20261126000001_foundation';

// An explicit list rather than a directory scan: the same source works under tsx and from compiled dist/.
const migrations: Record<string, Knex.Migration> = {
  '20261126000001_foundation': foundation,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name],
};
