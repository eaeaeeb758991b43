import assert from 'node:assert/strict';
import { captureStep } from '../../../src/virtual-agent/steps/capture';

describe('VA step: free-text capture into the interaction context', () => {
  const step = { id: 'ask', type: 'capture' as const, text: 'Order number?', field: 'orderNumber', pattern: '^#?\\d{4,12}$', invalidText: 'Digits only, please.', next: 'found' };
  const rows: [string, string, { field: string; value: string } | null][] = [
    ['a matching value is captured, trimmed', ' 10482 ', { field: 'orderNumber', value: '10482' }],
    ['with a leading #', '#10482', { field: 'orderNumber', value: '#10482' }],
    ['too short for the pattern', '12', null],
    ['letters', 'abc', null],
  ];
  for (const [name, text, capture] of rows) {
    it(name, () => {
      const a = captureStep.answer!(step, text);
      assert.deepEqual(a, capture ? { kind: 'go', to: 'found', capture } : { kind: 'unrecognised', reply: 'Digits only, please.' });
    });
  }
  it('without a pattern any non-empty text is captured; an empty one is not', () => {
    const free = { id: 'ask', type: 'capture' as const, text: 'What happened?', field: 'issue', next: 'x' };
    assert.deepEqual(captureStep.answer!(free, 'It broke'), { kind: 'go', to: 'x', capture: { field: 'issue', value: 'It broke' } });
    assert.deepEqual(captureStep.answer!(free, '   '), { kind: 'unrecognised' });
  });
});
