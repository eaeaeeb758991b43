import type { Knex } from 'knex';

// Issue 11, one writer: the interaction workflow's projection carries a version it increments; a write applies only
// over a lower one, so a retried or late projection cannot move the read model back. A row is created as `new` and
// the workflow decides where it goes next (queue now, the virtual agent later).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('interactions', (t) => {
    t.bigInteger('projection_version').notNullable().defaultTo(0);
  });
  await knex.raw(`alter table interactions alter column state set default 'new'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table interactions alter column state drop default');
  await knex.schema.alterTable('interactions', (t) => {
    t.dropColumn('projection_version');
  });
}
