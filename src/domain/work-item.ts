// Workflow-safe (no Node imports): the work item's state machine (WI-1…7, ASG-4, ASG-8, TRF-3, MAN-1, Q-6).
// Routing applies it through its one writer of `work_items.state` (src/routing/work-item-store.ts).
import { ConflictError } from './errors';

/** The `work_items.state` values (the column's check constraint). */
export const WORK_ITEM_STATES = ['queued', 'offered', 'accepted', 'canceled'] as const;
export type WorkItemState = (typeof WORK_ITEM_STATES)[number];

/** An open item waits in its queue or on an offer; an interaction has at most one (a unique index holds it). */
export const OPEN_WORK_ITEM_STATES = ['queued', 'offered'] as const satisfies readonly WorkItemState[];

/**
 * WI-5: why an item was canceled (`work_items.canceled_reason`): the interaction closed, left the queue for a virtual
 * agent (VA-14), was assigned or offered by a manager (Q-6, MAN-1), or a transfer to one agent was not accepted (TRF-3).
 */
export const WORK_ITEM_CANCEL_REASONS = ['closed', 'left_queue', 'manually_assigned', 'transfer_rejected'] as const;
export type WorkItemCancelReason = (typeof WORK_ITEM_CANCEL_REASONS)[number];

/**
 * What moves a work item. A transfer or a reassign does not move the accepted item: it enqueues a new one that names
 * it as its previous item (WI-9). `transfer` on an unaccepted offer says the item was a transfer to one agent
 * (`afterUnacceptedOffer` in routing decides it): it is canceled instead of going back to the queue (TRF-3).
 */
export type WorkItemEvent =
  | { type: 'enqueue' }
  | { type: 'offer' }
  | { type: 'auto_accept' }
  | { type: 'accept' }
  | { type: 'reject'; transfer: boolean }
  | { type: 'time_out'; transfer: boolean }
  | { type: 'cancel'; reason: WorkItemCancelReason };
export type WorkItemEventType = WorkItemEvent['type'];

/** `null`: no row yet (only `enqueue` applies). */
export type WorkItemFrom = WorkItemState | null;

/** WI-6: a move the item's current state does not allow, refused with a clear error (a conflict: the api's 409). */
export class WorkItemTransitionError extends ConflictError {
  constructor(
    readonly from: WorkItemFrom,
    readonly event: WorkItemEventType,
  ) {
    super(`cannot ${WORDS[event]} a work item that is ${from ?? 'not created yet'}`, 'work_item_state');
  }
}

const WORDS: Record<WorkItemEventType, string> = {
  enqueue: 'enqueue', offer: 'offer', auto_accept: 'auto-accept', accept: 'accept', reject: 'reject',
  time_out: 'time out the offer of', cancel: 'cancel',
};

/** Back to the queue for the next agent (WI-2, WI-3, MAN-1), or canceled when it was a transfer to one agent (TRF-3). */
const afterUnaccepted = (e: WorkItemEvent): WorkItemState => ('transfer' in e && e.transfer ? 'canceled' : 'queued');

/** The table: for each event, the states it applies from and the state it leads to. Anything else is refused. */
const TABLE: { readonly [T in WorkItemEventType]: { from: readonly WorkItemFrom[]; to: (e: Extract<WorkItemEvent, { type: T }>) => WorkItemState } } = {
  // WI-1: a new item waits in its queue (a first routing, a transfer, a reassign, a manager's offer).
  enqueue: { from: [null], to: () => 'queued' },
  // WI-1, ASG-8: a queued item is offered to exactly one agent at a time; never a second offer while one is open.
  offer: { from: ['queued'], to: () => 'offered' },
  // ASG-4: the queue accepts on the agent's behalf: offered and accepted in one step.
  auto_accept: { from: ['queued'], to: () => 'accepted' },
  // WI-4: only an open offer (Pending Accept) may be accepted.
  accept: { from: ['offered'], to: () => 'accepted' },
  // WI-2, TRF-3: only an open offer may be rejected.
  reject: { from: ['offered'], to: afterUnaccepted },
  // WI-3, TRF-3: only an open offer times out.
  time_out: { from: ['offered'], to: afterUnaccepted },
  // WI-5, Q-6, VA-14: an open item is canceled; accepted and canceled are final.
  cancel: { from: OPEN_WORK_ITEM_STATES, to: () => 'canceled' },
};

/** The states `event` applies from: what a conditional UPDATE's `where state in (…)` names. */
export function workItemFromStates(event: WorkItemEventType): readonly WorkItemFrom[] {
  return TABLE[event].from;
}

/** The next state, or a WorkItemTransitionError (WI-6) when the event is not allowed in this state. */
export function transitionWorkItem(from: WorkItemFrom, event: WorkItemEvent): WorkItemState {
  const row = TABLE[event.type] as { from: readonly WorkItemFrom[]; to: (e: WorkItemEvent) => WorkItemState };
  if (!row.from.includes(from)) throw new WorkItemTransitionError(from, event.type);
  return row.to(event);
}

/** Whether the state is final: nothing moves an accepted or canceled item again. */
export function isFinalWorkItemState(state: WorkItemState): boolean {
  return !(OPEN_WORK_ITEM_STATES as readonly WorkItemState[]).includes(state);
}
