import type { Knex } from 'knex';

// Issue 16: SPEC §5 in full (queues with conditions and schedules, eligibility pools of groups, capacities per channel,
// group and agent, universal capacity, assignment rules, per-channel availability, presence across api processes).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('channels', (t) => {
    t.boolean('active').notNullable().defaultTo(true);
  });

  await knex.schema.alterTable('queues', (t) => {
    t.text('description');
    // a condition in the routing condition language (src/routing/condition.ts); null receives nothing
    // automatically.
    t.jsonb('condition');
    // {timeZone, weekly: [{day, start, end}], holidays: [YYYY-MM-DD]}; null = 24×7.
    t.jsonb('schedule');
    t.integer('target_wait_seconds').notNullable().defaultTo(0);
    t.text('max_wait_text');
    t.text('assignment_rule').notNullable().defaultTo('most_capacity');
    t.boolean('auto_accept').notNullable().defaultTo(false);
    t.integer('offer_timeout_seconds');
  });

  await knex.schema.createTable('agent_groups', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('name').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('agent_group_members', (t) => {
    t.uuid('group_id').notNullable().references('agent_groups.id').onDelete('CASCADE');
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.primary(['group_id', 'user_id']);
  });
  // CAP-2: capacity overrides per group (for its members) and per agent, per channel (an agent's SMS override stays
  // in users.sms_capacity, which the users page already edits).
  await knex.schema.createTable('group_capacities', (t) => {
    t.uuid('group_id').notNullable().references('agent_groups.id').onDelete('CASCADE');
    t.text('channel_id').notNullable().references('channels.id').onDelete('CASCADE');
    t.integer('capacity').notNullable();
    t.primary(['group_id', 'channel_id']);
  });
  await knex.schema.createTable('agent_capacities', (t) => {
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('channel_id').notNullable().references('channels.id').onDelete('CASCADE');
    t.integer('capacity').notNullable();
    t.primary(['user_id', 'channel_id']);
  });
  // CAP-3: optional universal capacity across channels (Q21: null = unlimited).
  await knex.schema.alterTable('users', (t) => {
    t.integer('universal_capacity');
  });
  // PRS-3: per-channel availability; no row = available.
  await knex.schema.createTable('agent_channel_availability', (t) => {
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('channel_id').notNullable().references('channels.id').onDelete('CASCADE');
    t.boolean('available').notNullable();
    t.timestamp('changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['user_id', 'channel_id']);
  });

  // ELG-1/ELG-2: a queue's pools; each widens the candidates once the item has waited `eligible_after_seconds`.
  await knex.schema.createTable('queue_pools', (t) => {
    t.bigIncrements('id');
    t.text('queue_id').notNullable().references('queues.id').onDelete('CASCADE');
    t.integer('position').notNullable();
    t.integer('eligible_after_seconds').notNullable().defaultTo(0);
    t.specificType('group_ids', 'uuid[]').notNullable().defaultTo('{}');
    t.index(['queue_id', 'position']);
  });

  await knex.schema.alterTable('interactions', (t) => {
    t.text('channel_id').notNullable().defaultTo('sms');
  });

  await knex.schema.alterTable('work_items', (t) => {
    t.integer('size').notNullable().defaultTo(1); // CAP-4
    t.uuid('previous_work_item_id'); // WI-9
    t.text('canceled_reason'); // WI-5
    t.integer('offer_count').notNullable().defaultTo(0);
    // TRF-3 / MAN-1: offered to this agent only.
    t.uuid('target_agent_id').references('users.id');
    // TRF-3: the agent who transferred it (the conversation returns to them if the transfer is rejected).
    t.uuid('transferred_by_agent_id').references('users.id');
    // EV-1: the last "nobody could take it" decision recorded, so a sweep does not repeat it every pass.
    t.text('last_decision');
  });

  // PRS-5 (ref Q12): every Workspace connection of every api process; an agent whose connections are all gone for
  // the grace period goes Offline.
  await knex.schema.createTable('workspace_connections', (t) => {
    t.uuid('id').primary();
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('process_id').notNullable();
    t.timestamp('opened_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('closed_at', { useTz: true });
    t.index(['user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('workspace_connections');
  await knex.schema.alterTable('work_items', (t) => {
    t.dropColumns('size', 'previous_work_item_id', 'canceled_reason', 'offer_count', 'target_agent_id', 'transferred_by_agent_id', 'last_decision');
  });
  await knex.schema.alterTable('interactions', (t) => t.dropColumn('channel_id'));
  for (const table of ['queue_pools', 'agent_channel_availability', 'agent_capacities', 'group_capacities', 'agent_group_members', 'agent_groups']) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.schema.alterTable('users', (t) => t.dropColumn('universal_capacity'));
  await knex.schema.alterTable('queues', (t) => {
    t.dropColumns('description', 'condition', 'schedule', 'target_wait_seconds', 'max_wait_text', 'assignment_rule', 'auto_accept', 'offer_timeout_seconds');
  });
  await knex.schema.alterTable('channels', (t) => t.dropColumn('active'));
}
