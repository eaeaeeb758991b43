import { createHash } from 'node:crypto';
import { API_VERSION, rfc2822 } from './twilio-json';

/**
 * Twilio's IncomingPhoneNumbers list (`GET /2010-04-01/Accounts/{Sid}/IncomingPhoneNumbers.json`): the numbers the
 * account owns, one page, in the shape twilio-node pages through (one list key beside the paging keys). Enough for
 * Parley's account mode (AI-6) to ask the simulator as it asks Twilio.
 */
export function incomingNumbersPage(accountSid: string, numbers: Iterable<string>, created: Date): Record<string, unknown> {
  const uri = `/${API_VERSION}/Accounts/${accountSid}/IncomingPhoneNumbers.json`;
  const list = [...numbers].sort().map((phoneNumber) => {
    const sid = `PN${createHash('sha256').update(phoneNumber).digest('hex').slice(0, 32)}`;
    return {
      sid, account_sid: accountSid, phone_number: phoneNumber, friendly_name: phoneNumber, status: 'in-use',
      capabilities: { sms: true, mms: true, voice: false, fax: false },
      date_created: rfc2822(created), date_updated: rfc2822(created),
      api_version: API_VERSION, uri: `/${API_VERSION}/Accounts/${accountSid}/IncomingPhoneNumbers/${sid}.json`,
    };
  });
  return {
    incoming_phone_numbers: list, page: 0, page_size: Math.max(list.length, 50), start: 0, end: Math.max(list.length - 1, 0),
    uri: `${uri}?PageSize=50&Page=0`, first_page_uri: `${uri}?PageSize=50&Page=0`, next_page_uri: null, previous_page_uri: null,
  };
}
