import assert from 'node:assert/strict';
import { shouldAdvance, statusesBelow, type DeliveryStatus } from '../../src/domain/delivery-status';

describe('delivery status ranking (SPEC §9 delivery status)', () => {
  const table: [DeliveryStatus, DeliveryStatus, boolean, string][] = [
    ['pending', 'sending', true, 'a send attempt starts'],
    ['sending', 'queued', true, 'the provider accepted it'],
    ['queued', 'sent', true, 'normal progress'],
    ['sent', 'delivered', true, 'normal progress'],
    ['queued', 'delivered', true, 'a skipped callback is fine'],
    ['delivered', 'sent', false, 'a late "sent" after "delivered" never moves it back'],
    ['failed', 'delivered', false, 'nothing leaves a final state'],
    ['undelivered', 'sent', false, 'nothing leaves a final state'],
    ['delivered', 'read', true, 'read may follow delivered'],
    ['sent', 'sent', false, 'a duplicate changes nothing'],
    ['sent', 'undelivered', true, 'undelivered can arrive after sent'],
    ['sent', 'queued', false, 'out-of-order queued is ignored'],
  ];
  for (const [from, to, expected, why] of table) {
    it(`${from} → ${to}: ${expected ? 'moves' : 'stays'} (${why})`, () => assert.equal(shouldAdvance(from, to), expected));
  }
  it('statusesBelow lists exactly the statuses a callback may replace', () => {
    assert.deepEqual(statusesBelow('sent').sort(), ['accepted', 'pending', 'queued', 'scheduled', 'sending'].sort());
    assert.deepEqual(statusesBelow('pending'), []);
  });
});
