// Q-5 compatibility (docs/decisions.md, "Queues without agent groups"): a queue offers only to its pools' groups, so a
// user created without naming groups joins the groups flagged default for new agents, and a queue made outside the
// admin page (demo seed, `admin.js add-queue`) gets its own default group, as the upgrade gave every existing queue.
import type { Knex } from 'knex';

/**
 * A new user of these roles joins the default groups when no groups are named: every role, because before Q-5 every
 * user was offered work and an upgrade must not change who is (an admin who should not take work leaves the group).
 */
export const ROLES_IN_DEFAULT_GROUPS: readonly string[] = ['agent', 'manager', 'admin'];

export async function defaultGroupIds(db: Knex): Promise<string[]> {
  return db('agent_groups').where({ default_for_new_agents: true }).orderBy('name').pluck('id');
}

/** Puts the user in exactly `groupIds`, or (undefined) in the default groups when their role takes work. */
export async function placeInGroups(trx: Knex, user: { id: string; role: string }, groupIds?: readonly string[]): Promise<void> {
  const ids = groupIds ?? (ROLES_IN_DEFAULT_GROUPS.includes(user.role) ? await defaultGroupIds(trx) : []);
  await trx('agent_group_members').where({ user_id: user.id }).delete();
  if (ids.length) await trx('agent_group_members').insert([...new Set(ids)].map((group_id) => ({ group_id, user_id: user.id })));
}

/**
 * A queue with no pool gets a default group "<queue name> agents" holding every agent and manager, as its one pool;
 * a queue that has pools (or an empty pool an admin chose) is left alone. The group's id, or null when untouched.
 */
export async function ensureQueueGroup(trx: Knex, queue: { id: string; name: string }): Promise<string | null> {
  if (await trx('queue_pools').where({ queue_id: queue.id }).first('id')) return null;
  const name = (await trx('agent_groups').where({ name: `${queue.name} agents` }).first('id')) ? `${queue.name} agents (${queue.id})` : `${queue.name} agents`;
  const [group] = await trx('agent_groups').insert({ name, default_for_new_agents: true }).returning('id');
  const members = await trx('users').whereIn('role', ROLES_IN_DEFAULT_GROUPS).pluck('id');
  if (members.length) await trx('agent_group_members').insert(members.map((user_id: string) => ({ group_id: group.id, user_id })));
  await trx('queue_pools').insert({ queue_id: queue.id, position: 0, eligible_after_seconds: 0, group_ids: [group.id] });
  return group.id as string;
}
