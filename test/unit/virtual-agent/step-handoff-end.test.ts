import assert from 'node:assert/strict';
import { endStep } from '../../../src/virtual-agent/steps/end';
import { handoffStep } from '../../../src/virtual-agent/steps/handoff';

describe('VA steps: handoff and end', () => {
  it('VA-8 a handoff step hands off at once; its optional text is said first', () => {
    assert.equal(handoffStep.then!({ id: 'h', type: 'handoff' }), '@handoff');
    assert.equal(handoffStep.prompt({ id: 'h', type: 'handoff' }, {}), null);
    assert.equal(handoffStep.prompt({ id: 'h', type: 'handoff', text: 'One moment.' }, {}), 'One moment.');
  });
  it('an end step says its text and ends the conversation', () => {
    assert.equal(endStep.then!({ id: 'e', type: 'end', text: 'Bye' }), '@end');
    assert.equal(endStep.prompt({ id: 'e', type: 'end', text: 'Bye {{name}}' }, { name: 'Ada' }), 'Bye Ada');
  });
});
