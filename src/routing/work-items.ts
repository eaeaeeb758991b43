import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { CAPACITY_STATES } from '../domain/interaction-state';
import type { Offer } from '../workflows/definitions';
import { notifyChange } from '../realtime/pg-change-events';
import { rankAgents, type AgentCandidate } from './rank-agents';

// Routing owns work_items, offers, routing_events and presence; it never writes `interactions` (the workflow's
// projection does: it learns of offers, returns and accepts by signal and decides).
// Lock order everywhere: work_items row, then agent_presence row. Keeping one order means no deadlocks between
// dispatchers, accepts, rejects and timeouts running at once in several processes.

export interface OfferMade extends Offer {
  workflowId: string;
  interactionId: string;
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

const CAPACITY_STATE_LIST = CAPACITY_STATES.map((s) => `'${s}'`).join(',');

async function candidates(trx: Knex, agentId?: string): Promise<AgentCandidate[]> {
  const rows = await trx.raw(
    `select u.id as agent_id,
            coalesce(u.sms_capacity, c.default_capacity) as capacity,
            p.last_assigned_at,
            (select count(*) from work_items w where w.offered_agent_id = u.id and (w.state = 'offered'
               -- accepted, but the workflow has not projected the assignment yet: still this agent's
               or (w.state = 'accepted' and exists (select 1 from interactions i where i.id = w.interaction_id
                                                     and i.assigned_agent_id is null and i.state not in ('closed_complete', 'closed_abandoned')))))
          + (select count(*) from interactions i where i.assigned_agent_id = u.id and i.state in (${CAPACITY_STATE_LIST}))
            as in_use
       from users u
       join agent_presence p on p.user_id = u.id
       join channels c on c.id = 'sms'
      where p.status = 'available' and u.active ${agentId ? 'and u.id = ?' : ''}`,
    agentId ? [agentId] : [],
  );
  return rows.rows.map((r: { agent_id: string; capacity: number; in_use: string | number; last_assigned_at: Date | null }) => ({
    agentId: r.agent_id,
    capacity: Number(r.capacity),
    inUse: Number(r.in_use),
    lastAssignedAt: r.last_assigned_at,
  }));
}

/** Whether any agent could take an offer right now; a cheap guard before walking the queue. */
export async function anyAgentFree(db: Knex): Promise<boolean> {
  const c = await candidates(db);
  return c.some((a) => a.inUse < a.capacity);
}

/** Offers the oldest queued work item after `cursor` to the best agent, in one transaction. */
export async function offerNext(
  db: Knex,
  cursor: { createdAt: Date; id: string } | null,
  offerTimeoutMs: number,
): Promise<{ cursor: { createdAt: Date; id: string } | null; offer: OfferMade | null }> {
  return db.transaction(async (trx) => {
    const q = trx('work_items').where({ state: 'queued' });
    if (cursor) q.andWhereRaw('(created_at, id) > (?, ?)', [cursor.createdAt, cursor.id]);
    const item = await q.orderBy([{ column: 'created_at' }, { column: 'id' }]).first().forUpdate().skipLocked();
    if (!item) return { cursor: null, offer: null };
    const next = { createdAt: item.created_at as Date, id: item.id as string };

    const all = await candidates(trx);
    const ranking = rankAgents(all, { excluded: new Set(item.rejected_agent_ids as string[]) });
    for (const choice of ranking.ranked) {
      await trx('agent_presence').where({ user_id: choice.agentId }).forUpdate().first();
      // Re-read under the agent's lock: another dispatcher may have just offered to the same agent.
      const [fresh] = await candidates(trx, choice.agentId);
      if (!fresh || fresh.inUse >= fresh.capacity) continue;
      const offerId = randomUUID();
      const expiresAt = new Date(Date.now() + offerTimeoutMs);
      await trx('work_items').where({ id: item.id }).update({
        state: 'offered', offered_agent_id: choice.agentId, offer_id: offerId, offered_at: trx.fn.now(),
        offer_expires_at: expiresAt, updated_at: trx.fn.now(),
      });
      await trx('offers').insert({ id: offerId, work_item_id: item.id, agent_id: choice.agentId, state: 'pending', expires_at: expiresAt });
      await notifyChange(trx, { type: 'offers', agentId: choice.agentId });
      await notifyChange(trx, { type: 'interaction', id: item.interaction_id });
      await recordRoutingEvent(trx, {
        workItemId: item.id, interactionId: item.interaction_id, type: 'offered', agentId: choice.agentId,
        detail: { rule: 'most_capacity', candidates: ranking.ranked.map((c) => ({ agentId: c.agentId, capacity: c.capacity, inUse: c.inUse })), skipped: ranking.skipped },
      });
      return {
        cursor: next,
        offer: {
          workItemId: item.id, offerId, agentId: choice.agentId, expiresAt: expiresAt.getTime(),
          workflowId: item.workflow_id, interactionId: item.interaction_id,
        },
      };
    }
    return { cursor: next, offer: null };
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
        expiresAt: (item.offer_expires_at as Date).getTime(),
      },
    };
  }
  return { state: item.state as 'queued' | 'canceled', agentId: null, offer: null };
}

/** WI-5/RR-1: an unanswered offer returns to the queue and its agent becomes Away. Idempotent. */
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
    await trx('work_items').where({ id: workItemId }).update({
      state: 'queued', offered_agent_id: null, offer_id: null, offered_at: null, offer_expires_at: null,
      updated_at: trx.fn.now(),
    });
    await decideOffer(trx, offerId, 'timed_out');
    const presence = await trx('agent_presence').where({ user_id: agentId }).forUpdate().first();
    if (presence?.status === 'available') {
      await trx('agent_presence').where({ user_id: agentId }).update({ status: 'away', changed_at: trx.fn.now() });
      await trx('presence_history').insert({ user_id: agentId, status: 'away', reason: 'offer_timeout' });
      await notifyChange(trx, { type: 'presence', agentId, status: 'away' });
    }
    await recordRoutingEvent(trx, { workItemId, interactionId: item.interaction_id, type: 'offer_timeout', agentId });
    return { state: 'queued', agentId: null, offer: null, expiredAgentId: agentId, workflowId: item.workflow_id };
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
