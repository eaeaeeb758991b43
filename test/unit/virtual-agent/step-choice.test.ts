import assert from 'node:assert/strict';
import { choiceStep } from '../../../src/virtual-agent/steps/choice';

describe('VA step: choice (VA-1 static choice as a numbered list)', () => {
  const step = { id: 'kind', type: 'choice' as const, text: 'What would you like to do?', options: [{ label: 'Return an item', next: 'how' }, { label: 'Ask about a refund', next: 'person' }] };
  it('renders a numbered list, one option a line (plain SMS)', () => {
    assert.equal(choiceStep.prompt(step, {}), 'What would you like to do?\n1. Return an item\n2. Ask about a refund');
  });
  const rows: [string, string, string | null][] = [
    ['the number', '2', 'person'],
    ['the number with spaces', ' 1 ', 'how'],
    ['the option’s words, any case', 'ask about a REFUND', 'person'],
    ['part of the option’s words', 'refund', 'person'],
    ['a number out of range', '3', null],
    ['something else', 'maybe', null],
  ];
  for (const [name, text, to] of rows) {
    it(`reply: ${name}`, () => {
      const a = choiceStep.answer!(step, text);
      if (to) assert.deepEqual(a, { kind: 'go', to });
      else assert.deepEqual(a, { kind: 'unrecognised', reply: 'Please reply with a number from 1 to 2.' });
    });
  }
});
