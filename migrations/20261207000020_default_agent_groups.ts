import type { Knex } from 'knex';

// Q-5 (SPEC §17): a queue with no agent groups now offers to nobody. Before, a queue without pools offered to every
// agent, and deployments (the demo queue, queues made with `admin.js add-queue`) rely on that. So an upgrade keeps
// them routing: every queue with no pool gets a group "<queue name> agents" holding every agent and manager, linked
// as its one pool, and flagged as a default group for new agents (users created without explicit groups join it).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('agent_groups', (t) => {
    t.boolean('default_for_new_agents').notNullable().defaultTo(false);
  });
  const queues = await knex('queues').whereNotExists((q) => q.select(1).from('queue_pools').whereRaw('queue_pools.queue_id = queues.id')).select('id', 'name');
  const members = await knex('users').whereIn('role', ['agent', 'manager', 'admin']).pluck('id');
  for (const q of queues) {
    const taken = await knex('agent_groups').where({ name: `${q.name} agents` }).first('id');
    const name = taken ? `${q.name} agents (${q.id})` : `${q.name} agents`;
    const [group] = await knex('agent_groups').insert({ name, default_for_new_agents: true }).returning('id');
    if (members.length) await knex('agent_group_members').insert(members.map((user_id: string) => ({ group_id: group.id, user_id })));
    await knex('queue_pools').insert({ queue_id: q.id, position: 0, eligible_after_seconds: 0, group_ids: [group.id] });
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('agent_groups', (t) => t.dropColumn('default_for_new_agents'));
}
