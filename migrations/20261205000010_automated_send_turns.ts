import type { Knex } from 'knex';

// SPEC §9 sending rate: automated texts that find their number busy take turns instead of all asking again each time
// it might be free (src/sms/send-pacing.ts): where the line of turns given out ends, per number, and the turn a
// waiting text holds.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('send_pacing', (t) => {
    t.timestamp('automated_next_at', { useTz: true });
  });
  await knex.schema.alterTable('messages', (t) => {
    t.timestamp('send_turn_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('messages', (t) => t.dropColumn('send_turn_at'));
  await knex.schema.alterTable('send_pacing', (t) => t.dropColumn('automated_next_at'));
}
