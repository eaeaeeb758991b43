import assert from 'node:assert/strict';
import { automatedStep, type AutomatedStep } from '../../src/sms/send-pacing';

// SPEC §9 sending rate, the automated lane's decision: replies first, then automated texts one turn each.
describe('automated texts take turns on a busy number (SPEC §9)', () => {
  const at = (p: Partial<Parameters<typeof automatedStep>[0]>) => automatedStep({ now: 10_000, nextAt: 0, lineEndsAt: null, turnAt: null, ratePerSecond: 1, ...p });

  const cases: [string, Partial<Parameters<typeof automatedStep>[0]>, AutomatedStep][] = [
    ['the number idle and nobody in line: at once', {}, { kind: 'book', waitMs: 0 }],
    ['the line of turns ended in the past: at once', { lineEndsAt: 9_000 }, { kind: 'book', waitMs: 0 }],
    ['replies have the number for 2 s: the first turn after them', { nextAt: 12_000 }, { kind: 'take_turn', turnAt: 12_000, nextTurnAt: 13_000 }],
    ['others in line: the turn after theirs, even when the number is free this instant', { lineEndsAt: 15_000 }, { kind: 'take_turn', turnAt: 15_000, nextTurnAt: 16_000 }],
    ['at 4/s turns are 250 ms apart', { nextAt: 12_000, ratePerSecond: 4 }, { kind: 'take_turn', turnAt: 12_000, nextTurnAt: 12_250 }],
    ['a turn not yet come: wait for it', { turnAt: 14_000, lineEndsAt: 20_000 }, { kind: 'wait', at: 14_000 }],
    ['its turn come and the number free: book', { turnAt: 9_990, lineEndsAt: 20_000 }, { kind: 'book', waitMs: 0 }],
    ['its turn come, the text before it booked 30 ms late: the slot after it, waiting 30 ms', { turnAt: 9_990, nextAt: 10_030, lineEndsAt: 20_000 }, { kind: 'book', waitMs: 30 }],
    ['its turn come but replies took the number since: after them, keeping its place', { turnAt: 9_990, nextAt: 12_400, lineEndsAt: 20_000 }, { kind: 'wait', at: 12_400 }],
  ];
  for (const [name, input, expected] of cases) it(`SPEC §9 ${name}`, () => assert.deepEqual(at(input), expected));

  it('SPEC §9 300 automated texts queued at once on a 1/s number: each asks about once more, not once a second', () => {
    // A simulated clock and pacing row; each text asks at its first moment, then whenever it was told to.
    let seed = 7;
    const late = () => (seed = (seed * 48271) % 2147483647) % 41;
    let nextAt = 0;
    let lineEndsAt: number | null = null;
    const texts = Array.from({ length: 300 }, () => ({ turnAt: null as number | null, askAt: 0, asks: 0, sentAt: null as number | null }));
    const sent: number[] = [];
    for (let guard = 0; texts.some((t) => t.sentAt === null) && guard < 100_000; guard++) {
      const t = texts.filter((x) => x.sentAt === null).sort((a, b) => a.askAt - b.askAt)[0];
      const now = t.askAt;
      t.asks++;
      const step = automatedStep({ now, nextAt, lineEndsAt, turnAt: t.turnAt, ratePerSecond: 1 });
      if (step.kind === 'book') {
        // Each timer fires up to 40 ms late; the slot is the booking's (as the database books it).
        nextAt = Math.max(nextAt, now) + 1000;
        t.sentAt = now + step.waitMs;
        sent.push(t.sentAt);
      } else if (step.kind === 'take_turn') {
        t.turnAt = step.turnAt;
        lineEndsAt = step.nextTurnAt;
        t.askAt = step.turnAt + late();
      } else t.askAt = step.at + late();
    }
    assert.equal(sent.length, 300);
    const asks = texts.reduce((n, t) => n + t.asks, 0);
    assert.ok(asks <= 2 * 300, `${asks} asks for 300 texts`);
    // Never faster than the rate, and the whole line in about 300 s.
    for (let i = 1; i < sent.length; i++) assert.ok(sent[i] - sent[i - 1] >= 999, `text ${i} ${sent[i] - sent[i - 1]} ms after the one before`);
    assert.ok(sent[sent.length - 1] <= 300_000 + 300 * 40, `the last one at ${sent[sent.length - 1]} ms`);
  });
});
