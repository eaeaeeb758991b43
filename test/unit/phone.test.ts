import assert from 'node:assert/strict';
import { toE164, InvalidPhoneNumberError } from '../../src/domain/phone';
import { interactionWorkflowId, parseInteractionWorkflowId } from '../../src/domain/ids';

describe('phone numbers and workflow ids', () => {
  const ok: [string, string, string][] = [
    ['(415) 555-2671', 'US', '+14155552671'],
    ['+44 20 7946 0958', 'US', '+442079460958'],
    ['020 7946 0958', 'GB', '+442079460958'],
    [' +1 500 555 0006 ', 'US', '+15005550006'],
  ];
  for (const [input, region, e164] of ok) it(`AI-9 normalises ${input} (${region}) to ${e164}`, () => assert.equal(toE164(input, region), e164));
  for (const input of ['', 'hello', '12', '+1 555']) {
    it(`AI-9 refuses ${JSON.stringify(input)} with a clear message`, () => assert.throws(() => toE164(input), InvalidPhoneNumberError));
  }
  it('names the workflow after the pair and parses it back', () => {
    const id = interactionWorkflowId('+15005550006', '+14155552671');
    assert.equal(id, 'sms:+15005550006:+14155552671');
    assert.deepEqual(parseInteractionWorkflowId(id), { companyNumber: '+15005550006', requesterNumber: '+14155552671' });
    assert.equal(parseInteractionWorkflowId('order:123'), null);
  });
  for (const [company, requester] of [['+15005550006', '00447700900123'], ['+15005550006', "'; DROP TABLE messages;--"], ['abc', '+14155552671'], ['+15005550006', '']]) {
    it(`refuses to name a workflow after ${JSON.stringify(company)} and ${JSON.stringify(requester)} (issue 12)`, () =>
      assert.throws(() => interactionWorkflowId(company, requester), /not a validated phone number/));
  }
  it('names a workflow after a short-code sender and parses it back', () => {
    assert.deepEqual(parseInteractionWorkflowId(interactionWorkflowId('+15005550006', '898211')), { companyNumber: '+15005550006', requesterNumber: '898211' });
  });
});
