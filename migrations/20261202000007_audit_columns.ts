import type { Knex } from 'knex';

// The audit log's answer to "who did what, to which interaction, when, from → to" (issue 12): the interaction and the
// before/after values get columns of their own so GET /api/admin/audit can filter and page them by index.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', (t) => {
    t.uuid('interaction_id');
    t.text('from_value');
    t.text('to_value');
    t.index(['actor_user_id', 'id']);
    t.index(['interaction_id', 'id']);
    t.index(['created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', (t) => {
    t.dropIndex(['actor_user_id', 'id']);
    t.dropIndex(['interaction_id', 'id']);
    t.dropIndex(['created_at']);
    t.dropColumn('interaction_id');
    t.dropColumn('from_value');
    t.dropColumn('to_value');
  });
}
