import type { Knex } from 'knex';

const CLOSED = `('closed_complete','closed_abandoned')`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw('create extension if not exists pgcrypto');

  await knex.schema.createTable('users', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('email').notNullable().unique();
    t.text('name').notNullable();
    t.text('role').notNullable().checkIn(['agent', 'manager', 'admin']);
    t.text('password_hash').notNullable();
    t.text('mobile_phone'); // E.164, the only field profile resolution matches (SPEC §1)
    t.integer('sms_capacity'); // null: channel default
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('sessions', (t) => {
    t.text('token_hash').primary(); // sha256 of the bearer token: a leaked table does not leak sessions
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('channels', (t) => {
    t.text('id').primary();
    t.text('name').notNullable();
    t.integer('default_capacity').notNullable();
    t.integer('work_item_size').notNullable().defaultTo(1);
  });
  await knex('channels').insert({ id: 'sms', name: 'SMS', default_capacity: 4, work_item_size: 1 });

  await knex.schema.createTable('agent_presence', (t) => {
    t.uuid('user_id').primary().references('users.id').onDelete('CASCADE');
    t.text('status').notNullable().defaultTo('offline').checkIn(['available', 'away', 'offline']);
    t.timestamp('changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // ASG-2: ties go to the agent idle longest, i.e. the oldest last assignment.
    t.timestamp('last_assigned_at', { useTz: true });
  });

  await knex.schema.createTable('presence_history', (t) => {
    t.bigIncrements('id');
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('status').notNullable();
    t.text('reason').notNullable();
    t.timestamp('changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('queues', (t) => {
    t.text('id').primary();
    t.text('name').notNullable();
    t.text('channel_id').notNullable().references('channels.id');
    t.boolean('active').notNullable().defaultTo(true);
    t.integer('position').notNullable().defaultTo(0);
    t.integer('max_wait_seconds').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('company_numbers', (t) => {
    t.text('number').primary();
    t.text('display_name').notNullable();
    t.text('queue_id').notNullable().references('queues.id');
    t.boolean('live_agent_only').notNullable().defaultTo(true);
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('interactions', (t) => {
    t.uuid('id').primary();
    t.text('workflow_id').notNullable();
    t.text('run_id');
    t.text('company_number').notNullable().references('company_numbers.number');
    t.text('requester_number').notNullable();
    t.text('state').notNullable();
    t.text('close_reason');
    t.text('queue_id').references('queues.id');
    t.uuid('assigned_agent_id').references('users.id');
    t.integer('unread_count').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('queued_at', { useTz: true });
    t.timestamp('accepted_at', { useTz: true });
    t.timestamp('first_agent_response_at', { useTz: true });
    t.timestamp('last_message_at', { useTz: true });
    t.timestamp('last_inbound_at', { useTz: true });
    t.timestamp('closed_at', { useTz: true });
    t.index(['assigned_agent_id', 'state']);
    t.index(['workflow_id']);
  });
  // SPEC §2: the workflow id is the lock; this mirrors it so no code path can hold two active interactions per pair.
  await knex.raw(
    `create unique index interactions_one_active_per_pair on interactions (company_number, requester_number) where state not in ${CLOSED}`,
  );

  await knex.schema.createTable('messages', (t) => {
    t.uuid('id').primary();
    t.bigIncrements('seq', { primaryKey: false }); // order of receipt
    t.uuid('interaction_id').references('interactions.id');
    t.text('direction').notNullable().checkIn(['inbound', 'outbound', 'system']);
    t.text('company_number').notNullable();
    t.text('requester_number').notNullable();
    t.text('body').notNullable();
    t.jsonb('media').notNullable().defaultTo('[]');
    t.text('provider_sid');
    t.text('status').notNullable();
    t.text('error_code');
    t.text('error_message');
    t.uuid('author_user_id').references('users.id');
    t.integer('send_attempts').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('signalled_at', { useTz: true });
    t.index(['interaction_id', 'seq']);
  });
  await knex.raw('create unique index messages_provider_sid on messages (provider_sid) where provider_sid is not null');
  // The sweeper's and the claim's scan: inbound messages no interaction has taken yet.
  await knex.raw(
    `create index messages_unclaimed on messages (company_number, requester_number, seq) where interaction_id is null and direction = 'inbound'`,
  );

  await knex.schema.createTable('message_status_events', (t) => {
    t.bigIncrements('id');
    t.text('provider_sid').notNullable();
    t.text('status').notNullable();
    t.text('error_code').notNullable().defaultTo('');
    t.jsonb('params').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['provider_sid', 'status', 'error_code']);
  });

  await knex.schema.createTable('work_items', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('interaction_id').notNullable().references('interactions.id');
    t.text('workflow_id').notNullable();
    t.text('queue_id').notNullable().references('queues.id');
    t.text('channel_id').notNullable().references('channels.id');
    t.text('state').notNullable().checkIn(['queued', 'offered', 'accepted', 'canceled']);
    t.uuid('offered_agent_id').references('users.id');
    t.uuid('offer_id');
    t.timestamp('offered_at', { useTz: true });
    t.timestamp('offer_expires_at', { useTz: true });
    t.specificType('rejected_agent_ids', 'uuid[]').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['state', 'created_at']);
    t.index(['offered_agent_id', 'state']);
  });
  await knex.raw(
    `create unique index work_items_one_open_per_interaction on work_items (interaction_id) where state in ('queued','offered')`,
  );

  // One row per offer ever made, so a late accept of an expired offer gets a precise answer (and WI-* metrics).
  await knex.schema.createTable('offers', (t) => {
    t.uuid('id').primary();
    t.uuid('work_item_id').notNullable().references('work_items.id');
    t.uuid('agent_id').notNullable().references('users.id');
    t.text('state').notNullable().checkIn(['pending', 'accepted', 'rejected', 'timed_out', 'withdrawn']);
    t.text('reason');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('decided_at', { useTz: true });
    t.index(['agent_id', 'state']);
  });

  await knex.schema.createTable('routing_events', (t) => {
    t.bigIncrements('id');
    t.uuid('work_item_id').references('work_items.id');
    t.uuid('interaction_id').references('interactions.id');
    t.text('type').notNullable();
    t.uuid('agent_id').references('users.id');
    t.jsonb('detail').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['interaction_id', 'id']);
  });

  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id');
    t.uuid('actor_user_id').references('users.id');
    t.text('action').notNullable();
    t.text('subject_type').notNullable();
    t.text('subject_id').notNullable();
    t.jsonb('detail').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('settings', (t) => {
    t.text('key').primary();
    t.text('value').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'settings', 'audit_log', 'routing_events', 'offers', 'work_items', 'message_status_events', 'messages', 'interactions',
    'company_numbers', 'queues', 'presence_history', 'agent_presence', 'channels', 'sessions', 'users',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
