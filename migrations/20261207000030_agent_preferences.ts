import type { Knex } from 'knex';

// NOT-1: an agent's alert preferences, kept on the server so they follow the agent to any browser. Both opt-in: a
// user without a row has both off.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('agent_preferences', (t) => {
    t.uuid('user_id').primary().references('users.id').onDelete('cascade');
    t.boolean('audio_alerts').notNullable().defaultTo(false);
    t.boolean('desktop_notifications').notNullable().defaultTo(false);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('agent_preferences');
}
