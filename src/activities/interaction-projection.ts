import type { Knex } from 'knex';
import { chooseQueue } from '../routing/condition';
import type { Projection } from '../domain/interaction-decider';
import type { ManualOffer } from '../workflows/definitions';
import { CAPACITY_STATES } from '../domain/interaction-state';
import { OPEN_WORK_ITEM_STATES, type WorkItemCancelReason } from '../domain/work-item';
import { CHANGES_CHANNEL } from '../realtime/pg-change-events';
import { DISPATCH } from '../realtime/post-commit';
import { cancelWorkItem, insertQueuedWorkItem } from '../routing/work-item-store';
import { anyAgentAvailable, decideOffer, recordRoutingEvent, type StoredManualOffer } from '../routing/work-items';
import type { ActivityDeps } from './deps';

// The ONE writer of the columns of `interactions` the workflow owns (docs/decisions.md lists them): state,
// close_reason, closed_at, queue_id, queued_at, assigned_agent_id, accepted_at, projection_version. A write applies only
// over a lower version, and a closed row never changes again, so a retried or late write cannot move it back (RI-6).
const CLOSED = `('closed_complete', 'closed_abandoned')`;

/**
 * Applies the workflow's projection; true if it was newer than what the row holds. The Workspace's change
 * notification rides in the same statement (delivered on commit, and only if the row changed).
 * `version: 'next'` is for runs from before the decider (legacy), which do not count versions.
 */
export async function writeProjection(db: Knex, p: Omit<Projection, 'version'> & { version: number | 'next' }): Promise<boolean> {
  const next = p.version === 'next';
  const { rows } = await db.raw(
    `with projected as (
       update interactions set
              state = :state, close_reason = :closeReason, queue_id = coalesce(:queueId, queue_id),
              assigned_agent_id = :agentId::uuid,
              projection_version = ${next ? 'projection_version + 1' : ':version'},
              queued_at = case when :state = 'queued' then coalesce(queued_at, now()) else queued_at end,
              accepted_at = case when :agentId::uuid is not null then coalesce(accepted_at, now()) else accepted_at end,
              closed_at = case when :state in ${CLOSED} then coalesce(closed_at, now()) else closed_at end,
              updated_at = now()
        where id = :id and state not in ${CLOSED} ${next ? '' : 'and projection_version < :version'}
       returning id
     )
     select id, pg_notify('${CHANGES_CHANNEL}', json_build_object('type', 'interaction', 'id', id)::text) from projected`,
    {
      id: p.interactionId, state: p.state, closeReason: p.closeReason, queueId: p.queueId, agentId: p.assignedAgentId,
      ...(next ? {} : { version: p.version }),
    },
  );
  return rows.length > 0;
}

export function createProject(deps: ActivityDeps) {
  /** Writes the workflow's decision to the read model the Workspace lists from. */
  return async function project(p: Projection): Promise<void> {
    if (await writeProjection(deps.db, p)) afterProjection(deps, p);
  };
}

/** CAP-6: a state that no longer uses the agent's capacity (hold, close) may let waiting work be offered. */
function afterProjection({ db, postCommit }: ActivityDeps, p: Pick<Projection, 'state'>): void {
  if (!CAPACITY_STATES.includes(p.state)) postCommit.after(db, DISPATCH);
}

export interface EnqueueInput {
  workflowId: string;
  workItemId: string;
  /** The queue to use; with `route`, only the fallback when no queue's condition matches. */
  queueId: string | null;
  projection: Projection;
  excludedAgentIds?: string[];
  /** Q-2: evaluate the queues' conditions (a new conversation, a handoff, a reassign); a transfer names its queue. */
  route?: boolean;
  /** TRF-3: offered to this agent only; the transferring agent gets it back if they reject or let it expire. */
  targetAgentId?: string | null;
  transferredBy?: string | null;
}

export interface Enqueued {
  agentsAvailable: boolean;
  /** The queue the item went to. Absent in histories from before issue 16. */
  queueId?: string;
  /** the queue's max wait (0: none) and its own text (null: the system text). */
  maxWaitSeconds?: number;
  maxWaitText?: string | null;
  /** VA-14: the max wait's topic; absent when the queue has none (and in histories from before it). */
  maxWaitTopicId?: string;
  /** the queue's wait triggers; absent when it has none (and in histories from before them). */
  waitTriggers?: { afterSeconds: number; text: string; topicId?: string }[];
}

/** the first active queue whose condition holds for the interaction, else the company number's queue. */
export async function routeToQueue(trx: Knex, interactionId: string, fallback: string | null): Promise<string> {
  const i = await trx('interactions as i')
    .join('company_numbers as c', 'c.number', 'i.company_number')
    .where('i.id', interactionId)
    .first(
      'i.channel_id', 'i.company_number', 'i.requester_number', 'i.requester_user_id', 'i.context', 'c.queue_id as company_queue_id',
      trx.raw(`exists (select 1 from messages m where m.interaction_id = i.id and m.author_kind = 'virtual_agent') as from_va`),
    );
  const queues = await trx('queues').select('id', 'channel_id', 'active', 'position', 'condition');
  const { queueId } = chooseQueue(
    queues.map((q) => ({ id: q.id, channelId: q.channel_id, active: q.active, position: q.position, condition: q.condition })),
    {
      channelId: i.channel_id, companyNumber: i.company_number, requesterNumber: i.requester_number, requesterUserId: i.requester_user_id ?? null,
      context: i.context ?? {}, fromVirtualAgent: Boolean(i.from_va),
    },
    fallback ?? i.company_queue_id,
  );
  return queueId!;
}

/** A queued work item of queue `q` (with its channel's item size, CAP-4), and its "queued" routing event. */
async function insertWorkItem(
  trx: Knex,
  q: { id: string; channel_id: string; work_item_size: number },
  w: {
    id: string; interactionId: string; workflowId: string; previousWorkItemId: string | null; excludedAgentIds: string[]; targetAgentId: string | null;
    transferredBy?: string | null; manualOffer?: StoredManualOffer | null;
    /**
     * The id of an item whose place in line (Q-7) and pools' widening (ELG-2) this one keeps: created a microsecond
     * after it (read in SQL: a JS Date drops the microseconds), so it is still the interaction's newest item.
     */
    inPlaceOf?: string;
  },
): Promise<void> {
  await insertQueuedWorkItem(trx, {
    id: w.id, interaction_id: w.interactionId, workflow_id: w.workflowId, queue_id: q.id, channel_id: q.channel_id,
    rejected_agent_ids: w.excludedAgentIds, size: q.work_item_size, previous_work_item_id: w.previousWorkItemId,
    target_agent_id: w.targetAgentId, transferred_by_agent_id: w.transferredBy ?? null,
    ...(w.manualOffer ? { manual_offer: JSON.stringify(w.manualOffer) } : {}), ...(w.inPlaceOf ? { created_at: trx.raw(`(select created_at + interval '1 microsecond' from work_items where id = ?)`, [w.inPlaceOf]) } : {}),
  });
  await recordRoutingEvent(trx, {
    workItemId: w.id, interactionId: w.interactionId, type: 'queued',
    detail: { queueId: q.id, ...(w.targetAgentId ? { targetAgentId: w.targetAgentId } : {}), ...(w.excludedAgentIds.length ? { excludedAgentIds: w.excludedAgentIds } : {}) },
  });
}

export function createEnqueue(deps: ActivityDeps) {
  /**
   * Queues the interaction for live agents under the work item id the workflow minted (a retry finds it there), and
   * projects the decision, in one transaction. The queue chosen is a fact the workflow learns from the answer.
   */
  return async function enqueue(input: EnqueueInput): Promise<Enqueued> {
    const queue = await deps.db.transaction(async (trx) => {
      const existing = await trx('work_items').where({ id: input.workItemId }).first('queue_id');
      const queueId = existing?.queue_id ?? (input.route || !input.queueId ? await routeToQueue(trx, input.projection.interactionId, input.queueId) : input.queueId);
      const q = await trx('queues as q').join('channels as c', 'c.id', 'q.channel_id').where('q.id', queueId).first('q.*', 'c.work_item_size');
      if (!existing) {
        const previous = await trx('work_items').where({ interaction_id: input.projection.interactionId }).orderBy('created_at', 'desc').first('id');
        await insertWorkItem(trx, q, {
          id: input.workItemId, interactionId: input.projection.interactionId, workflowId: input.workflowId, previousWorkItemId: previous?.id ?? null,
          excludedAgentIds: input.excludedAgentIds ?? [], targetAgentId: input.targetAgentId ?? null, transferredBy: input.transferredBy ?? null,
        });
      }
      await writeProjection(trx, { ...input.projection, queueId });
      return q;
    });
    deps.postCommit.after(deps.db, DISPATCH);
    return {
      agentsAvailable: await anyAgentAvailable(deps.db, queue.id), queueId: queue.id, maxWaitSeconds: queue.max_wait_seconds, maxWaitText: queue.max_wait_text ?? null,
      ...(queue.wait_triggers?.length ? { waitTriggers: queue.wait_triggers as Enqueued['waitTriggers'] } : {}),
      ...(queue.max_wait_topic_id ? { maxWaitTopicId: queue.max_wait_topic_id as string } : {}),
    };
  };
}

export function createClose(deps: ActivityDeps) {
  /** Cancels any open work item (withdrawing its offer) and projects the close, in one transaction. */
  return async function close(input: { projection: Pick<Projection, 'interactionId' | 'state' | 'closeReason' | 'queueId' | 'assignedAgentId'> & { version: number | 'next' } }): Promise<void> {
    const p = input.projection;
    await deps.db.transaction(async (trx) => {
      // WI-5: the document left the channel's condition (it closed).
      await cancelOpenWork(trx, p.interactionId, 'closed');
      await writeProjection(trx, p);
    });
    afterProjection(deps, p);
  };
}

export function createLeaveQueue(deps: ActivityDeps) {
  /**
   * VA-14: a wait trigger sent the requester back to the virtual agent: the open work item is canceled (its offer
   * withdrawn from the agent's inbox) and the interaction projected with the virtual agent, in one transaction.
   */
  return async function leaveQueue(input: { projection: Projection }): Promise<void> {
    const p = input.projection;
    await deps.db.transaction(async (trx) => {
      await cancelOpenWork(trx, p.interactionId, 'left_queue');
      await writeProjection(trx, p);
    });
    afterProjection(deps, p);
  };
}

/** Cancels the interaction's open work item (Q-6, WI-5 with `reason`), withdrawing its offer. */
export async function cancelOpenWork(trx: Knex, interactionId: string, reason: WorkItemCancelReason): Promise<string[]> {
  const open = await trx('work_items').where({ interaction_id: interactionId }).whereIn('state', OPEN_WORK_ITEM_STATES).forUpdate();
  for (const item of open) {
    await cancelWorkItem(trx, item, reason);
    if (item.offer_id) await decideOffer(trx, item.offer_id, 'withdrawn');
    await recordRoutingEvent(trx, { workItemId: item.id, interactionId, type: 'canceled', detail: { reason } });
  }
  return open.map((i) => i.offered_agent_id as string | null).filter((a): a is string => a !== null);
}

/** The interaction's open work item (queued or offered), locked, if it has one. */
async function openWorkItem(trx: Knex, interactionId: string) {
  return trx('work_items').where({ interaction_id: interactionId }).whereIn('state', OPEN_WORK_ITEM_STATES).orderBy('created_at', 'desc').forUpdate().first();
}

export function createAssignDirect(deps: ActivityDeps) {
  /**
   * MAN-1/Q-6: a manager gives the interaction to an agent: any open work item is canceled ("manually assigned"),
   * the event records who did it, from whom to whom and the work item it replaced (EV-1), and the assignment is
   * projected, in one transaction.
   */
  return async function assignDirect(input: { projection: Projection; agentId: string; byUserId: string; previousAgentId: string | null }): Promise<void> {
    const p = input.projection;
    await deps.db.transaction(async (trx) => {
      const open = await openWorkItem(trx, p.interactionId);
      const offered = await cancelOpenWork(trx, p.interactionId, 'manually_assigned');
      await trx('agent_presence').where({ user_id: input.agentId }).update({ last_assigned_at: trx.fn.now() });
      await recordManualAssignment(trx, { interactionId: p.interactionId, agentId: input.agentId, byUserId: input.byUserId, previousAgentId: input.previousAgentId, open });
      for (const agentId of new Set([input.agentId, ...offered, ...(input.previousAgentId ? [input.previousAgentId] : [])])) {
        deps.postCommit.after(trx, { type: 'capacity', agentId });
      }
      await writeProjection(trx, p);
    });
    deps.postCommit.after(deps.db, DISPATCH); // CAP-6: the previous agent's capacity is free
  };
}

/** EV-1: "Manual assignment": the manager, the previous agent (the assignee, else whom the open item was offered to), the new agent and the work item replaced. */
async function recordManualAssignment(
  trx: Knex,
  e: { interactionId: string; agentId: string; byUserId: string; previousAgentId: string | null; open: Record<string, unknown> | undefined; workItemId?: string; offer?: ManualOffer },
): Promise<void> {
  await recordRoutingEvent(trx, {
    interactionId: e.interactionId, workItemId: e.workItemId ?? null, type: 'manually_assigned', agentId: e.agentId,
    detail: {
      byUserId: e.byUserId, previousAgentId: e.previousAgentId ?? (e.open?.offered_agent_id as string | null | undefined) ?? null,
      previousWorkItemId: (e.open?.id as string | undefined) ?? null, ...(e.offer ? { offer: e.offer } : {}),
    },
  });
}

export function createOfferDirect(deps: ActivityDeps) {
  /**
   * MAN-1 as an offer: the open work item is canceled ("manually assigned") and a new one, in the same queue and
   * keeping its place in line and the agents who rejected it (WI-7), is queued for `agentId` only with the manager's
   * options; the event and the projection go in the same transaction. The dispatcher makes the offer.
   */
  return async function offerDirect(input: {
    workflowId: string; workItemId: string; agentId: string; byUserId: string; queueId: string | null; offer: ManualOffer; projection: Projection;
  }): Promise<void> {
    const p = input.projection;
    await deps.db.transaction(async (trx) => {
      if (!(await trx('work_items').where({ id: input.workItemId }).first('id'))) {
        const open = await openWorkItem(trx, p.interactionId);
        const offered = await cancelOpenWork(trx, p.interactionId, 'manually_assigned');
        const queueId = input.queueId ?? (open?.queue_id as string | undefined) ?? (await routeToQueue(trx, p.interactionId, null));
        const q = await trx('queues as q').join('channels as c', 'c.id', 'q.channel_id').where('q.id', queueId).first('q.id', 'q.channel_id', 'c.work_item_size');
        await insertWorkItem(trx, q, {
          id: input.workItemId, interactionId: p.interactionId, workflowId: input.workflowId, previousWorkItemId: (open?.id as string | undefined) ?? null,
          excludedAgentIds: ((open?.rejected_agent_ids as string[] | undefined) ?? []).filter((a) => a !== input.agentId), targetAgentId: input.agentId,
          manualOffer: { ...input.offer, byUserId: input.byUserId }, inPlaceOf: open?.id as string | undefined,
        });
        await recordManualAssignment(trx, {
          interactionId: p.interactionId, workItemId: input.workItemId, agentId: input.agentId, byUserId: input.byUserId, previousAgentId: null, open, offer: input.offer,
        });
        for (const agentId of new Set(offered)) deps.postCommit.after(trx, { type: 'capacity', agentId });
      }
      await writeProjection(trx, p);
    });
    deps.postCommit.after(deps.db, DISPATCH);
  };
}

export function createRecordRoutingEvent({ db }: ActivityDeps) {
  /** EV-1: a routing event the workflow decided (a transfer, a reassign, a transfer that came back). */
  return async function recordRoutingEventActivity(input: { interactionId: string; type: string; agentId?: string | null; detail?: object }): Promise<void> {
    await recordRoutingEvent(db, input);
  };
}
