import { z } from 'zod';
import { countryOf, e164Schema } from './phone-numbers';
import { API_VERSION } from './twilio-json';
import type { SimMessage } from './types';

const inboundFields = z
  .object({
    from: e164Schema,
    to: e164Schema,
    body: z.string().max(1600, 'must be at most 1600 characters').default(''),
    mediaUrls: z.array(z.string().url()).max(10, 'at most 10 media URLs').default([]),
  })
  .strict();
const hasContent = (v: { body: string; mediaUrls: string[] }) => v.body.length > 0 || v.mediaUrls.length > 0;
const contentRequired = { message: 'a body or at least one media URL is required', path: ['body'] };

export const inboundInputSchema = inboundFields.refine(hasContent, contentRequired);
/** The same text sent from a phone named in the path (the phones control API). */
export const phoneMessageSchema = inboundFields.omit({ from: true }).refine(hasContent, contentRequired);

export type InboundInput = z.input<typeof inboundInputSchema>;

const CONTENT_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  mp4: 'video/mp4',
  pdf: 'application/pdf',
  vcf: 'text/vcard',
  txt: 'text/plain',
};

export function contentTypeOf(url: string): string {
  const ext = new URL(url).pathname.split('.').pop()?.toLowerCase() ?? '';
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

/** The parameter set Twilio posts to a number's "A message comes in" webhook. */
export function inboundWebhookParams(m: SimMessage): Record<string, string> {
  const from = m.from ?? '';
  const params: Record<string, string> = {
    ToCountry: countryOf(m.to),
    ToState: '',
    SmsMessageSid: m.sid,
    NumMedia: String(m.mediaUrls.length),
    ToCity: '',
    FromZip: '',
    SmsSid: m.sid,
    FromState: '',
    SmsStatus: 'received',
    FromCity: '',
    Body: m.body,
    FromCountry: countryOf(from),
    To: m.to,
    ToZip: '',
    NumSegments: String(m.numSegments),
    MessageSid: m.sid,
    AccountSid: m.accountSid,
    From: from,
    ApiVersion: API_VERSION,
  };
  m.mediaUrls.forEach((url, i) => {
    params[`MediaUrl${i}`] = url;
    params[`MediaContentType${i}`] = contentTypeOf(url);
  });
  return params;
}
