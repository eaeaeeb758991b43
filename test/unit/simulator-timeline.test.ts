import assert from 'node:assert/strict';
import { callbackSchedule, plannedTransitions } from '../../src/simulator/callbacks';
import { FaultRegistry } from '../../src/simulator/faults';
import { countSegments } from '../../src/simulator/segments';
import { rfc2822 } from '../../src/simulator/twilio-json';

const none = { duplicateCallbacks: false, reorderCallbacks: false, dropCallbacks: false };

describe('simulator delivery timeline', () => {
  const cases = [
    { initial: 'queued', final: { status: 'delivered' }, want: ['sent', 'delivered'] },
    { initial: 'accepted', final: { status: 'delivered' }, want: ['queued', 'sent', 'delivered'] },
    { initial: 'queued', final: { status: 'undelivered', errorCode: 30003 }, want: ['sent', 'undelivered'] },
    { initial: 'queued', final: { status: 'failed', errorCode: 30001 }, want: ['failed'] },
  ] as const;
  for (const c of cases) {
    it(`${c.initial} → ${c.want.join(' → ')}`, () => {
      const t = plannedTransitions(c.initial, c.final);
      assert.deepEqual(
        t.map((x) => x.status),
        c.want,
      );
      const last = t[t.length - 1];
      assert.equal(last.errorCode, 'errorCode' in c.final ? c.final.errorCode : null);
    });
  }

  it('schedules callbacks reordered, duplicated or dropped', () => {
    const t = plannedTransitions('queued', { status: 'delivered' });
    const flat = (s: ReturnType<typeof callbackSchedule>) => s.map((tick) => tick.map((cb) => cb.status));
    assert.deepEqual(flat(callbackSchedule(t, none)), [['sent'], ['delivered']]);
    assert.deepEqual(flat(callbackSchedule(t, { ...none, reorderCallbacks: true })), [['delivered'], ['sent']]);
    assert.deepEqual(flat(callbackSchedule(t, { ...none, duplicateCallbacks: true })), [
      ['sent', 'sent'],
      ['delivered', 'delivered'],
    ]);
    assert.deepEqual(flat(callbackSchedule(t, { ...none, dropCallbacks: true })), [[], []]);
    // a single transition has nothing to reorder
    assert.deepEqual(flat(callbackSchedule(plannedTransitions('queued', { status: 'failed', errorCode: 30001 }), { ...none, reorderCallbacks: true })), [['failed']]);
  });
});

describe('simulator fault registry', () => {
  it('prefers a rule for the number over a global one and consumes counted errors', () => {
    const faults = new FaultRegistry();
    faults.add({ final: { status: 'failed' } });
    faults.add({ to: '+15551110000', final: { status: 'undelivered', errorCode: 30005 }, restErrors: { status: 503, count: 1 } });
    assert.deepEqual(faults.effectsFor('+15551110000').final, { status: 'undelivered', errorCode: 30005 });
    assert.deepEqual(faults.effectsFor('+15552220000').final, { status: 'failed', errorCode: 30008 });
    assert.equal(faults.takeRestError('+15552220000'), undefined);
    const err = faults.takeRestError('+15551110000');
    assert.equal(err?.status, 503);
    assert.equal(err?.code, 20503);
    assert.equal(faults.takeRestError('+15551110000'), undefined);
  });

  it('rejects malformed rules', () => {
    const faults = new FaultRegistry();
    assert.throws(() => faults.add({ to: '555' }));
    assert.throws(() => faults.add({ restErrors: { status: 302 } }));
  });
});

describe('simulator wire formats', () => {
  it('writes dates as Twilio does', () => {
    assert.equal(rfc2822(new Date(Date.UTC(2015, 6, 30, 20, 12, 31))), 'Thu, 30 Jul 2015 20:12:31 +0000');
    assert.equal(rfc2822(new Date(Date.UTC(2024, 0, 5, 3, 4, 5))), 'Fri, 05 Jan 2024 03:04:05 +0000');
  });

  const segmentCases: Array<[string, number]> = [
    ['', 1],
    ['a'.repeat(160), 1],
    ['a'.repeat(161), 2],
    ['a'.repeat(306), 2],
    ['a'.repeat(307), 3],
    ['€'.repeat(80), 1],
    ['€'.repeat(81), 2],
    ['ñé', 1],
    ['ú'.repeat(70), 1],
    ['ú'.repeat(71), 2],
    ['’'.repeat(135), 3],
  ];
  for (const [body, want] of segmentCases) {
    it(`counts ${want} segment(s) for ${JSON.stringify(body.slice(0, 3))}×${body.length}`, () => {
      assert.equal(countSegments(body), want);
    });
  }
});
