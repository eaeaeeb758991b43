// Workflow-safe (no Node imports). Issue 22: an open interaction whose workflow is not running (an orphan) is adopted
// by a new run of its pair's workflow, which starts from what the read model says of it. Pure, so the sweep that finds
// the orphan and the tests agree on what the new run is given.
import type { InteractionSnapshot, Offer } from './interaction/state';
import { isClosed, type InteractionState } from './interaction-state';

export interface OrphanRow {
  interactionId: string;
  state: InteractionState;
  queueId: string | null;
  assignedAgentId: string | null;
  projectionVersion: number;
}

export interface OpenWorkItemRow {
  workItemId: string;
  state: 'queued' | 'offered';
  offerId: string | null;
  offeredAgentId: string | null;
  offerExpiresAt: number | null;
}

/**
 * The snapshot a new run adopts the orphan with: its state, queue, assignee and open work item (with the pending offer,
 * so the offer timer runs again), the projection version it continues from, and a take-in first, so the texts nobody
 * claimed while it had no workflow join it. `queueAgain` (see `needsWorkItem`): it waits in the queue again, nobody
 * assigned, for the caller to give it a work item.
 */
export function adoptionSnapshot(
  row: OrphanRow, item: OpenWorkItemRow | null, now: number, opts: { queueAgain?: boolean } = {},
): Partial<InteractionSnapshot> {
  if (isClosed(row.state)) throw new Error(`interaction ${row.interactionId} is closed: there is nothing to adopt`);
  if (opts.queueAgain) {
    // Routed again by the caller (a new work item): queued, with nobody assigned.
    return { ...adoptionSnapshot({ ...row, state: 'work_in_progress', assignedAgentId: null }, null, now), state: 'queued' };
  }
  if (needsWorkItem(row, item)) throw new Error(`interaction ${row.interactionId} waits for live agents without a work item: queue it first`);
  // `new` with an open item: the run queued it (the item exists) and ended before it projected `queued`.
  const waiting = row.state === 'queued' || row.state === 'offered' || (row.state === 'new' && item !== null);
  const offer: Offer | null =
    waiting && item?.state === 'offered' && item.offerId && item.offeredAgentId
      ? { workItemId: item.workItemId, offerId: item.offerId, agentId: item.offeredAgentId, expiresAt: item.offerExpiresAt }
      : null;
  return {
    interactionId: row.interactionId,
    // An item offered after the read model last said "queued" (or returned since) decides which of the two it is.
    state: waiting ? (offer ? 'offered' : 'queued') : row.state,
    queueId: row.queueId,
    assignedAgentId: row.assignedAgentId,
    workItemId: waiting ? (item?.workItemId ?? null) : null,
    offer,
    outbox: [],
    inboundPending: true,
    runs: 0,
    closeReason: null,
    version: row.projectionVersion,
    participants: [],
    va: null,
    lastInboundAt: now,
  };
}

/**
 * An orphan that waits for live agents (or was never routed: `new`) with no open work item would wait for good, and
 * one with the virtual agent lost its session (not in the read model): both are queued for live agents (VA-10: what the
 * virtual agent cannot go on with, a person takes).
 */
export function needsWorkItem(row: Pick<OrphanRow, 'state'>, item: OpenWorkItemRow | null): boolean {
  return row.state === 'virtual_agent' || ((row.state === 'new' || row.state === 'queued' || row.state === 'offered') && item === null);
}
