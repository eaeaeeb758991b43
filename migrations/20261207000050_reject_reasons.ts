import type { Knex } from 'knex';

// RR-1/RR-2: the reasons an agent picks from when rejecting an offer — admin-defined, ordered, for all channels or
// one, and "reassignable" (the item may be offered to the rejecting agent again). Seeded with the reference's four,
// none reassignable. Rejections keep storing the reason's text, so a reason can be edited or removed later.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('reject_reasons', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('text').notNullable();
    t.integer('sort_order').notNullable().defaultTo(0);
    t.text('channel_id').references('channels.id'); // null: every channel
    t.boolean('reassignable').notNullable().defaultTo(false);
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex('reject_reasons').insert([
    { text: 'Busy', sort_order: 10 },
    { text: 'Not my expertise', sort_order: 20 },
    { text: 'Language', sort_order: 30 },
    { text: 'Other', sort_order: 40 },
  ]);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('reject_reasons');
}
