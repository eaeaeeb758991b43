import assert from 'node:assert/strict';
import { median, percentile, round } from '../../bench/stats';

describe('benchmark statistics', () => {
  it('percentile is nearest-rank', () => {
    const v = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(v, 50), 50);
    assert.equal(percentile(v, 99), 99);
    assert.equal(percentile([7], 99), 7);
    assert.ok(Number.isNaN(percentile([], 50)));
  });
  it('median averages the middle two of an even sample (two rounds give their mean, not the lower)', () => {
    assert.equal(median([10, 30]), 20);
    assert.equal(median([3, 1, 2]), 2);
    assert.ok(Number.isNaN(median([])));
  });
  it('round keeps the given digits and turns non-numbers into null', () => {
    assert.equal(round(1.23456, 2), 1.23);
    assert.equal(round(Number.NaN), null);
  });
});
