import assert from 'node:assert/strict';
import { textStep } from '../../../src/virtual-agent/steps/text';

describe('VA step: text', () => {
  const step = { id: 'found', type: 'text' as const, text: 'Order {{orderNumber}} is on its way.', next: 'more' };
  it('says its text with captured fields filled in, and moves on without waiting', () => {
    assert.equal(textStep.prompt(step, { orderNumber: '10482' }), 'Order 10482 is on its way.');
    assert.equal(textStep.then!(step), 'more');
    assert.equal(textStep.answer, undefined);
  });
  it('renders a field never captured as empty, not as a template', () => {
    assert.equal(textStep.prompt(step, {}), 'Order  is on its way.');
  });
});
