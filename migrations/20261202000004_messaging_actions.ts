import type { Knex } from 'knex';

// SPEC §7 (MA-1…13): the admin's timed messaging actions, with MA-6's two defaults.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('messaging_actions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('name').notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.text('event').notNullable().checkIn(['requester_message_without_agent_response', 'agent_message_without_requester_response']);
    t.integer('duration_seconds').notNullable();
    t.jsonb('condition').notNullable().defaultTo('{}');
    t.text('action').notNullable().checkIn(['prompt_agent', 'prompt_requester', 'reassign', 'set_state']);
    t.text('prompt_text');
    t.text('target_state').checkIn(['on_hold', 'closed_complete', 'closed_abandoned']);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex('messaging_actions').insert([
    {
      name: 'Remind the agent of an unanswered text', event: 'requester_message_without_agent_response', duration_seconds: 30 * 60,
      action: 'prompt_agent', prompt_text: 'The requester has waited 30 minutes for an answer.',
    },
    {
      name: 'Close a conversation the requester left', event: 'agent_message_without_requester_response', duration_seconds: 2 * 86_400,
      action: 'set_state', target_state: 'closed_abandoned',
    },
  ]);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('messaging_actions');
}
