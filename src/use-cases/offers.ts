import type { Knex } from 'knex';
import { ConflictError, NotFoundError } from '../domain/errors';
import { notifyChange } from '../realtime/pg-change-events';
import { fits, SMS_CHANNEL } from '../routing/capacity';
import { afterUnacceptedOffer, mayReject } from '../routing/offer-timeout';
import { loadAgents } from '../routing/routing-facts';
import { acceptWorkItem, returnUnacceptedOffer } from '../routing/work-item-store';
import { decideOffer, recordRoutingEvent, type StoredManualOffer } from '../routing/work-items';
import { GLOBAL_COMMANDS } from '../virtual-agent/engine';
import { capturedLabeller } from './captured-context';
import { resolveRejection } from './reject-reasons';

/** The reject body: a picked reason (RR-1) with optional details, or the agent's own words. */
export interface RejectionChoice { reasonId?: string; reason?: string; reassignable?: boolean }

const GONE: Record<string, string> = {
  accepted: 'this offer was already accepted',
  rejected: 'this offer was rejected',
  timed_out: 'this offer expired before it was accepted',
  withdrawn: 'this offer was withdrawn: the interaction ended',
};

async function lockOffer(trx: Knex, offerId: string, agentId: string) {
  const offer = await trx('offers').where({ id: offerId }).first();
  if (!offer || offer.agent_id !== agentId) throw new NotFoundError('no such offer');
  // Lock order as everywhere in routing: the work item first; offer rows change only under that lock.
  const item = await trx('work_items').where({ id: offer.work_item_id }).forUpdate().first();
  const current = await trx('offers').where({ id: offerId }).first('state');
  if (current.state !== 'pending' || item.offer_id !== offerId || item.state !== 'offered') {
    throw new ConflictError(GONE[current.state] ?? 'this offer is no longer open');
  }
  return item;
}

/** WI-3: accept → the work item is the agent's; the api tells the workflow, which decides and projects the assignment. */
export async function acceptOffer(db: Knex, offerId: string, agentId: string) {
  return db.transaction(async (trx) => {
    const item = await lockOffer(trx, offerId, agentId);
    await acceptWorkItem(trx, item);
    await decideOffer(trx, offerId, 'accepted');
    await trx('agent_presence').where({ user_id: agentId }).update({ last_assigned_at: trx.fn.now() });
    await notifyChange(trx, { type: 'capacity', agentId });
    await recordRoutingEvent(trx, { workItemId: item.id, interactionId: item.interaction_id, type: 'accepted', agentId });
    return { workItemId: item.id as string, interactionId: item.interaction_id as string, workflowId: item.workflow_id as string };
  });
}

/** WI-4: reject → the work item goes back to the queue (the workflow is told); the agent is not offered this item again unless the reason is reassignable. */
export async function rejectOffer(db: Knex, offerId: string, agentId: string, choice: RejectionChoice) {
  return db.transaction(async (trx) => {
    const item = await lockOffer(trx, offerId, agentId);
    // RR-1: a picked reason brings its own text and reassignable flag, as its channel offers it.
    const { reason, reassignable, reasonId } = await resolveRejection(trx, item.channel_id as string, choice);
    const queue = await trx('queues').where({ id: item.queue_id }).first('allow_reject', 'auto_accept');
    const manualOffer = item.manual_offer as StoredManualOffer | null;
    if (queue && !mayReject({ allowReject: queue.allow_reject, autoAccept: queue.auto_accept }, { targetAgentId: item.target_agent_id, manualOffer })) {
      throw new ConflictError(
        manualOffer ? 'the manager who offered you this conversation did not allow declining it: accept it' : 'this queue does not allow rejecting its offers: accept it, or let it time out',
        'reject_not_allowed',
      );
    }
    // TRF-3: a rejected transfer to one agent is canceled; the conversation returns to the transferring agent.
    // MAN-1: a rejected manager's offer goes back to routing.
    const transfer = afterUnacceptedOffer({ targetAgentId: item.target_agent_id, manualOffer }) === 'transfer_rejected';
    await returnUnacceptedOffer(trx, item, 'reject', { transfer, ...(reassignable ? {} : { excludeAgentId: agentId }) });
    await decideOffer(trx, offerId, 'rejected', reason);
    await notifyChange(trx, { type: 'capacity', agentId });
    // REG-12: a rejected transfer records the same rejection event as any other, then its cancellation.
    await recordRoutingEvent(trx, { workItemId: item.id, interactionId: item.interaction_id, type: 'rejected', agentId, detail: { reason, reassignable, ...(reasonId ? { reasonId } : {}) } });
    if (transfer) await recordRoutingEvent(trx, { workItemId: item.id, interactionId: item.interaction_id, type: 'canceled', detail: { reason: 'transfer_rejected' } });
    return { workItemId: item.id as string, interactionId: item.interaction_id as string, workflowId: item.workflow_id as string, reason, reassignable };
  });
}

export async function listMyOffers(db: Knex, agentId: string) {
  const rows = await db('work_items as w')
    .join('interactions as i', 'i.id', 'w.interaction_id')
    .leftJoin('queues as q', 'q.id', 'w.queue_id')
    .where({ 'w.state': 'offered', 'w.offered_agent_id': agentId })
    .orderBy('w.offered_at')
    .select(
      'w.offer_id', 'w.id as work_item_id', 'w.target_agent_id', 'w.manual_offer', 'q.allow_reject', 'q.auto_accept', 'w.interaction_id', 'w.queue_id', 'w.offered_at', 'w.offer_expires_at', 'w.created_at',
      'i.requester_number', 'i.company_number', 'i.verify_identity', 'i.context', 'i.va_summary', 'q.name as queue_name',
      db.raw(`(select name from users u where u.id = i.requester_user_id) as requester_name`),
      db.raw(`(select name from users u where u.id = (w.manual_offer->>'byUserId')::uuid) as offered_by_name`),
      db.raw(`(select body from messages m where m.interaction_id = i.id and m.direction = 'inbound' order by seq limit 1) as first_message`),
      // The card quotes what they said last: by then "hi" has usually become the question. Opt-out keywords and the
      // virtual agent's commands ("agent") say nothing about it; they count only when there is nothing else.
      db.raw(
        `(select body from messages m where m.interaction_id = i.id and m.direction = 'inbound'
           order by (m.keyword is null and lower(trim(m.body)) <> all(?::text[])) desc, seq desc limit 1) as latest_message`,
        [[...GLOBAL_COMMANDS]],
      ),
    );
  const labelled = await capturedLabeller(db);
  return rows.map((r) => ({
    id: r.offer_id as string,
    interactionId: r.interaction_id as string,
    workItemId: r.work_item_id as string,
    queueId: r.queue_id as string,
    queueName: (r.queue_name as string | null) ?? (r.queue_id as string),
    requesterNumber: r.requester_number as string,
    companyNumber: r.company_number as string,
    firstMessage: (r.first_message as string | null) ?? '',
    latestMessage: (r.latest_message as string | null) ?? '',
    vaSummary: (r.va_summary as string | null) ?? null,
    requesterName: (r.requester_name as string | null) ?? null,
    verifyIdentity: r.verify_identity as boolean,
    context: (r.context as Record<string, string>) ?? {},
    captured: labelled(r.context as Record<string, string> | null),
    waitingSince: (r.created_at as Date).toISOString(),
    offeredAt: (r.offered_at as Date).toISOString(),
    expiresAt: (r.offer_expires_at as Date | null)?.toISOString() ?? null,
    allowReject: mayReject({ allowReject: r.allow_reject ?? true, autoAccept: r.auto_accept ?? false }, { targetAgentId: r.target_agent_id, manualOffer: r.manual_offer }),
    /** MAN-1: the manager who offered it (null: routing did). */
    offeredByName: r.manual_offer ? ((r.offered_by_name as string | null) ?? 'a manager') : null,
  }));
}

/**
 * SPEC §17 (MAN-1): a manager's offer respects the agent's SMS switch and capacity, unless the manager ticked "over
 * capacity" (a person chose; the dispatcher then offers it whatever the load). Refused with what stands in the way.
 */
export async function checkManualOfferRoom(db: Knex, agent: { id: string; name: string }): Promise<void> {
  const [load] = await loadAgents(db, agent.id);
  const sms = load?.channels[SMS_CHANNEL.id];
  if (!load || !sms) throw new ConflictError(`${agent.name} cannot take SMS conversations: tick "over capacity" to offer it anyway`, 'agent_at_capacity');
  if (!sms.available) throw new ConflictError(`${agent.name} has SMS turned off: tick "over capacity" to offer it anyway`, 'agent_channel_off');
  if (fits(load, SMS_CHANNEL.id, SMS_CHANNEL.workItemSize) !== 'ok') {
    throw new ConflictError(
      `${agent.name} has no room for another SMS conversation (${sms.inUse} of ${sms.capacity} in use): tick "over capacity" to offer it anyway`,
      'agent_at_capacity',
    );
  }
}
