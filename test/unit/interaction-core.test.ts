import assert from 'node:assert/strict';
import {
  checkAgentMessage, checkTransition, initialSnapshot, nextDeadline, onAssigned, onOffered, onOfferReturned, RejectedCommand,
} from '../../src/workflows/interaction-core';
import type { InteractionSnapshot } from '../../src/workflows/definitions';

function queued(): InteractionSnapshot {
  return { ...initialSnapshot(), interactionId: 'i-1', state: 'queued', workItemId: 'w-1', queueId: 'q' };
}
const offer = { workItemId: 'w-1', offerId: 'o-1', agentId: 'a-1', expiresAt: 5_000 };

describe('interaction core (the workflow’s pure rules)', () => {
  it('an offer for the current work item moves it to offered and sets the offer deadline', () => {
    const s = queued();
    assert.equal(onOffered(s, offer), true);
    assert.equal(s.state, 'offered');
    assert.deepEqual(nextDeadline(s), { at: 5_000, kind: 'offer_timeout' });
  });
  it('a stale offer (another work item, or a closed interaction) is ignored', () => {
    const s = queued();
    assert.equal(onOffered(s, { ...offer, workItemId: 'old' }), false);
    assert.equal(s.state, 'queued');
    s.state = 'closed_complete';
    assert.equal(onOffered(s, offer), false);
  });
  it('a returned offer only clears the offer it names', () => {
    const s = queued();
    onOffered(s, offer);
    assert.equal(onOfferReturned(s, 'w-1', 'other-offer'), false);
    assert.equal(s.state, 'offered');
    assert.equal(onOfferReturned(s, 'w-1', 'o-1'), true);
    assert.equal(s.state, 'queued');
    assert.equal(nextDeadline(s), null);
  });
  it('WI-3 assignment sets the assignee and clears the offer timer', () => {
    const s = queued();
    onOffered(s, offer);
    assert.equal(onAssigned(s, 'w-1', 'a-1'), true);
    assert.equal(s.state, 'work_in_progress');
    assert.equal(s.assignedAgentId, 'a-1');
    assert.equal(nextDeadline(s), null);
  });
  it('REG-2 only the assignee may write; a supervisor flag does not let others write as the agent', () => {
    const s = queued();
    onAssigned(s, 'w-1', 'a-1');
    assert.doesNotThrow(() => checkAgentMessage(s, { interactionId: 'i-1', agentId: 'a-1' }));
    assert.throws(() => checkAgentMessage(s, { interactionId: 'i-1', agentId: 'a-2' }), /only the assigned agent/);
  });
  it('a command for an earlier interaction under the same workflow id is refused', () => {
    const s = queued();
    onAssigned(s, 'w-1', 'a-1');
    assert.throws(() => checkTransition(s, { interactionId: 'i-0', agentId: 'a-1' }, { type: 'hold' }), /has ended/);
  });
  it('a supervisor may end an interaction they do not hold', () => {
    const s = queued();
    onAssigned(s, 'w-1', 'a-1');
    assert.doesNotThrow(() => checkTransition(s, { interactionId: 'i-1', agentId: 'm-1', asSupervisor: true }, { type: 'end', outcome: 'complete' }));
  });
  it('commands on a closed interaction are refused with a RejectedCommand', () => {
    const s = { ...queued(), state: 'closed_complete' as const, assignedAgentId: 'a-1' };
    assert.throws(() => checkTransition(s, { interactionId: 'i-1', agentId: 'a-1' }, { type: 'resume' }), RejectedCommand);
  });
  it('cannot send before the interaction is accepted', () => {
    const s = { ...queued(), assignedAgentId: 'a-1' };
    assert.throws(() => checkAgentMessage(s, { interactionId: 'i-1', agentId: 'a-1' }), /cannot send while the interaction is queued/);
  });
});
