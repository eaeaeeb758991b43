// Frozen for the v2 workflow (issue 26: legacy/ imports nothing live): the state machine as v2 histories ran it.
// Workflow-safe (no Node imports): the interaction state machine of SPEC §4.

export const INTERACTION_STATES = [
  'new', 'virtual_agent', 'queued', 'offered', 'work_in_progress', 'on_hold', 'wrap_up', 'closed_complete',
  'closed_abandoned',
] as const;
export type InteractionState = (typeof INTERACTION_STATES)[number];

export const CLOSE_REASONS = [
  'user_ended', 'agent_ended', 'auto_closed', 'no_user_response', 'no_activity', 'left_before_engagement',
  'topic_complete', 'error',
] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

export function isClosed(state: InteractionState): boolean {
  return state === 'closed_complete' || state === 'closed_abandoned';
}

// CAP-5/CAP-6, SCH-6: states that consume the assignee's capacity; on_hold does not.
export const CAPACITY_STATES: readonly InteractionState[] = ['new', 'work_in_progress', 'wrap_up'];

export type InteractionEvent =
  | { type: 'virtual_agent' }
  | { type: 'queued' }
  | { type: 'offered' }
  | { type: 'offer_returned' } // rejected or timed out: back in the queue
  | { type: 'accepted' }
  | { type: 'hold' }
  | { type: 'resume' }
  | { type: 'requester_message' }
  | { type: 'end'; outcome: 'complete' | 'abandon' };

export class TransitionError extends Error {
  constructor(
    readonly from: InteractionState,
    readonly event: InteractionEvent['type'],
  ) {
    super(`cannot ${event.replace('_', ' ')} an interaction that is ${from.replace(/_/g, ' ')}`);
    this.name = 'TransitionError';
  }
}

/** The next state, or a TransitionError when the event is not allowed in this state. */
export function transition(from: InteractionState, event: InteractionEvent): InteractionState {
  if (isClosed(from)) throw new TransitionError(from, event.type);
  switch (event.type) {
    case 'virtual_agent':
      // VA-14: a queue's wait trigger may send a waiting requester back to a virtual agent topic.
      if (from === 'new' || from === 'queued' || from === 'offered') return 'virtual_agent';
      break;
    case 'queued':
      if (from === 'new' || from === 'virtual_agent' || from === 'work_in_progress' || from === 'on_hold') return 'queued';
      break;
    case 'offered':
      if (from === 'queued' || from === 'offered') return 'offered';
      break;
    case 'offer_returned':
      if (from === 'offered' || from === 'queued') return 'queued';
      break;
    case 'accepted':
      if (from === 'queued' || from === 'offered') return 'work_in_progress';
      break;
    case 'hold':
      if (from === 'work_in_progress') return 'on_hold';
      break;
    case 'resume':
      if (from === 'on_hold') return 'work_in_progress';
      break;
    case 'requester_message':
      // SPEC §4: a requester message into an on_hold interaction moves it back to work_in_progress.
      return from === 'on_hold' ? 'work_in_progress' : from;
    case 'end':
      return event.outcome === 'complete' ? 'closed_complete' : 'closed_abandoned';
  }
  throw new TransitionError(from, event.type);
}

/** States in which the assigned agent may write to the requester. */
export function agentMaySend(state: InteractionState): boolean {
  return state === 'work_in_progress' || state === 'on_hold' || state === 'wrap_up';
}
