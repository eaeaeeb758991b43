import assert from 'node:assert/strict';
import type { Queue } from '../../web/src/workspace/shared/api';
import { BLANK_QUEUE, formOf, inputOf, parseDayHours, reorder } from '../../web/src/workspace/admin/queue-form';

const queue = (over: Partial<Queue>): Queue => ({
  id: 'sms', name: 'SMS', description: null, channelId: 'sms', active: true, position: 10, condition: null, schedule: null, targetWaitSeconds: 0,
  maxWaitSeconds: 0, maxWaitText: null, assignmentRule: 'most_capacity', autoAccept: false, offerTimeoutSeconds: null, offerTimeoutPresence: 'away',
  allowReject: true, waitTriggers: [], pools: [], noAgentGroups: true, openNow: true, initialResponseText: null, initialResponseTranslations: {}, ...over,
});

describe('the admin’s queue form (Q-1, Q-2, Q-15)', () => {
  it('Q-15 a day’s hours read as ranges; empty is closed; anything else says how to write them', () => {
    assert.deepEqual(parseDayHours(1, '9:00-12:00, 13:00 – 17:30'), [
      { day: 1, start: '09:00', end: '12:00' },
      { day: 1, start: '13:00', end: '17:30' },
    ]);
    assert.deepEqual(parseDayHours(0, '  '), []);
    assert.equal(parseDayHours(2, 'mornings'), 'Tuesday: write hours as 09:00-17:00, several separated by commas');
  });

  it('a queue goes to the form and back unchanged', () => {
    const q = queue({
      id: 'spanish', name: 'Spanish', description: 'Hola', condition: { field: 'context.language', op: 'eq', value: 'spanish' },
      schedule: { timeZone: 'Europe/Madrid', weekly: [{ day: 1, start: '09:00', end: '17:00' }, { day: 6, start: '10:00', end: '14:00' }], holidays: ['2026-12-25'] },
      maxWaitSeconds: 600, maxWaitText: 'Still waiting', offerTimeoutSeconds: 60, pools: [{ groupIds: ['g1'], eligibleAfterSeconds: 0 }],
      offerTimeoutPresence: 'offline', allowReject: false, waitTriggers: [{ afterSeconds: 120, text: 'Thanks for waiting' }],
      initialResponseText: 'Hi, {{agentName}} here.', initialResponseTranslations: { es: 'Hola, soy {{agentName}}.' },
    });
    const back = inputOf(formOf(q), 'sms');
    assert.ok(back.ok);
    const { openNow: _o, noAgentGroups: _n, ...expected } = q;
    assert.deepEqual(back.input, expected);
  });

  it('Q-1 a condition that is not JSON is said before anything is sent; an empty pool is dropped', () => {
    const r = inputOf({ ...BLANK_QUEUE, name: 'x', conditionJson: '{"field": ' }, 'sms');
    assert.ok(!r.ok && r.error.startsWith('The condition is not JSON'));
    const p = inputOf({ ...BLANK_QUEUE, name: 'x', pools: [{ groupIds: [], eligibleAfterSeconds: 30 }] }, 'sms');
    assert.ok(p.ok);
    assert.deepEqual(p.input.pools, []);
    assert.equal('id' in p.input, false, 'no id: the server makes one');
  });

  it('SYS-2/SYS-6 the initial response: empty translations are dropped, translations without the default text are refused before sending', () => {
    const r = inputOf({ ...BLANK_QUEUE, name: 'x', initialResponseText: ' Hi ', initialResponseTranslations: { es: ' Hola ', fr: '  ' } }, 'sms');
    assert.ok(r.ok);
    assert.equal(r.input.initialResponseText, 'Hi');
    assert.deepEqual(r.input.initialResponseTranslations, { es: 'Hola' });
    const blank = inputOf({ ...BLANK_QUEUE, name: 'x' }, 'sms');
    assert.ok(blank.ok);
    assert.equal(blank.input.initialResponseText, null, 'empty: the system text');
    const orphan = inputOf({ ...BLANK_QUEUE, name: 'x', initialResponseTranslations: { es: 'Hola' } }, 'sms');
    assert.ok(!orphan.ok && /no default text/.test(orphan.error));
  });

  it('Q-2 moving a queue renumbers in steps of ten and saves only what changed', () => {
    const qs = [queue({ id: 'a', position: 10 }), queue({ id: 'b', position: 20 }), queue({ id: 'c', position: 30 })];
    assert.deepEqual(reorder(qs, 2, 1).map((x) => [x.queue.id, x.position]), [['c', 20], ['b', 30]]);
    assert.deepEqual(reorder(qs, 0, 0), []);
  });
});
