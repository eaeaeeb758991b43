import assert from 'node:assert/strict';
import { isValidPhoneNumber } from 'libphonenumber-js';
import { randomPhoneNumber } from '../../web/src/phones/random-phone-number';

describe('the phones page’s random number', () => {
  it('AI-9 is a number Compose SMS accepts: valid for the US, not merely possible', () => {
    for (let i = 0; i < 500; i++) {
      const n = randomPhoneNumber();
      assert.ok(isValidPhoneNumber(n, 'US'), n);
    }
  });
});
