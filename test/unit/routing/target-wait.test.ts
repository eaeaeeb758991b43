import assert from 'node:assert/strict';
import { exceededTargetWait } from '../../../src/routing/target-wait';

describe('target wait (Q-8)', () => {
  const rows: [string, number | null, number, boolean][] = [
    ['Q-8 a wait longer than the target is flagged', 1_500, 1, true],
    ['Q-8 a wait of exactly the target is not', 1_000, 1, false],
    ['Q-8 a shorter wait is not', 999, 1, false],
    ['Q-8 a target of 0 means no target: never flagged', 3_600_000, 0, false],
    ['Q-8 no wait known (never queued) is not flagged', null, 1, false],
  ];
  for (const [name, waitMs, target, expected] of rows) it(name, () => assert.equal(exceededTargetWait(waitMs, target), expected));
});
