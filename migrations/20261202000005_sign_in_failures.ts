import type { Knex } from 'knex';

// Failed sign-ins, counted per account and per client address within a window (issue 12). In PostgreSQL rather than
// in memory so the limit holds however many api processes take sign-ins.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sign_in_failures', (t) => {
    t.bigIncrements('id');
    t.text('account').notNullable(); // the email as typed (lower-cased), whether or not such a user exists
    t.text('address').notNullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['account', 'at']);
    t.index(['address', 'at']);
    t.index(['at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('sign_in_failures');
}
