import assert from 'node:assert/strict';
import { yesNoStep } from '../../../src/virtual-agent/steps/yes-no';

describe('VA step: yes/no (VA-1 boolean)', () => {
  const step = { id: 'more', type: 'yes_no' as const, text: 'Anything else?', yes: '@picker', no: 'bye' };
  it('asks for YES or NO', () => assert.equal(yesNoStep.prompt(step, {}), 'Anything else? Reply YES or NO.'));
  const rows: [string, string | null][] = [['yes', '@picker'], ['Y', '@picker'], ['Yes!', '@picker'], ['ok', '@picker'], ['no', 'bye'], ['NOPE', 'bye'], ['n', 'bye'], ['perhaps', null]];
  for (const [text, to] of rows) {
    it(`"${text}"`, () => assert.deepEqual(yesNoStep.answer!(step, text), to ? { kind: 'go', to } : { kind: 'unrecognised', reply: 'Please reply YES or NO.' }));
  }
});
