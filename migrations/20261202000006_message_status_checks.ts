import type { Knex } from 'knex';

// Status reconciliation (issue 12): an outbound message whose final status callback never came is fetched from the
// provider on a back-off schedule. `status_check_at` is when it is next due (null: its first check is due two
// minutes after its last update), `status_checks` how many fetches it has had; a sweep claims due rows with
// FOR UPDATE SKIP LOCKED and moves `status_check_at` on before fetching, so no two workers fetch one message at once.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('messages', (t) => {
    t.timestamp('status_check_at', { useTz: true });
    t.integer('status_checks').notNullable().defaultTo(0);
  });
  // Only messages still waiting for a final status: a small set however long the transcript history grows.
  await knex.raw(
    `create index messages_status_unsettled on messages (coalesce(status_check_at, updated_at))
     where direction = 'outbound' and provider_sid is not null and status in ('pending','sending','accepted','scheduled','queued','sent')`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists messages_status_unsettled');
  await knex.schema.alterTable('messages', (t) => {
    t.dropColumn('status_check_at');
    t.dropColumn('status_checks');
  });
}
