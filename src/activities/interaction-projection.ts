import type { Knex } from 'knex';
import type { Projection } from '../domain/interaction-decider';
import { CAPACITY_STATES } from '../domain/interaction-state';
import { CHANGES_CHANNEL } from '../realtime/pg-change-events';
import { decideOffer, recordRoutingEvent } from '../routing/work-items';
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
function afterProjection({ dispatcher }: ActivityDeps, p: Pick<Projection, 'state'>): void {
  if (!CAPACITY_STATES.includes(p.state)) dispatcher.kick();
}

export function createEnqueue(deps: ActivityDeps) {
  /**
   * Queues the interaction for live agents under the work item id the workflow minted (a retry finds it there), and
   * projects the decision, in one transaction.
   */
  return async function enqueue(input: { workflowId: string; workItemId: string; queueId: string; projection: Projection }): Promise<void> {
    await deps.db.transaction(async (trx) => {
      const inserted = await trx('work_items')
        .insert({ id: input.workItemId, interaction_id: input.projection.interactionId, workflow_id: input.workflowId, queue_id: input.queueId, channel_id: 'sms', state: 'queued' })
        .onConflict('id')
        .ignore()
        .returning('id');
      if (inserted.length > 0) {
        await recordRoutingEvent(trx, { workItemId: input.workItemId, interactionId: input.projection.interactionId, type: 'queued', detail: { queueId: input.queueId } });
      }
      await writeProjection(trx, input.projection);
    });
    deps.dispatcher.kick();
  };
}

export function createClose(deps: ActivityDeps) {
  /** Cancels any open work item (withdrawing its offer) and projects the close, in one transaction. */
  return async function close(input: { projection: Pick<Projection, 'interactionId' | 'state' | 'closeReason' | 'queueId' | 'assignedAgentId'> & { version: number | 'next' } }): Promise<void> {
    const p = input.projection;
    await deps.db.transaction(async (trx) => {
      const open = await trx('work_items').where({ interaction_id: p.interactionId }).whereIn('state', ['queued', 'offered']).forUpdate();
      for (const item of open) {
        await trx('work_items').where({ id: item.id }).update({ state: 'canceled', updated_at: trx.fn.now() });
        if (item.offer_id) await decideOffer(trx, item.offer_id, 'withdrawn');
        await recordRoutingEvent(trx, { workItemId: item.id, interactionId: p.interactionId, type: 'canceled', detail: { reason: p.closeReason } });
      }
      await writeProjection(trx, p);
    });
    afterProjection(deps, p);
  };
}
