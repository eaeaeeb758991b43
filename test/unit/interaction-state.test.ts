import assert from 'node:assert/strict';
import { agentMaySend, transition, TransitionError, type InteractionEvent, type InteractionState } from '../../src/domain/interaction-state';

describe('interaction state machine (SPEC §4)', () => {
  const ok: [string, InteractionState, InteractionEvent, InteractionState][] = [
    ['RI-2 a new interaction queues for live agents', 'new', { type: 'queued' }, 'queued'],
    ['WI-1 a queued item is offered', 'queued', { type: 'offered' }, 'offered'],
    ['WI-3 an offer that times out returns to the queue', 'offered', { type: 'offer_returned' }, 'queued'],
    ['INT-4 accept puts the interaction in progress', 'offered', { type: 'accepted' }, 'work_in_progress'],
    ['accept straight from the queue (manual assignment) also works', 'queued', { type: 'accepted' }, 'work_in_progress'],
    ['hold from work in progress', 'work_in_progress', { type: 'hold' }, 'on_hold'],
    ['resume from hold', 'on_hold', { type: 'resume' }, 'work_in_progress'],
    ['SPEC §4 a requester message into on_hold returns it to work in progress', 'on_hold', { type: 'requester_message' }, 'work_in_progress'],
    ['RI-5 a requester message while queued leaves it queued', 'queued', { type: 'requester_message' }, 'queued'],
    ['RI-3 a requester message with a live agent keeps it in progress', 'work_in_progress', { type: 'requester_message' }, 'work_in_progress'],
    ['end complete', 'work_in_progress', { type: 'end', outcome: 'complete' }, 'closed_complete'],
    ['end abandon from hold', 'on_hold', { type: 'end', outcome: 'abandon' }, 'closed_abandoned'],
  ];
  for (const [name, from, event, to] of ok) {
    it(name, () => assert.equal(transition(from, event), to));
  }

  const refused: [string, InteractionState, InteractionEvent][] = [
    ['RI-6 closed states are final: no requester message reopens one', 'closed_complete', { type: 'requester_message' }],
    ['closed states are final: no second end', 'closed_abandoned', { type: 'end', outcome: 'complete' }],
    ['cannot hold what is on hold', 'on_hold', { type: 'hold' }],
    ['cannot hold a queued interaction', 'queued', { type: 'hold' }],
    ['cannot resume what is not on hold', 'work_in_progress', { type: 'resume' }],
    ['cannot accept an interaction already in progress', 'work_in_progress', { type: 'accepted' }],
  ];
  for (const [name, from, event] of refused) {
    it(name, () => assert.throws(() => transition(from, event), TransitionError));
  }

  it('says in words why a transition is refused', () => {
    assert.throws(() => transition('on_hold', { type: 'hold' }), /cannot hold an interaction that is on hold/);
  });

  it('lets the assignee write only while the interaction is with them', () => {
    assert.deepEqual(
      (['queued', 'offered', 'work_in_progress', 'on_hold', 'wrap_up', 'closed_complete'] as InteractionState[]).filter(agentMaySend),
      ['work_in_progress', 'on_hold', 'wrap_up'],
    );
  });
});
