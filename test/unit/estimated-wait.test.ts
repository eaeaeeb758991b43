import assert from 'node:assert/strict';
import { DEFAULT_SYSTEM_TEXTS } from '../../src/system-texts/defaults';
import { estimatedWaitWords, fillEstimatedWait } from '../../src/system-texts/estimated-wait';

describe('VA-11 the estimated wait in the transfer text', () => {
  const words: [number, string][] = [[0, 'less than a minute'], [29, 'less than a minute'], [30, 'about 1 minute'], [89, 'about 1 minute'], [90, 'about 2 minutes'], [185, 'about 3 minutes']];
  for (const [seconds, said] of words) it(`VA-11 ${seconds} s is said "${said}" (whole minutes)`, () => assert.equal(estimatedWaitWords(seconds), said));

  const texts: [string, string, number | null | undefined, string][] = [
    ['VA-11 a known estimate fills the field', 'Connecting you. The wait is {{estimated_wait}}. Bye.', 185, 'Connecting you. The wait is about 3 minutes. Bye.'],
    ['VA-11 no estimate: the sentence with the field is left out', 'Connecting you. The wait is {{ estimated_wait }}. Bye.', null, 'Connecting you. Bye.'],
    ['VA-11 not computed (no agents Available, an older result): left out too', 'Connecting you! Expect {{estimated_wait}}? Bye.', undefined, 'Connecting you! Bye.'],
    ['VA-11 a text without the field is unchanged', 'Connecting you. Bye.', 60, 'Connecting you. Bye.'],
  ];
  for (const [name, text, seconds, expected] of texts) it(name, () => assert.equal(fillEstimatedWait(text, seconds), expected));

  it('VA-11 the default transfer text reads as before when there is no estimate', () => {
    assert.equal(fillEstimatedWait(DEFAULT_SYSTEM_TEXTS.va_transfer.body, null), 'Connecting you with a person. They will text you here; replies may take a few minutes.');
  });
});
