import assert from 'node:assert/strict';
import { ConflictError } from '../../src/domain/errors';
import {
  isFinalWorkItemState, transitionWorkItem, WORK_ITEM_STATES, workItemFromStates, WorkItemTransitionError,
  type WorkItemEvent, type WorkItemFrom, type WorkItemState,
} from '../../src/domain/work-item';

// The work item's state machine (SPEC §5 "Offers", WI-1…7 in the reference): each row names the rule it follows.
describe('work item transitions (SPEC §5, WI-1…7)', () => {
  const ok: [string, WorkItemFrom, WorkItemEvent, WorkItemState][] = [
    ['WI-1 a new work item waits in its queue', null, { type: 'enqueue' }, 'queued'],
    ['WI-1/ASG-8 a queued item is offered to one agent', 'queued', { type: 'offer' }, 'offered'],
    ['ASG-4 auto-accept accepts a queued item on the agent\'s behalf', 'queued', { type: 'auto_accept' }, 'accepted'],
    ['WI-4 the offered agent accepts the open offer', 'offered', { type: 'accept' }, 'accepted'],
    ['WI-2 a rejected offer goes back to the queue for re-offer', 'offered', { type: 'reject', transfer: false }, 'queued'],
    ['MAN-1 a rejected manager\'s offer goes back to routing', 'offered', { type: 'reject', transfer: false }, 'queued'],
    ['TRF-3 a rejected transfer to one agent is canceled', 'offered', { type: 'reject', transfer: true }, 'canceled'],
    ['WI-3 an offer that times out returns the item to the queue', 'offered', { type: 'time_out', transfer: false }, 'queued'],
    ['TRF-3 a transfer to one agent that times out is canceled', 'offered', { type: 'time_out', transfer: true }, 'canceled'],
    ['WI-5 closing the interaction cancels its queued item', 'queued', { type: 'cancel', reason: 'closed' }, 'canceled'],
    ['WI-5 closing the interaction cancels its offered item (the offer is withdrawn)', 'offered', { type: 'cancel', reason: 'closed' }, 'canceled'],
    ['Q-6 a manual assignment cancels the queued item', 'queued', { type: 'cancel', reason: 'manually_assigned' }, 'canceled'],
    ['MAN-1 a manager\'s offer cancels the open offer it replaces', 'offered', { type: 'cancel', reason: 'manually_assigned' }, 'canceled'],
    ['VA-14 a wait trigger back to the virtual agent cancels the queued item', 'queued', { type: 'cancel', reason: 'left_queue' }, 'canceled'],
  ];
  for (const [name, from, event, to] of ok) {
    it(name, () => assert.equal(transitionWorkItem(from, event), to));
  }

  const refused: [string, WorkItemFrom, WorkItemEvent][] = [
    ['WI-1 an item is enqueued once: a second enqueue of a queued item is refused', 'queued', { type: 'enqueue' }],
    ['ASG-8 an item is offered to one agent at a time: no second offer while one is open', 'offered', { type: 'offer' }],
    ['ASG-4 auto-accept applies only to a queued item', 'offered', { type: 'auto_accept' }],
    ['WI-4 a queued item (no open offer) cannot be accepted', 'queued', { type: 'accept' }],
    ['WI-6 an item already accepted cannot be accepted again', 'accepted', { type: 'accept' }],
    ['WI-6 a canceled item cannot be accepted (the offer was withdrawn)', 'canceled', { type: 'accept' }],
    ['WI-2 a queued item (no open offer) cannot be rejected', 'queued', { type: 'reject', transfer: false }],
    ['WI-6 an accepted item cannot be rejected', 'accepted', { type: 'reject', transfer: false }],
    ['WI-3 only an open offer times out', 'queued', { type: 'time_out', transfer: false }],
    ['WI-3 an accepted offer no longer times out', 'accepted', { type: 'time_out', transfer: true }],
    ['WI-6 an accepted item cannot be canceled', 'accepted', { type: 'cancel', reason: 'closed' }],
    ['WI-6 a canceled item is final: no second cancel', 'canceled', { type: 'cancel', reason: 'manually_assigned' }],
    ['WI-6 a canceled item is never offered again', 'canceled', { type: 'offer' }],
    ['WI-1 before the row exists, only enqueue applies', null, { type: 'offer' }],
  ];
  for (const [name, from, event] of refused) {
    it(name, () => assert.throws(() => transitionWorkItem(from, event), WorkItemTransitionError));
  }

  it('WI-6 refuses with a clear conflict (the api answers 409) that names the move and the state', () => {
    assert.throws(
      () => transitionWorkItem('accepted', { type: 'accept' }),
      (e: unknown) => e instanceof ConflictError && e.kind === 'conflict' && e.code === 'work_item_state' && /cannot accept a work item that is accepted/.test(e.message),
    );
  });

  it('WI-1/WI-5 accepted and canceled are final: no event moves them', () => {
    assert.deepEqual(WORK_ITEM_STATES.filter(isFinalWorkItemState), ['accepted', 'canceled']);
    const events: WorkItemEvent[] = [
      { type: 'enqueue' }, { type: 'offer' }, { type: 'auto_accept' }, { type: 'accept' }, { type: 'reject', transfer: false },
      { type: 'time_out', transfer: false }, { type: 'cancel', reason: 'closed' },
    ];
    for (const state of ['accepted', 'canceled'] as const) {
      for (const event of events) assert.throws(() => transitionWorkItem(state, event), WorkItemTransitionError, `${state} + ${event.type}`);
    }
  });

  it('gives each event the from-set its conditional UPDATE names (the writer\'s `where state in (…)`)', () => {
    assert.deepEqual(workItemFromStates('offer'), ['queued']);
    assert.deepEqual(workItemFromStates('accept'), ['offered']);
    assert.deepEqual(workItemFromStates('reject'), ['offered']);
    assert.deepEqual(workItemFromStates('time_out'), ['offered']);
    assert.deepEqual(workItemFromStates('cancel'), ['queued', 'offered']);
  });
});
