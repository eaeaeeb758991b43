import type { InteractionSnapshot } from './state';

/** A run's snapshot before its first text. */
export function initialSnapshot(): InteractionSnapshot {
  return {
    interactionId: null,
    state: 'new',
    queueId: null,
    assignedAgentId: null,
    workItemId: null,
    offer: null,
    outbox: [],
    inboundPending: true,
    runs: 0,
    closeReason: null,
    version: 0,
    va: null,
  };
}
