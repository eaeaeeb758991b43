import type { Knex } from 'knex';

// MAN-1: a manager's assignment may be an offer to one agent with its own options, kept on the work item until it is
// accepted, rejected or expires: `{byUserId, allowReject, timeoutSeconds (null: none), timeoutPresence}`. An offer
// without a timeout has no expiry (offers.expires_at, work_items.offer_expires_at null).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('work_items', (t) => {
    t.jsonb('manual_offer');
  });
  await knex.raw('alter table offers alter column expires_at drop not null');
  // Every dispatch pass asks which agents queued items wait for by name (a transfer, a manager's offer): few rows.
  await knex.raw(`create index work_items_queued_targets on work_items (target_agent_id) where state = 'queued' and target_agent_id is not null`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists work_items_queued_targets');
  await knex.raw(`update offers set expires_at = created_at where expires_at is null`);
  await knex.raw('alter table offers alter column expires_at set not null');
  await knex.schema.alterTable('work_items', (t) => {
    t.dropColumn('manual_offer');
  });
}
