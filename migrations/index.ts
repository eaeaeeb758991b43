import type { Knex } from 'knex';
import * as foundation from './20261126000001_foundation';
import * as messageTakenAt from './20261126000002_message_taken_at';
import * as signInFailures from './20261202000001_sign_in_failures';
import * as messageStatusChecks from './20261202000002_message_status_checks';
import * as auditColumns from './20261202000003_audit_columns';

// An explicit list rather than a directory scan: the same source works under tsx and from compiled dist/.
const migrations: Record<string, Knex.Migration> = {
  '20261126000001_foundation': foundation,
  '20261126000002_message_taken_at': messageTakenAt,
  '20261202000001_sign_in_failures': signInFailures,
  '20261202000002_message_status_checks': messageStatusChecks,
  '20261202000003_audit_columns': auditColumns,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name],
};
