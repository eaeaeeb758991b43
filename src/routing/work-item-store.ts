import type { Knex } from 'knex';
import { ConflictError } from '../domain/errors';
import {
  transitionWorkItem, workItemFromStates, type WorkItemCancelReason, type WorkItemEvent, type WorkItemState,
} from '../domain/work-item';

// The ONE writer of `work_items.state` (test/unit/state-writers.test.ts fails if another appears). Every move is
// checked by the pure table (src/domain/work-item.ts), then written by one UPDATE whose `where state in (…)` is the
// table's from-set for the event: the callers hold the row's lock (`for update`) and read its state under it, so the
// check costs no round trip and the statement stays race-safe even for a caller that did not.

/** The row the caller read under its lock: its id and current state. */
export interface LockedWorkItem {
  id: string;
  state: WorkItemState;
}

/** The columns of a new work item; its state is the table's (`enqueue`: queued), never the caller's. */
export type NewWorkItemColumns = Record<string, unknown> & { state?: never };

/** WI-1: a new work item waits in its queue. */
export async function insertQueuedWorkItem(trx: Knex, columns: NewWorkItemColumns): Promise<void> {
  await trx('work_items').insert({ ...columns, state: transitionWorkItem(null, { type: 'enqueue' }) });
}

/** WI-1/ASG-8: offered to one agent; ASG-4: with auto-accept, accepted on their behalf in the same write. */
export async function offerWorkItem(
  trx: Knex, item: LockedWorkItem, o: { autoAccept: boolean; agentId: string; offerId: string; expiresAt: Date | null },
): Promise<WorkItemState> {
  return move(trx, item, { type: o.autoAccept ? 'auto_accept' : 'offer' }, {
    offered_agent_id: o.agentId, offer_id: o.offerId, offered_at: trx.fn.now(), offer_expires_at: o.expiresAt,
    offer_count: trx.raw('offer_count + 1'), last_decision: null,
  });
}

/** WI-4: the offered agent accepted. */
export async function acceptWorkItem(trx: Knex, item: LockedWorkItem): Promise<WorkItemState> {
  return move(trx, item, { type: 'accept' }, {});
}

/**
 * WI-2/WI-3: an offer ended unaccepted (rejected, or timed out). The offer's columns are cleared; a transfer to one
 * agent is canceled (TRF-3); any other goes back to the queue, and a manager's offer (MAN-1) becomes an ordinary
 * queued item for routing. WI-7: `excludeAgentId` is never offered this item again.
 */
export async function returnUnacceptedOffer(
  trx: Knex, item: LockedWorkItem, how: 'reject' | 'time_out', o: { transfer: boolean; excludeAgentId?: string },
): Promise<WorkItemState> {
  const cleared = { offered_agent_id: null, offer_id: null, offered_at: null, offer_expires_at: null };
  return move(trx, item, { type: how, transfer: o.transfer }, {
    ...cleared,
    ...(o.transfer ? { canceled_reason: 'transfer_rejected' satisfies WorkItemCancelReason } : { target_agent_id: null, manual_offer: null }),
    ...(o.excludeAgentId ? { rejected_agent_ids: trx.raw('array_append(rejected_agent_ids, ?::uuid)', [o.excludeAgentId]) } : {}),
  });
}

/** WI-5, Q-6, VA-14: an open item is canceled with its reason. */
export async function cancelWorkItem(trx: Knex, item: LockedWorkItem, reason: WorkItemCancelReason): Promise<WorkItemState> {
  return move(trx, item, { type: 'cancel', reason }, { canceled_reason: reason });
}

async function move(trx: Knex, item: LockedWorkItem, event: WorkItemEvent, columns: Record<string, unknown>): Promise<WorkItemState> {
  const to = transitionWorkItem(item.state, event);
  const from = workItemFromStates(event.type).filter((s): s is WorkItemState => s !== null);
  const changed = await trx('work_items').where({ id: item.id }).whereIn('state', from).update({ ...columns, state: to, updated_at: trx.fn.now() });
  // Only when the caller's read was not under the row's lock: the state it saw is gone (WI-6).
  if (changed !== 1) throw new ConflictError(`work item ${item.id} is no longer ${from.join(' or ')}: it changed meanwhile`, 'work_item_state');
  return to;
}
