// SPEC §10 admin: queues (order, condition, schedule, pools, rule), groups and members, channels and capacities.
import type { Knex } from 'knex';
import { writeAudit } from '../audit/audit-log';
import { ConflictError, InvalidInputError, NotFoundError } from '../domain/errors';
import { DISPATCH, type PostCommit } from '../realtime/post-commit';
import { defaultGroupIds } from '../routing/default-groups';
import { hasAgentGroups } from '../routing/eligibility';
import { loadQueues, type QueueConfig } from '../routing/routing-facts';
import { isOpen } from '../routing/schedule';
import type { Translations } from '../domain/text-language';

/** A change to routing's configuration is told from the post-commit place: browsers re-read, the dispatcher looks again. */
export interface RoutingAdminDeps {
  db: Knex;
  postCommit: PostCommit;
}

export type QueueInput = Omit<QueueConfig, 'id' | 'maxWaitText' | 'maxWaitTopicId' | 'offerTimeoutSeconds' | 'offerTimeoutPresence' | 'allowReject' | 'waitTriggers' | 'pools'> & {
  maxWaitTopicId?: string | null;
  /** Left out: a new queue gets the default groups for new agents, a replaced one keeps its pools. */
  pools?: QueueConfig['pools'];
  id?: string;
  description?: string | null;
  maxWaitText?: string | null;
  offerTimeoutSeconds?: number | null;
  offerTimeoutPresence?: QueueConfig['offerTimeoutPresence'];
  allowReject?: boolean;
  waitTriggers?: QueueConfig['waitTriggers'];
  /** SYS-2: absent keeps the saved text; null clears it (accepting then sends the system text `agent_accepted`). */
  initialResponseText?: string | null;
  /** SYS-6: absent keeps the saved translations; given, replaces them. */
  initialResponseTranslations?: Translations;
};

/** What a queue keeps beside its routing configuration. */
interface QueueExtras {
  description: string | null;
  initialResponseText: string | null;
  initialResponseTranslations: Translations;
}

const NO_EXTRAS: QueueExtras = { description: null, initialResponseText: null, initialResponseTranslations: {} };

async function queueExtras(db: Knex, ids?: string[]): Promise<Map<string, QueueExtras>> {
  const q = db('queues').select('id', 'description', 'initial_response_text', 'initial_response_translations');
  if (ids) q.whereIn('id', ids);
  return new Map((await q).map((r) => [r.id as string, {
    description: (r.description as string | null) ?? null, initialResponseText: (r.initial_response_text as string | null) ?? null,
    initialResponseTranslations: (r.initial_response_translations ?? {}) as Translations,
  }]));
}

function present(q: QueueConfig, extras: QueueExtras) {
  return {
    id: q.id, name: q.name, description: extras.description, channelId: q.channelId, active: q.active, position: q.position, condition: q.condition, schedule: q.schedule,
    targetWaitSeconds: q.targetWaitSeconds, maxWaitSeconds: q.maxWaitSeconds, maxWaitText: q.maxWaitText,
    ...(q.maxWaitTopicId ? { maxWaitTopicId: q.maxWaitTopicId } : {}), assignmentRule: q.assignmentRule,
    autoAccept: q.autoAccept, offerTimeoutSeconds: q.offerTimeoutSeconds,
    offerTimeoutPresence: q.offerTimeoutPresence, allowReject: q.allowReject, waitTriggers: q.waitTriggers, pools: q.pools,
    noAgentGroups: !hasAgentGroups(q.pools), openNow: isOpen(q.schedule, new Date()),
    initialResponseText: extras.initialResponseText, initialResponseTranslations: extras.initialResponseTranslations,
  };
}

export async function listQueues(db: Knex) {
  const queues = await loadQueues(db);
  const extras = await queueExtras(db);
  return [...queues.values()].map((q) => present(q, extras.get(q.id) ?? NO_EXTRAS));
}

async function getQueue(db: Knex, id: string) {
  const q = (await loadQueues(db, [id])).get(id);
  if (!q) throw new NotFoundError('no such queue');
  return present(q, (await queueExtras(db, [id])).get(id) ?? NO_EXTRAS);
}

async function checkReferences(trx: Knex, q: QueueInput): Promise<void> {
  if (!(await trx('channels').where({ id: q.channelId }).first('id'))) throw new InvalidInputError(`invalid body: channelId: no channel ${q.channelId}`);
  // VA-14: a trigger's topic is one of the virtual agent's topics in force.
  const topicIds = [...(q.waitTriggers ?? []).map((t) => t.topicId), q.maxWaitTopicId].filter((t): t is string => Boolean(t));
  if (topicIds.length) {
    const doc = (await trx('va_topic_versions').orderBy('version', 'desc').first('document'))?.document as { topics?: { id: string }[] } | undefined;
    const known = new Set((doc?.topics ?? []).map((t) => t.id));
    const i = (q.waitTriggers ?? []).findIndex((t) => t.topicId && !known.has(t.topicId));
    if (i >= 0) throw new InvalidInputError(`invalid body: waitTriggers[${i}].topicId: the virtual agent has no topic ${q.waitTriggers![i].topicId}`);
    if (q.maxWaitTopicId && !known.has(q.maxWaitTopicId)) throw new InvalidInputError(`invalid body: maxWaitTopicId: the virtual agent has no topic ${q.maxWaitTopicId}`);
  }
  const groupIds = [...new Set((q.pools ?? []).flatMap((p) => p.groupIds))];
  if (groupIds.length) {
    const found = await trx('agent_groups').whereIn('id', groupIds).pluck('id');
    const missing = groupIds.filter((g) => !found.includes(g));
    if (missing.length) throw new InvalidInputError(`invalid body: pools: no group ${missing.join(', ')}`);
  }
}

const queueColumns = (q: QueueInput) => ({
  name: q.name, description: q.description ?? null, channel_id: q.channelId, active: q.active, position: q.position,
  condition: q.condition === null ? null : JSON.stringify(q.condition), schedule: q.schedule === null ? null : JSON.stringify(q.schedule),
  target_wait_seconds: q.targetWaitSeconds, max_wait_seconds: q.maxWaitSeconds, max_wait_text: q.maxWaitText ?? null,
  max_wait_topic_id: q.maxWaitTopicId ?? null,
  assignment_rule: q.assignmentRule, auto_accept: q.autoAccept, offer_timeout_seconds: q.offerTimeoutSeconds ?? null,
  offer_timeout_presence: q.offerTimeoutPresence ?? 'away', allow_reject: q.allowReject ?? true,
  wait_triggers: JSON.stringify(q.waitTriggers ?? []),
  ...(q.initialResponseText !== undefined ? { initial_response_text: q.initialResponseText || null } : {}),
  ...(q.initialResponseTranslations !== undefined ? { initial_response_translations: JSON.stringify(q.initialResponseTranslations) } : {}),
});

/** SYS-2/SYS-6: translations of a queue's initial response need the text itself (every other language reads it). */
async function checkInitialResponse(trx: Knex, id: string | null, q: QueueInput): Promise<void> {
  if (!q.initialResponseTranslations || Object.keys(q.initialResponseTranslations).length === 0) return;
  const text = q.initialResponseText !== undefined ? q.initialResponseText : id ? (await trx('queues').where({ id }).first('initial_response_text'))?.initial_response_text : null;
  if (!text) throw new InvalidInputError('invalid body: initialResponseTranslations: give initialResponseText too (the text for every other language)');
}

async function writePools(trx: Knex, queueId: string, pools: QueueConfig['pools']): Promise<void> {
  await trx('queue_pools').where({ queue_id: queueId }).delete();
  if (pools.length) {
    await trx('queue_pools').insert(pools.map((p, i) => ({ queue_id: queueId, position: i, eligible_after_seconds: p.eligibleAfterSeconds, group_ids: p.groupIds })));
  }
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'queue';
}

export async function createQueue(deps: RoutingAdminDeps, actorId: string, q: QueueInput) {
  const { db, postCommit } = deps;
  const id = q.id ?? `${slug(q.name)}-${Math.random().toString(36).slice(2, 6)}`;
  await db.transaction(async (trx) => {
    await checkReferences(trx, q);
    await checkInitialResponse(trx, null, q);
    if (await trx('queues').where({ id }).first('id')) throw new ConflictError(`a queue with id ${id} already exists`);
    await trx('queues').insert({ id, ...queueColumns(q) });
    // a queue created without naming pools is offered to the default groups for new agents (docs/decisions.md);
    // `pools: []` is an admin's choice of nobody, and the Admin page warns about it.
    const defaults = await defaultGroupIds(trx);
    await writePools(trx, id, q.pools ?? (defaults.length ? [{ groupIds: defaults, eligibleAfterSeconds: 0 }] : []));
    await writeAudit(trx, { action: 'queue.created', actorId, subject: { type: 'queue', id }, to: q.name });
    postCommit.after(trx, { type: 'routing_config' }, DISPATCH);
  });
  return getQueue(db, id);
}

export async function replaceQueue(deps: RoutingAdminDeps, actorId: string, id: string, q: QueueInput) {
  const { db, postCommit } = deps;
  await db.transaction(async (trx) => {
    if (!(await trx('queues').where({ id }).forUpdate().first('id'))) throw new NotFoundError('no such queue');
    await checkReferences(trx, q);
    await checkInitialResponse(trx, id, q);
    await trx('queues').where({ id }).update(queueColumns(q));
    if (q.pools) await writePools(trx, id, q.pools);
    await writeAudit(trx, { action: 'queue.changed', actorId, subject: { type: 'queue', id }, detail: { queue: q } });
    postCommit.after(trx, { type: 'routing_config' }, DISPATCH);
  });
  return getQueue(db, id);
}

/** A queue still named by a company number or holding work cannot go; deactivate it instead. */
export async function deleteQueue(deps: RoutingAdminDeps, actorId: string, id: string): Promise<void> {
  const { db, postCommit } = deps;
  await db.transaction(async (trx) => {
    if (!(await trx('queues').where({ id }).forUpdate().first('id'))) throw new NotFoundError('no such queue');
    const used =
      (await trx('company_numbers').where({ queue_id: id }).first('number')) ??
      (await trx('work_items').where({ queue_id: id }).first('id')) ??
      (await trx('interactions').where({ queue_id: id }).first('id'));
    if (used) throw new ConflictError('the queue is in use (a company number, work item or interaction names it): deactivate it instead');
    await trx('queues').where({ id }).delete();
    await writeAudit(trx, { action: 'queue.deleted', actorId, subject: { type: 'queue', id } });
    postCommit.after(trx, { type: 'routing_config' });
  });
}

// ---- groups -----------------------------------------------------------------------------------------------------

export interface GroupInput {
  name: string;
  memberIds: string[];
  capacities: Record<string, number>;
  /** GQP-1: this group's priority per queue (lower first); a queue not named has 100. */
  queuePriorities?: Record<string, number>;
  /** users created without naming groups join this group. */
  defaultForNewAgents?: boolean;
}

export async function listGroups(db: Knex) {
  const groups = await db('agent_groups').orderBy('name');
  const members = await db('agent_group_members').select('group_id', 'user_id');
  const capacities = await db('group_capacities').select('group_id', 'channel_id', 'capacity');
  const priorities = await db('group_queue_priorities').select('group_id', 'queue_id', 'priority');
  return groups.map((g) => ({
    id: g.id as string,
    name: g.name as string,
    memberIds: members.filter((m) => m.group_id === g.id).map((m) => m.user_id as string),
    capacities: Object.fromEntries(capacities.filter((c) => c.group_id === g.id).map((c) => [c.channel_id as string, c.capacity as number])),
    queuePriorities: Object.fromEntries(priorities.filter((p) => p.group_id === g.id).map((p) => [p.queue_id as string, p.priority as number])),
    defaultForNewAgents: g.default_for_new_agents as boolean,
  }));
}

async function writeGroup(trx: Knex, id: string, g: GroupInput): Promise<void> {
  const members = [...new Set(g.memberIds)];
  if (members.length) {
    const found = await trx('users').whereIn('id', members).pluck('id');
    const missing = members.filter((m) => !found.includes(m));
    if (missing.length) throw new InvalidInputError(`invalid body: memberIds: no user ${missing.join(', ')}`);
  }
  const channels = Object.keys(g.capacities);
  if (channels.length) {
    const found = await trx('channels').whereIn('id', channels).pluck('id');
    const missing = channels.filter((c) => !found.includes(c));
    if (missing.length) throw new InvalidInputError(`invalid body: capacities: no channel ${missing.join(', ')}`);
  }
  await trx('agent_group_members').where({ group_id: id }).delete();
  if (members.length) await trx('agent_group_members').insert(members.map((user_id) => ({ group_id: id, user_id })));
  const queues = Object.keys(g.queuePriorities ?? {});
  if (queues.length) {
    const found = await trx('queues').whereIn('id', queues).pluck('id');
    const missing = queues.filter((q) => !found.includes(q));
    if (missing.length) throw new InvalidInputError(`invalid body: queuePriorities: no queue ${missing.join(', ')}`);
  }
  await trx('group_queue_priorities').where({ group_id: id }).delete();
  if (queues.length) await trx('group_queue_priorities').insert(queues.map((queue_id) => ({ group_id: id, queue_id, priority: g.queuePriorities![queue_id] })));
  await trx('group_capacities').where({ group_id: id }).delete();
  if (channels.length) await trx('group_capacities').insert(channels.map((channel_id) => ({ group_id: id, channel_id, capacity: g.capacities[channel_id] })));
}

async function getGroup(db: Knex, id: string) {
  const g = (await listGroups(db)).find((x) => x.id === id);
  if (!g) throw new NotFoundError('no such group');
  return g;
}

export async function createGroup(deps: RoutingAdminDeps, actorId: string, g: GroupInput) {
  const { db, postCommit } = deps;
  const id = await db.transaction(async (trx) => {
    if (await trx('agent_groups').where({ name: g.name }).first('id')) throw new ConflictError(`a group named ${g.name} already exists`);
    const [row] = await trx('agent_groups').insert({ name: g.name, default_for_new_agents: g.defaultForNewAgents ?? false }).returning('id');
    await writeGroup(trx, row.id, g);
    postCommit.after(trx, { type: 'routing_config' }, DISPATCH);
    await writeAudit(trx, { action: 'group.created', actorId, subject: { type: 'group', id: row.id }, to: g.name });
    return row.id as string;
  });
  return getGroup(db, id);
}

export async function replaceGroup(deps: RoutingAdminDeps, actorId: string, id: string, g: GroupInput) {
  const { db, postCommit } = deps;
  await db.transaction(async (trx) => {
    if (!(await trx('agent_groups').where({ id }).forUpdate().first('id'))) throw new NotFoundError('no such group');
    if (await trx('agent_groups').where({ name: g.name }).whereNot({ id }).first('id')) throw new ConflictError(`a group named ${g.name} already exists`);
    await trx('agent_groups').where({ id }).update({ name: g.name, ...(g.defaultForNewAgents !== undefined ? { default_for_new_agents: g.defaultForNewAgents } : {}) });
    await writeGroup(trx, id, g);
    postCommit.after(trx, { type: 'routing_config' }, DISPATCH);
    await writeAudit(trx, { action: 'group.changed', actorId, subject: { type: 'group', id }, detail: { group: g } });
  });
  return getGroup(db, id);
}

export async function deleteGroup(deps: RoutingAdminDeps, actorId: string, id: string): Promise<void> {
  const { db, postCommit } = deps;
  await db.transaction(async (trx) => {
    if (!(await trx('agent_groups').where({ id }).forUpdate().first('id'))) throw new NotFoundError('no such group');
    // Pools that named it no longer do (an empty pool assigns to nobody, Q-5).
    await trx.raw('update queue_pools set group_ids = array_remove(group_ids, ?::uuid)', [id]);
    await trx('agent_groups').where({ id }).delete();
    await writeAudit(trx, { action: 'group.deleted', actorId, subject: { type: 'group', id } });
    postCommit.after(trx, { type: 'routing_config' });
  });
}

// ---- channels and capacities ---------------------------------------------------------------------------------------

export interface ChannelInput {
  name: string;
  active: boolean;
  defaultCapacity: number;
  workItemSize: number;
}

const presentChannel = (c: Record<string, unknown>) => ({
  id: c.id as string, name: c.name as string, active: c.active as boolean, defaultCapacity: c.default_capacity as number, workItemSize: c.work_item_size as number,
});

export async function listChannels(db: Knex) {
  return (await db('channels').orderBy('id')).map(presentChannel);
}

/** CAP-1/CAP-4/CAP-7: a channel's default capacity and item size; a new id adds a channel (web chat, WhatsApp). */
export async function putChannel(deps: RoutingAdminDeps, actorId: string, id: string, c: ChannelInput) {
  const { db, postCommit } = deps;
  return db.transaction(async (trx) => {
    const [row] = await trx('channels')
      .insert({ id, name: c.name, active: c.active, default_capacity: c.defaultCapacity, work_item_size: c.workItemSize })
      .onConflict('id')
      .merge()
      .returning('*');
    await writeAudit(trx, { action: 'channel.changed', actorId, subject: { type: 'channel', id }, detail: { channel: c } });
    postCommit.after(trx, { type: 'routing_config' }, DISPATCH);
    return presentChannel(row);
  });
}

export async function getAgentCapacities(db: Knex, agentId: string) {
  const user = await db('users').where({ id: agentId }).first('id', 'sms_capacity', 'universal_capacity');
  if (!user) throw new NotFoundError('no such user');
  const rows = await db('agent_capacities').where({ user_id: agentId }).select('channel_id', 'capacity');
  const channels: Record<string, number> = Object.fromEntries(rows.map((r) => [r.channel_id as string, r.capacity as number]));
  if (user.sms_capacity !== null) channels.sms = user.sms_capacity;
  return { agentId, channels, universalCapacity: (user.universal_capacity as number | null) ?? null };
}

/**
 * CAP-2/CAP-3: an agent's own capacity per channel (a channel left out has no override: group or channel default) and
 * universal capacity (null: none). The SMS override is `users.sms_capacity`, which the users page edits too.
 */
export async function putAgentCapacities(deps: RoutingAdminDeps, actorId: string, agentId: string, c: { channels: Record<string, number>; universalCapacity: number | null }) {
  const { db, postCommit } = deps;
  await db.transaction(async (trx) => {
    if (!(await trx('users').where({ id: agentId }).forUpdate().first('id'))) throw new NotFoundError('no such user');
    const channels = Object.keys(c.channels);
    const found = channels.length ? await trx('channels').whereIn('id', channels).pluck('id') : [];
    const missing = channels.filter((ch) => !found.includes(ch));
    if (missing.length) throw new InvalidInputError(`invalid body: channels: no channel ${missing.join(', ')}`);
    await trx('users').where({ id: agentId }).update({ sms_capacity: c.channels.sms ?? null, universal_capacity: c.universalCapacity });
    await trx('agent_capacities').where({ user_id: agentId }).delete();
    const others = channels.filter((ch) => ch !== 'sms');
    if (others.length) await trx('agent_capacities').insert(others.map((channel_id) => ({ user_id: agentId, channel_id, capacity: c.channels[channel_id] })));
    await writeAudit(trx, { action: 'capacity.changed', actorId, subject: { type: 'user', id: agentId }, detail: c });
    postCommit.after(trx, { type: 'capacity', agentId }, DISPATCH);
  });
  return getAgentCapacities(db, agentId);
}

// ---- settings -------------------------------------------------------------------------------------------------

export const ROUTING_SETTING_KEYS = { reassignWhenAgentUnavailable: 'routing.reassign_when_agent_unavailable', offlineGraceSeconds: 'presence.offline_grace_seconds' };
export const DEFAULT_OFFLINE_GRACE_SECONDS = 300;

export async function getRoutingSettings(db: Knex) {
  const rows = await db('settings').whereIn('key', Object.values(ROUTING_SETTING_KEYS));
  const value = (key: string) => rows.find((r) => r.key === key)?.value as string | undefined;
  const grace = value(ROUTING_SETTING_KEYS.offlineGraceSeconds);
  return {
    reassignWhenAgentUnavailable: value(ROUTING_SETTING_KEYS.reassignWhenAgentUnavailable) === 'true',
    offlineGraceSeconds: grace === undefined ? DEFAULT_OFFLINE_GRACE_SECONDS : Number(grace),
  };
}

export async function putRoutingSettings(db: Knex, actorId: string, s: { reassignWhenAgentUnavailable: boolean; offlineGraceSeconds: number }) {
  await db.transaction(async (trx) => {
    for (const [name, key] of Object.entries(ROUTING_SETTING_KEYS)) {
      await trx('settings').insert({ key, value: String(s[name as keyof typeof s]) }).onConflict('key').merge();
    }
    await writeAudit(trx, { action: 'routing_settings.changed', actorId, subject: { type: 'settings', id: 'routing' }, detail: s });
  });
  return getRoutingSettings(db);
}
