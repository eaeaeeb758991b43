import assert from 'node:assert/strict';
import { chooseQueue, evaluateCondition, parseCondition, type Condition, type RoutableQueue, type RoutingFacts } from '../../../src/routing/condition';

const facts: RoutingFacts = {
  channelId: 'sms', companyNumber: '+15005550006', requesterNumber: '+14155550123', requesterUserId: null,
  context: { language: 'Spanish', orderNumber: 'A-1234' }, fromVirtualAgent: true,
};

describe('routing conditions (Q-1, Q-2, Q-3, Q-4)', () => {
  const rows: [string, Condition, boolean][] = [
    ['Q-1 always matches', { always: true }, true],
    ['Q-1 eq on a field', { field: 'companyNumber', op: 'eq', value: '+15005550006' }, true],
    ['Q-1 ne on a field', { field: 'companyNumber', op: 'ne', value: '+15005550006' }, false],
    ['Q-4 eq on captured context, case-insensitively', { field: 'context.language', op: 'eq', value: 'spanish' }, true],
    ['Q-4 in a list of context values', { field: 'context.language', op: 'in', value: ['french', 'spanish'] }, true],
    ['Q-4 not_in', { field: 'context.language', op: 'not_in', value: ['french'] }, true],
    ['Q-4 a context key that was not captured does not exist', { field: 'context.missing', op: 'exists' }, false],
    ['Q-4 not_exists for an uncaptured key', { field: 'context.missing', op: 'not_exists' }, true],
    ['Q-4 an uncaptured key never equals anything', { field: 'context.missing', op: 'eq', value: '' }, false],
    ['Q-1 starts_with (an area code)', { field: 'requesterNumber', op: 'starts_with', value: '+1415' }, true],
    ['Q-1 contains', { field: 'context.orderNumber', op: 'contains', value: 'a-12' }, true],
    ['Q-1 a boolean field', { field: 'fromVirtualAgent', op: 'eq', value: true }, true],
    ['Q-1 a guest has no requesterUserId', { field: 'requesterUserId', op: 'exists' }, false],
    ['Q-1 all of', { all: [{ field: 'channel', op: 'eq', value: 'sms' }, { field: 'context.language', op: 'eq', value: 'spanish' }] }, true],
    ['Q-1 any of', { any: [{ field: 'channel', op: 'eq', value: 'chat' }, { field: 'context.language', op: 'eq', value: 'french' }] }, false],
    ['Q-1 not', { not: { field: 'channel', op: 'eq', value: 'chat' } }, true],
  ];
  for (const [name, c, expected] of rows) {
    it(name, () => {
      assert.equal(parseCondition(c).ok, true);
      assert.equal(evaluateCondition(c, facts), expected);
    });
  }

  const invalid: [string, unknown, RegExp][] = [
    ['an unknown field', { field: 'password', op: 'eq', value: 'x' }, /field/],
    ['an unknown operator', { field: 'channel', op: 'regex', value: '.*' }, /op/],
    ['in without a list', { field: 'channel', op: 'in', value: 'sms' }, /list/],
    ['exists with a value', { field: 'channel', op: 'exists', value: 'sms' }, /no value/],
    ['code instead of data', 'process.exit()', /./],
    ['extra keys', { always: true, script: 'x' }, /./],
    ['nesting too deep', { not: { not: { not: { not: { not: { not: { not: { always: true } } } } } } } }, /nest/],
  ];
  for (const [name, c, message] of invalid) {
    it(`Q-1 a condition is validated, not run: ${name} is refused`, () => {
      const r = parseCondition(c);
      assert.equal(r.ok, false);
      assert.match((r as { error: string }).error, message);
    });
  }

  const q = (id: string, position: number, condition: Condition | null, active = true, channelId = 'sms'): RoutableQueue => ({ id, position, condition, active, channelId });
  it('Q-2 the first active matching queue in ascending order wins', () => {
    const queues = [q('general', 10, { always: true }), q('spanish', 1, { field: 'context.language', op: 'eq', value: 'spanish' }), q('vip', 0, { field: 'requesterUserId', op: 'exists' })];
    assert.deepEqual(chooseQueue(queues, facts, 'fallback'), { queueId: 'spanish', matched: true });
  });
  it('Q-2 inactive queues and queues of another channel are not considered', () => {
    const queues = [q('off', 0, { always: true }, false), q('chat', 1, { always: true }, true, 'chat'), q('general', 2, { always: true })];
    assert.equal(chooseQueue(queues, facts, 'fallback').queueId, 'general');
  });
  it('Q-3 a queue without a condition receives nothing automatically: the company number’s queue takes the item', () => {
    assert.deepEqual(chooseQueue([q('manual', 0, null)], facts, 'fallback'), { queueId: 'fallback', matched: false });
  });
});
