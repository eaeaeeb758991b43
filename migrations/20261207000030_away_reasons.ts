import type { Knex } from 'knex';

// PRS-2 (SPEC §17): admin-defined away reasons (Lunch, Training…). An agent who picks one is Away; the reason is kept
// with their presence and in its history (by id, and by name as it was, so a renamed or deleted reason still reads).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('away_reasons', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('name').notNullable().unique();
    t.integer('position').notNullable().defaultTo(0);
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex('away_reasons').insert([
    { name: 'Lunch', position: 0 },
    { name: 'Training', position: 1 },
    { name: 'Break', position: 2 },
  ]);
  await knex.schema.alterTable('agent_presence', (t) => {
    t.uuid('away_reason_id').references('away_reasons.id').onDelete('SET NULL');
  });
  await knex.schema.alterTable('presence_history', (t) => {
    t.uuid('away_reason_id').references('away_reasons.id').onDelete('SET NULL');
    t.text('away_reason_name');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('presence_history', (t) => t.dropColumns('away_reason_id', 'away_reason_name'));
  await knex.schema.alterTable('agent_presence', (t) => t.dropColumn('away_reason_id'));
  await knex.schema.dropTable('away_reasons');
}
