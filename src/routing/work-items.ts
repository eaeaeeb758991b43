import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { ManualOffer, Offer } from '../domain/interaction/state';
import { notifyChange } from '../realtime/pg-change-events';
import { fits } from './capacity';
import { queuesWithoutRoom } from './dispatch-scope';
import { afterUnacceptedOffer, presenceAfterOfferTimeout } from './offer-timeout';
import { eligibleGroups, hasAgentGroups, type Eligibility } from './eligibility';
import type { TierWalk } from './group-queue-priority';
import { rankAgents, type AgentCandidate, type CandidateVerdict, type RoutableItem } from './rank-agents';
import { loadAgents, loadQueues, type QueueConfig } from './routing-facts';
import { isOpen } from './schedule';
import { offerWorkItem, returnUnacceptedOffer } from './work-item-store';

// Routing owns work_items, offers, routing_events and presence; it never writes `interactions` (the workflow's
// projection does: it learns of offers, returns and accepts by signal and decides).
// Lock order everywhere: work_items row, then agent_presence row. Keeping one order means no deadlocks between
// dispatchers, accepts, rejects and timeouts running at once in several processes.

export interface OfferMade extends Offer {
  workflowId: string;
  interactionId: string;
}

/** MAN-1: what a manager's offer keeps on its work item (`work_items.manual_offer`) until it is answered or expires. */
export interface StoredManualOffer extends ManualOffer {
  byUserId: string;
}

export async function recordRoutingEvent(
  trx: Knex,
  e: { workItemId?: string | null; interactionId?: string | null; type: string; agentId?: string | null; detail?: object },
): Promise<void> {
  await trx('routing_events').insert({
    work_item_id: e.workItemId ?? null,
    interaction_id: e.interactionId ?? null,
    type: e.type,
    agent_id: e.agentId ?? null,
    detail: JSON.stringify(e.detail ?? {}),
  });
}

/** What the dispatcher knows during one pass: queues, and agents' loads (kept current as it offers). */
export interface PassContext {
  offerTimeoutMs: number;
  queues: Map<string, QueueConfig>;
  agents: AgentCandidate[];
  now: number;
  /** GQP-1: stored group-queue priorities, `${groupId}|${queueId}` → priority (absent: 100). */
  priorities: Map<string, number>;
  /** An agent was skipped because another transaction held them: the dispatcher runs another pass. */
  contended?: boolean;
  /** Queues nobody can take an item of now (closed, or no eligible agent with room): their items are not walked. */
  skipQueueIds?: string[];
  /** TRF-3/MAN-1: agents a queued item waits for by name (offered to them whatever their load). */
  targets: Set<string>;
}

export async function passContext(db: Knex, offerTimeoutMs: number): Promise<PassContext> {
  const [queues, agents, priorities, targets] = await Promise.all([
    loadQueues(db), loadAgents(db), db('group_queue_priorities').select('group_id', 'queue_id', 'priority'),
    db('work_items').where({ state: 'queued' }).whereNotNull('target_agent_id').distinct('target_agent_id'),
  ]);
  const now = Date.now();
  return {
    offerTimeoutMs, queues, agents, now, priorities: new Map(priorities.map((p) => [`${p.group_id}|${p.queue_id}`, p.priority as number])),
    targets: new Set(targets.map((t) => t.target_agent_id as string)),
    skipQueueIds: queuesWithoutRoom(queues.values(), agents, now),
  };
}

/** VA-9/Q-15: "is a live agent available" for this queue: it is open and an eligible agent is Available for its channel. */
export async function anyAgentAvailable(db: Knex, queueId?: string | null): Promise<boolean> {
  const queue = queueId ? (await loadQueues(db, [queueId])).get(queueId) : undefined;
  if (queue && !isOpen(queue.schedule, new Date())) return false;
  // a queue without agent groups has nobody to offer to.
  if (queue && !hasAgentGroups(queue.pools)) return false;
  const channelId = queue?.channelId ?? 'sms';
  const groups = queue ? new Set(queue.pools.flatMap((p) => p.groupIds)) : null;
  const agents = await loadAgents(db);
  return agents.some(
    (a) => a.presence === 'available' && a.channels[channelId]?.available !== false && (!groups || a.groupIds.some((g) => groups.has(g))),
  );
}

/**
 * Whether an agent some item waits for by name (a transfer to them, a manager's offer) could be offered it now: they
 * are Available, whatever their load (TRF-3, MAN-1: a person chose).
 */
export function anyTargetReady(pass: Pick<PassContext, 'agents' | 'targets'>): boolean {
  return pass.targets.size > 0 && pass.agents.some((a) => pass.targets.has(a.agentId) && a.presence === 'available');
}

/** Whether any agent could take an offer right now; a cheap guard before walking the queue. */
export function anyAgentFree(agents: AgentCandidate[]): boolean {
  return agents.some((a) => a.presence === 'available' && Object.keys(a.channels).some((c) => a.channels[c].available && fits(a, c, 1) === 'ok'));
}

/** What the ranker needs of a work item row. */
export function routableOf(item: Record<string, unknown>): RoutableItem {
  return {
    channelId: item.channel_id as string, size: item.size as number, rejectedAgentIds: item.rejected_agent_ids as string[],
    targetAgentId: item.target_agent_id as string | null,
  };
}

export interface OfferResult {
  cursor: { createdAt: Date; id: string } | null;
  offer: OfferMade | null;
  /** ASG-4: the queue accepts on the agent's behalf: the workflow is told "assigned", not "offered". */
  autoAccepted?: boolean;
}

/** GQP-2: in a tier, a queue's items go only to the groups whose pair with it is in this tier or an earlier one. */
function withinTier(e: Eligibility, tierGroups: Set<string> | null | undefined): Eligibility {
  if (!tierGroups || e.kind !== 'groups') return e;
  return { ...e, groupIds: new Set([...e.groupIds].filter((g) => tierGroups.has(g))) };
}

const summarise = (candidates: CandidateVerdict[]) =>
  candidates.map((c) => `${c.agentId}:${c.reason ?? 'ok'}`).sort().join(',');

/** SPEC §17: a manager's offer without a time limit expires after a day, as a timed-out offer. */
export const MANUAL_OFFER_DEFAULT_SECONDS = 24 * 3600;

/** When an offer made now expires: a manager's offer by its own timeout (MAN-1; none: a day), else the queue's (ASG-3). */
function offerExpiry(queue: QueueConfig, manual: StoredManualOffer | null, defaultMs: number): Date | null {
  if (manual) return new Date(Date.now() + (manual.timeoutSeconds || MANUAL_OFFER_DEFAULT_SECONDS) * 1000);
  return new Date(Date.now() + (queue.offerTimeoutSeconds ? queue.offerTimeoutSeconds * 1000 : defaultMs));
}

/**
 * A walk restricted to the items waiting for one agent by name (TRF-3/MAN-1), or to the items whose "why nobody" is
 * not in their timeline yet (EV-1, when nobody is free at all).
 */
export type WalkOnly = 'targeted' | 'unrecorded';

/**
 * Offers the oldest queued work item after `cursor` to the best agent (ASG-7), in one transaction. ASG-8: one
 * agent at a time; the item row is locked (SKIP LOCKED, so dispatchers in other processes take other items) and the
 * chosen agent's presence row is locked and their load re-read before the offer, so two dispatchers never fill one
 * agent beyond capacity.
 */
export async function offerNext(
  db: Knex, cursor: { createdAt: Date; id: string } | null, pass: PassContext, tier?: TierWalk, only?: WalkOnly,
): Promise<OfferResult> {
  return db.transaction(async (trx) => {
    const q = trx('work_items').where({ state: 'queued' });
    if (tier) q.whereIn('queue_id', tier.queueIds);
    if (only === 'targeted') q.whereNotNull('target_agent_id');
    if (only === 'unrecorded') q.whereNull('last_decision');
    if (cursor) q.andWhereRaw('(created_at, id) > (?, ?)', [cursor.createdAt, cursor.id]);
    // A queue nobody can take from now is skipped, except for what its items still need from this pass: an item
    // transferred to one agent (TRF-3, offered whatever the queue), and an item whose "why nobody" is not yet in its
    // timeline (EV-1; recording it sets last_decision, and an offer clears it).
    const skip = pass.skipQueueIds ?? [];
    if (skip.length) q.andWhere((w) => w.whereNotIn('queue_id', skip).orWhereNotNull('target_agent_id').orWhereNull('last_decision'));
    const item = await q.orderBy([{ column: 'created_at' }, { column: 'id' }]).first().forUpdate().skipLocked();
    if (!item) return { cursor: null, offer: null };
    const next = { createdAt: item.created_at as Date, id: item.id as string };
    const queue = pass.queues.get(item.queue_id) ?? (await loadQueues(trx, [item.queue_id])).get(item.queue_id);
    if (!queue) return { cursor: next, offer: null };

    const noOffer = async (type: string, detail: object, key: string) => {
      // GQP: an earlier tier's "nobody" is not the item's last word; its last tier records it.
      if (tier && !tier.final.has(queue.id)) return { cursor: next, offer: null };
      // EV-1 without flooding: the same "nobody could take it" is recorded once, not at every sweep.
      if (item.last_decision === key) return { cursor: next, offer: null };
      await trx('work_items').where({ id: item.id }).update({ last_decision: key });
      await recordRoutingEvent(trx, { workItemId: item.id, interactionId: item.interaction_id, type, detail: { queueId: queue.id, ...detail } });
      return { cursor: next, offer: null };
    };
    if (!item.target_agent_id && !isOpen(queue.schedule, new Date(pass.now))) return noOffer('out_of_schedule', {}, 'out_of_schedule');

    // a queue that names no agent group offers to nobody; a transfer or a manager's offer to one agent still goes.
    if (!item.target_agent_id && !hasAgentGroups(queue.pools)) return noOffer('no_agent_groups', {}, 'no_agent_groups');

    const routable = routableOf(item);
    const eligibility = withinTier(eligibleGroups(queue.pools, (item.created_at as Date).getTime(), pass.now), tier?.groups.get(queue.id));
    const ranking = rankAgents(pass.agents, routable, eligibility, queue.assignmentRule);
    for (const choice of ranking.ranked) {
      // SKIP LOCKED: a dispatcher never waits for an agent another dispatcher or an accept holds, so it can hold
      // several agents' locks (earlier choices that no longer fit) without a deadlock; the skipped agent is tried
      // again at the next pass.
      const locked = await trx('agent_presence').where({ user_id: choice.agentId }).forUpdate().skipLocked().first('user_id');
      if (!locked) {
        pass.contended = true;
        continue;
      }
      // Re-read under the agent's lock: another dispatcher may have just offered to the same agent.
      const [fresh] = await loadAgents(trx, choice.agentId);
      if (!fresh || rankAgents([fresh], routable, eligibility, queue.assignmentRule).ranked.length === 0) {
        if (fresh) Object.assign(choice, fresh);
        continue;
      }
      const offerId = randomUUID();
      const auto = queue.autoAccept && !item.target_agent_id;
      const expiresAt = offerExpiry(queue, item.manual_offer as StoredManualOffer | null, pass.offerTimeoutMs);
      await offerWorkItem(trx, item, { autoAccept: auto, agentId: choice.agentId, offerId, expiresAt });
      await trx('offers').insert({ id: offerId, work_item_id: item.id, agent_id: choice.agentId, state: auto ? 'accepted' : 'pending', expires_at: expiresAt, ...(auto ? { decided_at: trx.fn.now() } : {}) });
      if (auto) await trx('agent_presence').where({ user_id: choice.agentId }).update({ last_assigned_at: trx.fn.now() });
      await notifyChange(trx, { type: 'offers', agentId: choice.agentId });
      await notifyChange(trx, { type: 'interaction', id: item.interaction_id });
      await notifyChange(trx, { type: 'capacity', agentId: choice.agentId });
      await recordRoutingEvent(trx, {
        workItemId: item.id, interactionId: item.interaction_id, type: 'offered', agentId: choice.agentId,
        detail: {
          queueId: queue.id, rule: queue.assignmentRule, autoAccept: auto, candidates: ranking.candidates,
          ...(item.manual_offer ? { manual: true } : item.target_agent_id ? { transfer: true } : {}),
        },
      });
      if (auto) await recordRoutingEvent(trx, { workItemId: item.id, interactionId: item.interaction_id, type: 'accepted', agentId: choice.agentId, detail: { auto: true } });
      // The rest of this pass sees the agent's new load.
      fresh.channels[routable.channelId].inUse += routable.size;
      Object.assign(choice, fresh);
      return {
        cursor: next,
        autoAccepted: auto,
        offer: {
          workItemId: item.id, offerId, agentId: choice.agentId, expiresAt: expiresAt?.getTime() ?? null,
          workflowId: item.workflow_id, interactionId: item.interaction_id,
        },
      };
    }
    return noOffer('no_agent', { rule: queue.assignmentRule, candidates: ranking.candidates }, summarise(ranking.candidates));
  });
}

export type WorkItemAfter =
  | { state: 'queued' | 'canceled'; agentId: null; offer: null }
  | { state: 'accepted'; agentId: string; offer: null }
  | { state: 'offered'; agentId: string; offer: Offer };

function describe(item: Record<string, unknown>): WorkItemAfter {
  if (item.state === 'accepted') return { state: 'accepted', agentId: item.offered_agent_id as string, offer: null };
  if (item.state === 'offered') {
    return {
      state: 'offered',
      agentId: item.offered_agent_id as string,
      offer: {
        workItemId: item.id as string, offerId: item.offer_id as string, agentId: item.offered_agent_id as string,
        expiresAt: (item.offer_expires_at as Date | null)?.getTime() ?? null,
      },
    };
  }
  return { state: item.state as 'queued' | 'canceled', agentId: null, offer: null };
}

/** WI-3/RR-1: an unanswered offer returns to the queue and its agent takes the queue's timeout presence (ASG-3). Idempotent. */
export async function expireOffer(
  db: Knex,
  workItemId: string,
  offerId: string,
  opts: { onlyIfDue?: boolean } = {},
): Promise<WorkItemAfter & { expiredAgentId?: string; workflowId?: string }> {
  return db.transaction(async (trx) => {
    const item = await trx('work_items').where({ id: workItemId }).forUpdate().first();
    if (!item) return { state: 'canceled', agentId: null, offer: null };
    const due = !opts.onlyIfDue || (item.offer_expires_at && (item.offer_expires_at as Date).getTime() <= Date.now());
    if (item.state !== 'offered' || item.offer_id !== offerId || !due) return describe(item);
    const agentId = item.offered_agent_id as string;
    const manual = item.manual_offer as StoredManualOffer | null;
    const transfer = afterUnacceptedOffer({ targetAgentId: item.target_agent_id, manualOffer: manual }) === 'transfer_rejected';
    await returnUnacceptedOffer(trx, item, 'time_out', { transfer });
    await decideOffer(trx, offerId, 'timed_out');
    const presence = await trx('agent_presence').where({ user_id: agentId }).forUpdate().first();
    const queue = await trx('queues').where({ id: item.queue_id }).first('offer_timeout_presence');
    const status = presence && presenceAfterOfferTimeout(presence.status, manual?.timeoutPresence ?? queue?.offer_timeout_presence ?? 'away');
    if (status) {
      await trx('agent_presence').where({ user_id: agentId }).update({ status, away_reason_id: null, changed_at: trx.fn.now() });
      await trx('presence_history').insert({ user_id: agentId, status, reason: 'offer_timeout' });
      await notifyChange(trx, { type: 'presence', agentId, status });
    }
    await notifyChange(trx, { type: 'capacity', agentId });
    await recordRoutingEvent(trx, { workItemId, interactionId: item.interaction_id, type: 'offer_timeout', agentId, detail: { presence: status ?? presence?.status ?? null } });
    if (transfer) await recordRoutingEvent(trx, { workItemId, interactionId: item.interaction_id, type: 'canceled', detail: { reason: 'transfer_rejected' } });
    return { state: transfer ? 'canceled' : 'queued', agentId: null, offer: null, expiredAgentId: agentId, workflowId: item.workflow_id };
  });
}

export async function decideOffer(trx: Knex, offerId: string, state: 'accepted' | 'rejected' | 'timed_out' | 'withdrawn', reason?: string): Promise<void> {
  const rows = await trx('offers').where({ id: offerId, state: 'pending' }).update({ state, reason: reason ?? null, decided_at: trx.fn.now() }).returning('agent_id');
  for (const r of rows) await notifyChange(trx, { type: 'offers', agentId: r.agent_id });
}

/** Offers whose deadline passed without the workflow's own timer acting (a lost signal, a worker outage). */
export async function overdueOffers(db: Knex, graceMs: number): Promise<{ id: string; offer_id: string }[]> {
  return db('work_items')
    .where({ state: 'offered' })
    .andWhere('offer_expires_at', '<', new Date(Date.now() - graceMs))
    .select('id', 'offer_id')
    .limit(100);
}

/**
 * Accepted items the workflow never heard of: the interaction is still waiting (queued or offered, nobody assigned)
 * well after its newest item was accepted. An auto-accept (ASG-4) whose `assign` update was lost has no offer timer in
 * the workflow to catch up with, so the sweep tells the workflow again (the decider ignores a repeat).
 */
export async function unprojectedAccepts(db: Knex, graceMs: number): Promise<{ workItemId: string; agentId: string; workflowId: string }[]> {
  const rows = await db('work_items as w')
    .join('interactions as i', 'i.id', 'w.interaction_id')
    .where('w.state', 'accepted')
    .andWhere('w.updated_at', '<', new Date(Date.now() - graceMs))
    .whereIn('i.state', ['queued', 'offered'])
    .whereNull('i.assigned_agent_id')
    .whereNotExists((q) => q.select(1).from('work_items as w2').whereRaw('w2.interaction_id = w.interaction_id and w2.created_at > w.created_at'))
    .select('w.id', 'w.offered_agent_id', 'w.workflow_id')
    .limit(100);
  return rows.map((r) => ({ workItemId: r.id as string, agentId: r.offered_agent_id as string, workflowId: r.workflow_id as string }));
}
