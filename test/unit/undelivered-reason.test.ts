import assert from 'node:assert/strict';
import { undeliveredReason } from '../../web/src/provider-error-reasons';

describe('issue 25: a message that did not reach the requester says why in words', () => {
  const rows: [string, string, string | null, string | null, string | null][] = [
    ['a delivered text has no reason', 'delivered', null, null, null],
    ['a text on its way has none', 'queued', null, null, null],
    ['a failure with a code names it and its meaning', 'undelivered', '30003', null, 'error 30003: Unreachable destination handset'],
    ['the provider’s own words win over the table', 'failed', '30008', 'Carrier said no', 'error 30008: Carrier said no'],
    ['a failure without code or words still says what it means', 'failed', null, null, 'the provider could not send it and gave no reason'],
    ['an undelivered text without code or words', 'undelivered', '', null, 'the carrier did not deliver it and gave no reason'],
    ['a canceled text says why Parley did not send it', 'canceled', 'opted_out', 'The requester opted out (STOP): nothing was sent.', 'The requester opted out (STOP): nothing was sent.'],
    ['a canceled text without a stored reason', 'canceled', null, null, 'Parley did not send it: it was canceled before it reached the provider.'],
  ];
  for (const [what, status, code, message, reason] of rows) {
    it(`issue 25: ${what}`, () => assert.equal(undeliveredReason(status, code, message), reason));
  }
});
