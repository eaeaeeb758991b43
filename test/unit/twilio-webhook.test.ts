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
    assert.deepEqual(parseStatus({ MessageSid: params.MessageSid, MessageStatus: 'undelivered', ErrorCode: '30003' }), { providerSid: params.MessageSid, status: 'undelivered', errorCode: '30003' });
    assert.deepEqual(parseStatus({ SmsSid: params.MessageSid, SmsStatus: 'sent' }), { providerSid: params.MessageSid, status: 'sent', errorCode: null });
  });
});

describe('hostile inbound values (issue 12: NUL answered 500, non-numbers started workflows)', () => {
  for (const [field, value] of [
    ['From', 'abc'], ['From', '00447700900123'], ['From', "'; DROP TABLE messages;--"], ['From', '+1415555\u00002671'],
    ['From', '\u202E+14155552671'], ['From', '12'], ['From', '123456789'], ['To', 'abc'], ['To', '+1500555\u00000006'],
  ] as const) {
    it(`refuses ${field}=${JSON.stringify(value)} naming the field`, () =>
      assert.throws(() => parseInboundSms({ ...params, [field]: value }), (e: Error) => e instanceof WebhookPayloadError && new RegExp(`^${field} `).test(e.message)));
  }
  for (const from of ['+14155552671', '+447700900123', '12345', '898211']) {
    it(`takes the sender ${from} (E.164 or a 3–8 digit short code)`, () => assert.equal(parseInboundSms({ ...params, From: from }).from, from));
  }
  it('stores U+FFFD for NUL and lone surrogates in Body and media, which PostgreSQL text and jsonb cannot hold', () => {
    const sms = parseInboundSms({ ...params, Body: 'a\u0000b\uD800c', NumMedia: '1', MediaUrl0: 'https://m/\u0000', MediaContentType0: 'image/\u0000' });
    assert.equal(sms.body, 'a\uFFFDb\uFFFDc');
    assert.deepEqual(sms.media, [{ url: 'https://m/\uFFFD', contentType: 'image/\uFFFD' }]);
  });
  it('keeps an RTL override or a template string in Body as the text it is', () => {
    for (const body of ['\u202Egnp.exe', '${x}{{7*7}}', "'; DROP TABLE messages;--"]) assert.equal(parseInboundSms({ ...params, Body: body }).body, body);
  });
  for (const [name, p, pattern] of [
    ['a MessageSid with NUL', { MessageSid: 'SM\u0000', MessageStatus: 'sent' }, /^MessageSid /],
    ['a status with NUL', { MessageSid: params.MessageSid, MessageStatus: 'sent\u0000' }, /^MessageStatus /],
    ['an ErrorCode that is not a number', { MessageSid: params.MessageSid, MessageStatus: 'failed', ErrorCode: "1'--" }, /^ErrorCode /],
  ] as const) {
    it(`refuses a status callback with ${name}`, () => assert.throws(() => parseStatus(p as Record<string, string>), (e: Error) => e instanceof WebhookPayloadError && pattern.test(e.message)));
  }
});
