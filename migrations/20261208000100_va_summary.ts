import type { Knex } from 'knex';

// VA-10: the virtual agent's one-sentence summary at a handoff (the topic and why), for the offer card and the
// conversation. Written by the runVirtualAgent activity only; null when the virtual agent never handed off.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('interactions', (t) => {
    t.text('va_summary');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('interactions', (t) => {
    t.dropColumn('va_summary');
  });
}
