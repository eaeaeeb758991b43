import assert from 'node:assert/strict';
import { countdownLabel } from '../../web/src/time-labels';

// The offer card's countdown: minutes and seconds, and hours once an offer runs that long (SPEC §17: a manager's
// offer with no timeout given lasts a day).
describe('the offer countdown label', () => {
  const cases: [number, string][] = [
    [0, '0:00'],
    [-5_000, '0:00'],
    [1, '0:01'],
    [59_001, '1:00'],
    [119_000, '1:59'],
    [3_599_000, '59:59'],
    [3_600_000, '1:00:00'],
    [24 * 3_600_000, '24:00:00'],
    [(23 * 3600 + 5 * 60 + 9) * 1000, '23:05:09'],
  ];
  for (const [ms, label] of cases) it(`${ms} ms → ${label}`, () => assert.equal(countdownLabel(ms), label));
});
