// EV-1 "Why not Ana?" and the manager's views (SPEC §10): read models over routing state.
import type { Knex } from 'knex';
import { exceededTargetWait } from '../routing/target-wait';
import type { InteractionState } from '../domain/interaction-state';
import type { SkipReason } from '../routing/rank-agents';
import { loadAgents } from '../routing/routing-facts';
import { universalInUse } from '../routing/capacity';
import type { SessionUser } from '../auth/sessions';
import { NotFoundError } from '../domain/errors';
import { loadInteractionFor } from './interactions';
import type { Presence } from './presence';
import type { ManualOffer } from '../workflows/definitions';

interface StoredCandidate {
  agentId: string;
  eligible: boolean;
  reason?: SkipReason;
}

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** EV-1 (DESIGN.md contract): `[{type, at, agentId?, candidates?: [{agentId, eligible, reason?}]}]`, oldest first. */
/** EV-1 for someone who may act on the interaction (its assignee, the agent offered it, or a manager). */
export async function routingEventsFor(db: Knex, user: SessionUser, interactionId: string) {
  await loadInteractionFor(db, interactionId, user);
  return listRoutingEvents(db, interactionId);
}

export async function listRoutingEvents(db: Knex, interactionId: string) {
  const rows = await db('routing_events').where({ interaction_id: interactionId }).orderBy('id');
  const ids = new Set<string>();
  for (const r of rows) {
    if (r.agent_id) ids.add(r.agent_id);
    for (const c of (r.detail?.candidates ?? []) as StoredCandidate[]) ids.add(c.agentId);
    for (const k of ['byUserId', 'fromAgentId', 'previousAgentId']) if (str(r.detail?.[k])) ids.add(r.detail[k] as string);
  }
  const names = new Map<string, string>(
    ids.size ? (await db('users').whereIn('id', [...ids]).select('id', 'name')).map((u) => [u.id as string, u.name as string]) : [],
  );
  return rows.map((r) => {
    const d = (r.detail ?? {}) as Record<string, unknown>;
    const candidates = d.candidates as StoredCandidate[] | undefined;
    const reason = str(d.reason);
    const from = str(d.fromAgentId) ? (d.fromAgentId as string) : str(d.previousAgentId) ? (d.previousAgentId as string) : null;
    const offer = d.offer as ManualOffer | undefined;
    return {
      type: r.type as string,
      at: (r.created_at as Date).toISOString(),
      ...(r.agent_id ? { agentId: r.agent_id as string, agentName: names.get(r.agent_id) ?? null } : {}),
      ...(Array.isArray(candidates)
        ? { candidates: candidates.map((c) => ({ agentId: c.agentId, agentName: names.get(c.agentId) ?? null, eligible: c.eligible, ...(c.reason ? { reason: c.reason } : {}) })) }
        : {}),
      ...(r.work_item_id ? { workItemId: r.work_item_id as string } : {}),
      ...(str(d.queueId) ? { queueId: d.queueId as string } : {}),
      ...(reason ? { reason } : {}),
      ...(str(d.byUserId) ? { byUserId: d.byUserId as string, byUserName: names.get(d.byUserId as string) ?? null } : {}),
      ...(from ? { fromAgentId: from, fromAgentName: names.get(from) ?? null } : {}),
      ...(str(d.toQueueId) ? { toQueueId: d.toQueueId as string } : {}),
      ...(str(d.note) ? { note: d.note as string } : {}),
      ...(str(d.previousWorkItemId) ? { previousWorkItemId: d.previousWorkItemId as string } : {}),
      ...(offer ? { offer: { allowedToDecline: offer.allowReject, timeoutSeconds: offer.timeoutSeconds, timeoutPresence: offer.timeoutPresence } } : {}),
      ...(str(d.presence) ? { presence: d.presence as Presence } : {}),
    };
  });
}

export interface SupervisedFilter {
  state?: InteractionState[];
  queueId?: string;
  agentId?: string;
  unassigned?: boolean;
}

/** SPEC §10 manager view: every active interaction with queue, state, wait and assignee; filterable. */
export async function listSupervisedInteractions(db: Knex, f: SupervisedFilter) {
  const q = db('interactions as i')
    .leftJoin('users as u', 'u.id', 'i.assigned_agent_id')
    .leftJoin('queues as q', 'q.id', 'i.queue_id')
    .whereNotIn('i.state', ['closed_complete', 'closed_abandoned'])
    .orderBy('i.created_at', 'desc')
    .limit(500)
    .select(
      'i.id', 'i.state', 'i.requester_number', 'i.workflow_id', 'i.company_number', 'i.queue_id', 'q.name as queue_name', 'q.target_wait_seconds',
      'i.assigned_agent_id', 'u.name as agent_name', 'i.created_at', 'i.queued_at', 'i.accepted_at', 'i.last_message_at',
      db.raw(`(select w.offered_agent_id from work_items w where w.interaction_id = i.id and w.state = 'offered' limit 1) as offered_agent_id`),
      db.raw(`(select min(w.created_at) from work_items w where w.interaction_id = i.id and w.state in ('queued', 'offered')) as waiting_since`),
      db.raw(`(select name from users r where r.id = i.requester_user_id) as requester_name`),
    );
  if (f.state?.length) q.whereIn('i.state', f.state);
  if (f.queueId) q.where('i.queue_id', f.queueId);
  if (f.agentId) q.where('i.assigned_agent_id', f.agentId);
  if (f.unassigned) q.whereNull('i.assigned_agent_id');
  const rows = await q;
  const now = Date.now();
  return rows.map((r) => {
    // WI-8: the current wait while it waits (since this work item), else queued → accepted.
    const since = (r.waiting_since as Date | null) ?? null;
    const wait = since ? (now - since.getTime()) / 1000 : r.queued_at && r.accepted_at ? ((r.accepted_at as Date).getTime() - (r.queued_at as Date).getTime()) / 1000 : null;
    const waitSeconds = wait === null ? null : Math.max(0, Math.floor(wait));
    return {
      id: r.id as string, state: r.state as InteractionState, requesterNumber: r.requester_number as string,
      requesterName: (r.requester_name as string | null) ?? null, workflowId: r.workflow_id as string, companyNumber: r.company_number as string,
      queueId: (r.queue_id as string | null) ?? null, queueName: (r.queue_name as string | null) ?? null,
      assignedAgentId: (r.assigned_agent_id as string | null) ?? null, assignedAgentName: (r.agent_name as string | null) ?? null,
      offeredAgentId: (r.offered_agent_id as string | null) ?? null,
      createdAt: (r.created_at as Date).toISOString(), queuedAt: r.queued_at ? (r.queued_at as Date).toISOString() : null,
      waitSeconds,
      exceededTargetWait: exceededTargetWait(wait === null ? null : wait * 1000, (r.target_wait_seconds as number | null) ?? 0),
      lastMessageAt: r.last_message_at ? (r.last_message_at as Date).toISOString() : null,
    };
  });
}

/** CAP-8: every agent with presence, time in it, capacity in use per channel and universal. */
export async function listAgentStatus(db: Knex) {
  const [loads, users, connected] = await Promise.all([
    loadAgents(db),
    db('users as u').join('agent_presence as p', 'p.user_id', 'u.id').leftJoin('away_reasons as r', 'r.id', 'p.away_reason_id').where('u.active', true).orderBy('u.name')
      .select('u.id', 'u.name', 'u.email', 'u.role', 'p.status', 'p.changed_at', 'p.last_assigned_at', 'r.name as away_reason'),
    db('workspace_connections').whereNull('closed_at').distinct('user_id').pluck('user_id'),
  ]);
  const byId = new Map(loads.map((a) => [a.agentId, a]));
  const now = Date.now();
  return users.map((u) => {
    const a = byId.get(u.id);
    return {
      id: u.id as string, name: u.name as string, email: u.email as string, role: u.role as 'agent' | 'manager' | 'admin',
      presence: u.status as Presence, awayReason: (u.away_reason as string | null) ?? null, presenceSince: (u.changed_at as Date).toISOString(),
      secondsInPresence: Math.max(0, Math.floor((now - (u.changed_at as Date).getTime()) / 1000)),
      connected: connected.includes(u.id),
      groupIds: a?.groupIds ?? [],
      channels: Object.entries(a?.channels ?? {}).map(([channelId, c]) => ({ channelId, available: c.available, capacity: c.capacity, inUse: c.inUse })),
      universalCapacity: a?.universalCapacity ?? null,
      universalInUse: a ? universalInUse(a) : 0,
      lastAssignedAt: u.last_assigned_at ? (u.last_assigned_at as Date).toISOString() : null,
    };
  });
}

/**
 * TRF-1…3 for the person transferring (an agent may not read the admin lists): the active queues of the channel and
 * the other agents who are Available now (the api refuses anyone else, 409 agent_unavailable).
 */
export async function listTransferTargets(db: Knex, forUserId: string) {
  const [queues, agents] = await Promise.all([
    db('queues').where({ active: true }).orderBy([{ column: 'position' }, { column: 'id' }]).select('id', 'name'),
    db('users as u').join('agent_presence as p', 'p.user_id', 'u.id').where({ 'u.active': true, 'p.status': 'available' }).whereNot('u.id', forUserId)
      .orderBy('u.name').select('u.id', 'u.name'),
  ]);
  return {
    queues: queues.map((q) => ({ id: q.id as string, name: q.name as string })),
    agents: agents.map((a) => ({ id: a.id as string, name: a.name as string })),
  };
}

/** PRS-4 for a manager: a user who does not exist is a 404, not an empty history. */
export async function agentPresenceHistory(db: Knex, agentId: string) {
  if (!(await db('users').where({ id: agentId }).first('id'))) throw new NotFoundError('no such user');
  return presenceHistory(db, agentId);
}

export async function presenceHistory(db: Knex, agentId: string) {
  const rows = await db('presence_history').where({ user_id: agentId }).orderBy('id', 'desc').limit(200);
  return rows.map((r) => ({
    status: r.status as Presence, reason: r.reason as string, awayReason: (r.away_reason_name as string | null) ?? null, at: (r.changed_at as Date).toISOString(),
  }));
}
