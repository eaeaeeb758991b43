import assert from 'node:assert/strict';
import { afterUnacceptedOffer, mayReject, presenceAfterOfferTimeout } from '../../../src/routing/offer-timeout';
import type { PresenceStatus } from '../../../src/routing/rank-agents';

describe('offer options (ASG-3)', () => {
  const timeouts: [string, PresenceStatus, PresenceStatus, PresenceStatus | null][] = [
    ['ASG-3/WI-3 the default: an Available agent who lets an offer time out becomes Away', 'available', 'away', 'away'],
    ['ASG-3 a queue whose timeout presence is Offline moves them Offline', 'available', 'offline', 'offline'],
    ['ASG-3 a queue whose timeout presence is Available leaves them Available', 'available', 'available', null],
    ['ASG-3 never raises: an agent who went Offline meanwhile stays Offline', 'offline', 'away', null],
    ['ASG-3 an Away agent and an Offline timeout presence: Offline', 'away', 'offline', 'offline'],
    ['ASG-3 an Away agent and an Away timeout presence: no change (no history row)', 'away', 'away', null],
  ];
  for (const [name, current, option, expected] of timeouts) it(name, () => assert.equal(presenceAfterOfferTimeout(current, option), expected));

  const rejects: [string, { allowReject: boolean; autoAccept: boolean }, string | null, boolean][] = [
    ['ASG-3 a queue that allows rejecting (the default)', { allowReject: true, autoAccept: false }, null, true],
    ['ASG-3 a queue that does not allow rejecting', { allowReject: false, autoAccept: false }, null, false],
    ['ASG-3 rejection handling is unavailable with auto-accept', { allowReject: true, autoAccept: true }, null, false],
    ['TRF-3 a transfer to one agent may always be rejected (it goes back to the transferring agent)', { allowReject: false, autoAccept: false }, 'agent-1', true],
  ];
  for (const [name, queue, target, expected] of rejects) it(name, () => assert.equal(mayReject(queue, { targetAgentId: target }), expected));

  const manual: [string, { allowReject: boolean; autoAccept: boolean }, boolean, boolean][] = [
    ['MAN-1 a manager’s offer the manager allowed to decline may be rejected, whatever the queue says', { allowReject: false, autoAccept: true }, true, true],
    ['MAN-1 a manager’s offer the manager did not allow to decline may not be rejected', { allowReject: true, autoAccept: false }, false, false],
  ];
  for (const [name, queue, allowed, expected] of manual) {
    it(name, () => assert.equal(mayReject(queue, { targetAgentId: 'agent-1', manualOffer: { allowReject: allowed } }), expected));
  }

  const after: [string, { targetAgentId: string | null; manualOffer?: object | null }, string][] = [
    ['WI-4 a routed offer that ends unaccepted goes back to its queue', { targetAgentId: null }, 'requeued'],
    ['TRF-3 a transfer to one agent that ends unaccepted is canceled (back to the transferring agent)', { targetAgentId: 'agent-1' }, 'transfer_rejected'],
    ['MAN-1 a manager’s offer that ends unaccepted goes back to routing', { targetAgentId: 'agent-1', manualOffer: { allowReject: true } }, 'requeued'],
  ];
  for (const [name, item, expected] of after) it(name, () => assert.equal(afterUnacceptedOffer(item), expected));
});
