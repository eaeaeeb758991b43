import type { Knex } from 'knex';

// RI-9/VA-13: a company number whose requesters stay with the virtual agent: live agents are not offered its
// conversations. It cannot also be live-agent only (then nobody would answer).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('company_numbers', (t) => {
    t.boolean('virtual_agent_only').notNullable().defaultTo(false);
  });
  await knex.raw(`alter table company_numbers add constraint company_numbers_one_answerer check (not (live_agent_only and virtual_agent_only))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table company_numbers drop constraint company_numbers_one_answerer');
  await knex.schema.alterTable('company_numbers', (t) => t.dropColumn('virtual_agent_only'));
}
