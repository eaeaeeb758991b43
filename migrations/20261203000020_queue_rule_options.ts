import type { Knex } from 'knex';

// ASG-3: the assignment rule's offer options per queue: the presence an agent is moved to when they let an offer time
// out (ServiceNow's "timeout presence state"; Away as before this migration), and whether offers may be rejected.
// the queue's wait triggers, [{afterSeconds, text}]: texts the requester gets while still waiting.
// GQP: group-queue priorities.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('queues', (t) => {
    t.text('offer_timeout_presence').notNullable().defaultTo('away');
    t.boolean('allow_reject').notNullable().defaultTo(true);
    t.jsonb('wait_triggers').notNullable().defaultTo('[]');
  });
  await knex.raw(`alter table queues add constraint queues_offer_timeout_presence check (offer_timeout_presence in ('available', 'away', 'offline'))`);
  // GQP-1/GQP-2: a group's preference among the queues whose pools name it; no row = 100 (the reference's default).
  await knex.schema.createTable('group_queue_priorities', (t) => {
    t.uuid('group_id').notNullable().references('agent_groups.id').onDelete('CASCADE');
    t.text('queue_id').notNullable().references('queues.id').onDelete('CASCADE');
    t.integer('priority').notNullable().defaultTo(100);
    t.primary(['group_id', 'queue_id']);
  });
  // every dispatch step takes the oldest waiting item; without this it sorted every queued row to find it.
  await knex.raw(`create index work_items_queued_oldest on work_items (created_at, id) where state = 'queued'`);
  // CAP-5: an agent's load is read before every offer; without these it scanned every work item and interaction ever
  // made (30,000 closed conversations: 3.3 ms → 1.7 ms per agent, 37 → 28 ms for all 200). The predicates match the
  // load query's (src/routing/routing-facts.ts; CAPACITY_STATES).
  await knex.raw(`create index work_items_offered_agent on work_items (offered_agent_id) where state = 'offered'`);
  await knex.raw(`create index work_items_by_interaction on work_items (interaction_id, created_at)`);
  await knex.raw(
    `create index interactions_assigned_capacity on interactions (assigned_agent_id) where assigned_agent_id is not null and state in ('new', 'work_in_progress', 'wrap_up')`,
  );
  await knex.raw(`create index interactions_open_unassigned on interactions (id) where assigned_agent_id is null and state not in ('closed_complete', 'closed_abandoned')`);
}

export async function down(knex: Knex): Promise<void> {
  for (const index of ['work_items_queued_oldest', 'work_items_offered_agent', 'work_items_by_interaction', 'interactions_assigned_capacity', 'interactions_open_unassigned']) {
    await knex.raw(`drop index if exists ${index}`);
  }
  await knex.schema.dropTableIfExists('group_queue_priorities');
  await knex.schema.alterTable('queues', (t) => {
    t.dropColumn('offer_timeout_presence');
    t.dropColumn('allow_reject');
    t.dropColumn('wait_triggers');
  });
}
