import type { Knex } from 'knex';

// When the interaction workflow took (claimed) an inbound message: "taken in" for the ingest benchmark, and the
// ingest lag operators watch (taken_at - created_at).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('messages', (t) => {
    t.timestamp('taken_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('messages', (t) => {
    t.dropColumn('taken_at');
  });
}
