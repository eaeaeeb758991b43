import type { Knex } from 'knex';

// Issue 24. SYS-6: each system text may have a translation per language (the `system_texts.body` stays the default,
// sent when there is none); a company number has a language for requesters whose number's country does not settle
// one. SYS-2: a queue may have its own initial agent response (null: the system text `agent_accepted`), with its own
// translations ({"es": "…"}).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('system_text_translations', (t) => {
    t.text('key').notNullable().references('system_texts.key').onDelete('CASCADE');
    t.text('language').notNullable();
    t.text('body').notNullable();
    t.uuid('updated_by').references('users.id');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['key', 'language']);
  });
  await knex.schema.alterTable('company_numbers', (t) => {
    t.text('language').notNullable().defaultTo('en');
  });
  await knex.schema.alterTable('queues', (t) => {
    t.text('initial_response_text');
    t.jsonb('initial_response_translations').notNullable().defaultTo('{}');
  });
  // The translation a system text was sent in (null: the default text), for the transcript and audits.
  await knex.schema.alterTable('messages', (t) => {
    t.text('text_language');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('messages', (t) => t.dropColumn('text_language'));
  await knex.schema.alterTable('queues', (t) => t.dropColumns('initial_response_text', 'initial_response_translations'));
  await knex.schema.alterTable('company_numbers', (t) => t.dropColumn('language'));
  await knex.schema.dropTableIfExists('system_text_translations');
}
