import type { Knex } from 'knex';
import { DEFAULT_SYSTEM_TEXTS } from '../src/system-texts/defaults';
import { DEMO_TOPICS } from '../src/virtual-agent/demo-topics';

// Issue 14: the virtual agent's topics (every save a new version, the previous kept), the texts the requester may
// receive (SPEC §8), and opt-out consent per (company number, requester number) with its history (SPEC §9).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('va_topic_versions', (t) => {
    t.increments('version');
    t.jsonb('document').notNullable();
    t.uuid('created_by').references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex('va_topic_versions').insert({ document: JSON.stringify(DEMO_TOPICS) });

  await knex.schema.createTable('system_texts', (t) => {
    t.text('key').primary();
    t.text('body').notNullable();
    t.boolean('enabled').notNullable();
    t.uuid('updated_by').references('users.id');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex('system_texts').insert(Object.entries(DEFAULT_SYSTEM_TEXTS).map(([key, v]) => ({ key, body: v.body, enabled: v.enabled })));

  await knex.schema.createTable('consents', (t) => {
    t.text('company_number').notNullable();
    t.text('requester_number').notNullable();
    t.boolean('opted_out').notNullable();
    t.timestamp('changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['company_number', 'requester_number']);
  });
  await knex.schema.createTable('consent_history', (t) => {
    t.bigIncrements('id');
    t.text('company_number').notNullable();
    t.text('requester_number').notNullable();
    t.boolean('opted_out').notNullable();
    t.text('source').notNullable(); // keyword, provider_21610
    t.text('keyword');
    t.uuid('message_id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['company_number', 'requester_number', 'id']);
  });

  await knex.schema.alterTable('interactions', (t) => {
    // What the virtual agent captured (e.g. orderNumber), for the agent after a handoff; written by its activity.
    t.jsonb('context').notNullable().defaultTo('{}');
  });
  await knex.schema.alterTable('messages', (t) => {
    // requester, agent, virtual_agent, system (null on rows from before: derived from direction and author).
    t.text('author_kind');
    // stop, start or help when the text was handled as an opt-out keyword (SPEC §9), before the VA or an agent.
    t.text('keyword');
    // The system text an outbound message carries (opt-out and help answers still go to an opted-out number).
    t.text('system_text_key');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('interactions', (t) => t.dropColumn('context'));
  await knex.schema.alterTable('messages', (t) => {
    t.dropColumn('author_kind');
    t.dropColumn('keyword');
    t.dropColumn('system_text_key');
  });
  for (const table of ['consent_history', 'consents', 'system_texts', 'va_topic_versions']) await knex.schema.dropTableIfExists(table);
}
