import twilio from 'twilio';
import { isProviderNumber } from '../../domain/phone';
import { storableText } from '../../domain/storable-text';
import type { InboundSms, StatusUpdate } from '../provider';

type Params = Record<string, string | string[] | undefined>;

/**
 * twilio.md §2.4: validate against the configured public URL plus the path as received, never a URL derived from
 * Host headers, which proxies rewrite.
 */
export function verifyTwilioSignature(authToken: string, publicBaseUrl: string, originalUrl: string, signature: string | undefined, params: Params): boolean {
  if (!signature) return false;
  const url = publicBaseUrl.replace(/\/+$/, '') + originalUrl;
  return twilio.validateRequest(authToken, signature, url, params as Record<string, string>);
}

const one = (p: Params, k: string): string | undefined => {
  const v = p[k];
  return Array.isArray(v) ? v[0] : v;
};

export class WebhookPayloadError extends Error {}

const MESSAGE_SID = /^(SM|MM)[0-9a-fA-F]{32}$/;

function requireNumber(field: 'From' | 'To', value: string): string {
  if (!isProviderNumber(value)) throw new WebhookPayloadError(`${field} is not a phone number: expected E.164 (such as +14155552671) or a 3–8 digit short code`);
  return value;
}

export function parseInboundSms(p: Params): InboundSms {
  const providerSid = one(p, 'MessageSid') ?? one(p, 'SmsMessageSid');
  const from = one(p, 'From');
  const to = one(p, 'To');
  const missing = [!providerSid && 'MessageSid', !from && 'From', !to && 'To'].filter(Boolean);
  if (missing.length) throw new WebhookPayloadError(`missing ${missing.join(', ')}`);
  if (!MESSAGE_SID.test(providerSid!)) throw new WebhookPayloadError('MessageSid is not a Twilio message id');
  requireNumber('From', from!);
  requireNumber('To', to!);
  const numMedia = Number(one(p, 'NumMedia') ?? '0');
  if (!Number.isInteger(numMedia) || numMedia < 0 || numMedia > 10) throw new WebhookPayloadError('NumMedia must be 0 to 10');
  const media: InboundSms['media'] = [];
  for (let i = 0; i < numMedia; i++) {
    const url = one(p, `MediaUrl${i}`);
    if (url) media.push({ url: storableText(url), contentType: storableText(one(p, `MediaContentType${i}`) ?? 'application/octet-stream') });
  }
  return { providerSid: providerSid!, from: from!, to: to!, body: storableText(one(p, 'Body') ?? ''), media };
}

export function parseStatus(p: Params): StatusUpdate {
  const providerSid = one(p, 'MessageSid') ?? one(p, 'SmsSid');
  const status = one(p, 'MessageStatus') ?? one(p, 'SmsStatus');
  if (!providerSid || !status) throw new WebhookPayloadError('missing MessageSid or MessageStatus');
  if (!MESSAGE_SID.test(providerSid)) throw new WebhookPayloadError('MessageSid is not a Twilio message id');
  if (!/^[a-z_-]{1,32}$/.test(status)) throw new WebhookPayloadError('MessageStatus is not a message status');
  const errorCode = one(p, 'ErrorCode');
  if (errorCode && !/^\d{1,10}$/.test(errorCode)) throw new WebhookPayloadError('ErrorCode is not a number');
  return { providerSid, status, errorCode: errorCode ? errorCode : null };
}
