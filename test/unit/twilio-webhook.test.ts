import assert from 'node:assert/strict';
import twilio from 'twilio';
import { parseInboundSms, parseStatus, verifyTwilioSignature, WebhookPayloadError } from '../../src/providers/twilio/webhook';

const TOKEN = 'test-token-0123456789';
const BASE = 'https://sms.example.com';
const params = { MessageSid: 'SM0123456789abcdef0123456789abcdef', From: '+14155552671', To: '+15005550006', Body: 'hi', NumMedia: '0' };
const sign = (url: string, p: Record<string, string>, token = TOKEN) => twilio.getExpectedTwilioSignature(token, url, p);

describe('Twilio webhook verification and parsing (one table per provider, as courier does)', () => {
  it('matches Twilio’s published test vector', () => {
    const p = { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' };
    assert.equal(verifyTwilioSignature('12345', 'https://mycompany.com', '/myapp.php?foo=1&bar=2', '0/KCTR6DLpKmkAf8muzZqo1nDgQ=', p), true);
  });

  const cases: [string, string | undefined, string, Record<string, string>, boolean][] = [
    ['valid signature', sign(`${BASE}/webhooks/twilio/sms`, params), '/webhooks/twilio/sms', params, true],
    ['missing signature', undefined, '/webhooks/twilio/sms', params, false],
    ['signed by another account', sign(`${BASE}/webhooks/twilio/sms`, params, 'another-token-xyz'), '/webhooks/twilio/sms', params, false],
    ['a parameter changed after signing', sign(`${BASE}/webhooks/twilio/sms`, params), '/webhooks/twilio/sms', { ...params, Body: 'tampered' }, false],
    ['signed for http but we are public on https (proxy)', sign('http://sms.example.com/webhooks/twilio/sms', params), '/webhooks/twilio/sms', params, false],
    ['signed with the default port spelled out', sign('https://sms.example.com:443/webhooks/twilio/sms', params), '/webhooks/twilio/sms', params, true],
    ['another path', sign(`${BASE}/webhooks/twilio/status`, params), '/webhooks/twilio/sms', params, false],
    ['query string is part of the URL', sign(`${BASE}/webhooks/twilio/sms?tenant=a`, params), '/webhooks/twilio/sms?tenant=a', params, true],
  ];
  for (const [name, signature, path, p, expected] of cases) {
    it(`${expected ? 'accepts' : 'refuses'}: ${name}`, () => assert.equal(verifyTwilioSignature(TOKEN, BASE, path, signature, p), expected));
  }

  it('parses an MMS with its media', () => {
    const sms = parseInboundSms({ ...params, MessageSid: 'MM0123456789abcdef0123456789abcdef', NumMedia: '2', MediaUrl0: 'https://m/1', MediaContentType0: 'image/jpeg', MediaUrl1: 'https://m/2', MediaContentType1: 'video/mp4' });
    assert.deepEqual(sms.media, [{ url: 'https://m/1', contentType: 'image/jpeg' }, { url: 'https://m/2', contentType: 'video/mp4' }]);
  });
  it('takes an empty Body (media only) as an empty string', () => {
    const { Body: _b, ...noBody } = params;
    assert.equal(parseInboundSms(noBody).body, '');
  });
  for (const [name, p, pattern] of [
    ['missing From and To', { MessageSid: params.MessageSid }, /missing From, To/],
    ['bad MessageSid', { ...params, MessageSid: 'XX1' }, /not a Twilio message id/],
    ['negative NumMedia', { ...params, NumMedia: '-1' }, /NumMedia/],
  ] as const) {
    it(`refuses ${name}`, () => assert.throws(() => parseInboundSms(p as Record<string, string>), (e: Error) => e instanceof WebhookPayloadError && pattern.test(e.message)));
  }
  it('parses a status callback with its error code', () => {
    assert.deepEqual(parseStatus({ MessageSid: 'SMx', MessageStatus: 'undelivered', ErrorCode: '30003' }), { providerSid: 'SMx', status: 'undelivered', errorCode: '30003' });
    assert.deepEqual(parseStatus({ SmsSid: 'SMx', SmsStatus: 'sent' }), { providerSid: 'SMx', status: 'sent', errorCode: null });
  });
});
