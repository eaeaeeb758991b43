import type { Knex } from 'knex';

// VA-14/Q-9: a queue's max wait may name a virtual agent topic: when it passes, the requester leaves the queue for it.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('queues', (t) => {
    t.text('max_wait_topic_id');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('queues', (t) => t.dropColumn('max_wait_topic_id'));
}
