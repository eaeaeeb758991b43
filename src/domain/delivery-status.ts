// Workflow-safe. Provider status callbacks arrive out of order and duplicated (twilio.md §3): rank them and
// never move backwards, and never leave a final state for a non-final one.

export const DELIVERY_STATUSES = [
  'pending', 'sending', 'accepted', 'scheduled', 'queued', 'sent', 'delivered', 'undelivered', 'failed', 'canceled',
  'read', 'received',
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

const RANK: Record<DeliveryStatus, number> = {
  pending: 0,
  sending: 1,
  accepted: 2,
  scheduled: 2,
  queued: 3,
  sent: 4,
  delivered: 5,
  undelivered: 5,
  failed: 5,
  canceled: 5,
  read: 6,
  received: 5,
};

export const FINAL_STATUSES: readonly DeliveryStatus[] = ['delivered', 'undelivered', 'failed', 'canceled', 'read', 'received'];

export function isDeliveryStatus(s: string): s is DeliveryStatus {
  return (DELIVERY_STATUSES as readonly string[]).includes(s);
}

/** Whether a message currently in `current` should move to `next`. */
export function shouldAdvance(current: DeliveryStatus, next: DeliveryStatus): boolean {
  if (current === next) return false;
  // `read` may follow `delivered`; nothing else leaves a final state.
  if (FINAL_STATUSES.includes(current)) return current === 'delivered' && next === 'read';
  return RANK[next] > RANK[current];
}

/** Statuses that rank together; used by SQL so the rule lives here only. */
export function statusesBelow(next: DeliveryStatus): DeliveryStatus[] {
  return DELIVERY_STATUSES.filter((s) => shouldAdvance(s, next));
}
