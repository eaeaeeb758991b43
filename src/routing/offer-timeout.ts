// Pure: what an offer's timeout does to the agent's presence (ASG-3, WI-3, PRS-5), and whether an offer may be
// rejected (ASG-3: "allow reject"; rejection is meaningless with auto-accept).
import type { PresenceStatus } from './rank-agents';

export const OFFER_TIMEOUT_PRESENCES = ['available', 'away', 'offline'] as const satisfies readonly PresenceStatus[];

const RANK: Record<PresenceStatus, number> = { available: 2, away: 1, offline: 0 };

/**
 * ASG-3: the queue's timeout presence state is applied to the agent whose offer timed out, but never raises them:
 * an agent who went Offline meanwhile is not brought back to Away, and "available" leaves them as they are.
 * Returns the new presence, or null when nothing changes.
 */
export function presenceAfterOfferTimeout(current: PresenceStatus, timeoutPresence: PresenceStatus): PresenceStatus | null {
  return RANK[timeoutPresence] < RANK[current] ? timeoutPresence : null;
}

/**
 * ASG-3: the queue decides whether its offers may be rejected; a transfer to one agent always may (TRF-3); a manager's
 * offer (MAN-1) as the manager said ("allowed to decline").
 */
export function mayReject(queue: { allowReject: boolean; autoAccept: boolean }, item: { targetAgentId: string | null; manualOffer?: { allowReject: boolean } | null }): boolean {
  if (item.manualOffer) return item.manualOffer.allowReject;
  if (item.targetAgentId) return true;
  return queue.allowReject && !queue.autoAccept;
}

/**
 * What becomes of a work item whose offer ended unaccepted (rejected or expired): a transfer to one agent is canceled,
 * and the conversation goes back to the transferring agent (TRF-3, ref Q25); a manager's offer goes back to routing,
 * for anyone eligible (MAN-1); a routed offer back to its queue (WI-3/WI-4).
 */
export function afterUnacceptedOffer(item: { targetAgentId: string | null; manualOffer?: object | null }): 'transfer_rejected' | 'requeued' {
  return item.targetAgentId && !item.manualOffer ? 'transfer_rejected' : 'requeued';
}
