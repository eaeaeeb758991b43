import type { Knex } from 'knex';

// AI-2: Compose settings per channel (SMS today; web chat adds a row). The defaults are what Parley did before there
// were settings: compose offered, a typed recipient allowed, no check that the number has a messaging profile.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('compose_channel_settings', (t) => {
    t.text('channel_id').primary().references('channels.id').onDelete('CASCADE');
    t.boolean('active').notNullable().defaultTo(true);
    // Lower first in a channel picker.
    t.integer('sort_order').notNullable().defaultTo(0);
    t.boolean('check_active_profile').notNullable().defaultTo(false);
    t.boolean('allow_manual_to').notNullable().defaultTo(true);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`insert into compose_channel_settings (channel_id) select id from channels where id = 'sms' on conflict do nothing`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('compose_channel_settings');
}
