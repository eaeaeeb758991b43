import type { Knex } from 'knex';

// SPEC §9 (issue 15): each company number's quiet hours (null = off), the zone its requesters' nights are judged in
// when their own number does not say, and its provider sending rate; the shared pacing state every worker reserves
// send slots from; and on a held message, when it may go.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('company_numbers', (t) => {
    t.text('quiet_hours_start').defaultTo('21:00');
    t.text('quiet_hours_end').defaultTo('08:00');
    t.text('time_zone');
    // A US long code's provider rate; short codes and toll-free numbers allow more (set per number).
    t.double('rate_per_second').notNullable().defaultTo(1);
  });
  await knex.raw(`alter table company_numbers add constraint company_numbers_rate_positive check (rate_per_second > 0)`);
  await knex.raw(
    `alter table company_numbers add constraint company_numbers_quiet_hours_both check ((quiet_hours_start is null) = (quiet_hours_end is null))`,
  );
  await knex.schema.createTable('send_pacing', (t) => {
    t.text('company_number').primary().references('company_numbers.number').onDelete('CASCADE');
    // The earliest instant the next text from this number may reach the provider.
    t.timestamp('next_at', { useTz: true }).notNullable();
  });
  await knex.schema.alterTable('messages', (t) => {
    t.timestamp('held_until', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('messages', (t) => t.dropColumn('held_until'));
  await knex.schema.dropTable('send_pacing');
  await knex.raw('alter table company_numbers drop constraint company_numbers_quiet_hours_both');
  await knex.raw('alter table company_numbers drop constraint company_numbers_rate_positive');
  await knex.schema.alterTable('company_numbers', (t) => {
    t.dropColumn('quiet_hours_start');
    t.dropColumn('quiet_hours_end');
    t.dropColumn('time_zone');
    t.dropColumn('rate_per_second');
  });
}
