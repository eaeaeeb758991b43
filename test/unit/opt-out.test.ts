import assert from 'node:assert/strict';
import { applyKeywords, keywordOf } from '../../src/domain/opt-out';

describe('opt-out keywords (SPEC §9)', () => {
  const words: [string, string | null][] = [
    ['STOP', 'stop'], ['stop', 'stop'], ['  Stop ', 'stop'], ['STOPALL', 'stop'], ['unsubscribe', 'stop'], ['Cancel', 'stop'], ['END', 'stop'], ['quit', 'stop'],
    ['START', 'start'], ['yes', 'start'], ['UNSTOP', 'start'], ['HELP', 'help'], ['info', 'help'],
    ['stop it', null], ['please stop', null], ['STOP!', null], ['', null],
  ];
  for (const [body, kw] of words) it(`"${body}" → ${kw}`, () => assert.equal(keywordOf(body), kw));

  it('STOP opts out; START, YES or UNSTOP opt back in only an opted-out number', () => {
    assert.deepEqual(applyKeywords(false, [{ id: 'a', keyword: 'stop' }]), { handled: [{ id: 'a', keyword: 'stop' }], optedOut: true });
    assert.deepEqual(applyKeywords(true, [{ id: 'a', keyword: 'start' }]), { handled: [{ id: 'a', keyword: 'start' }], optedOut: false });
    assert.deepEqual(applyKeywords(false, [{ id: 'a', keyword: 'start' }]), { handled: [], optedOut: false }, '"yes" from a subscribed number is a reply');
  });
  it('texts apply in order of receipt: STOP then START ends subscribed; HELP is always answered', () => {
    const r = applyKeywords(false, [{ id: 'a', keyword: 'stop' }, { id: 'b', keyword: null }, { id: 'c', keyword: 'start' }, { id: 'd', keyword: 'help' }]);
    assert.deepEqual(r.handled.map((h) => h.id), ['a', 'c', 'd']);
    assert.equal(r.optedOut, false);
  });
});
