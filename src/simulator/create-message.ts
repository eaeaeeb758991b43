import { isAlphanumericSenderId, isE164 } from './phone-numbers';
import { magicNumberError } from './magic-numbers';
import { restErrors } from './twilio-errors';

export type FormFields = Record<string, string | string[] | undefined>;

export interface OutboundRequest {
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  mediaUrls: string[];
  statusCallback: string | null;
}

export function formValue(form: FormFields, name: string): string | undefined {
  const v = form[name];
  return Array.isArray(v) ? v[0] : v;
}

export function formValues(form: FormFields, name: string): string[] {
  const v = form[name];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** Validates a Messages create form the way Twilio does; throws TwilioRestError. */
export function parseCreateForm(form: FormFields): OutboundRequest {
  const to = formValue(form, 'To')?.trim();
  const from = formValue(form, 'From')?.trim() || null;
  const messagingServiceSid = formValue(form, 'MessagingServiceSid')?.trim() || null;
  const body = formValue(form, 'Body') ?? '';
  const mediaUrls = formValues(form, 'MediaUrl').filter((u) => u.length > 0);
  const statusCallback = formValue(form, 'StatusCallback')?.trim() || null;

  if (!to) throw restErrors.toRequired();
  if (!from && !messagingServiceSid) throw restErrors.fromRequired();
  if (body.length === 0 && mediaUrls.length === 0) throw restErrors.bodyRequired();
  // Twilio counts characters, not UTF-16 units.
  if ([...body].length > 1600) throw restErrors.bodyTooLong();
  if (mediaUrls.length > 10) throw restErrors.tooManyMedia();
  if (!isE164(to)) throw restErrors.invalidTo(to);
  if (from && !isE164(from) && !isAlphanumericSenderId(from)) throw restErrors.invalidFrom(from);
  if (messagingServiceSid && !/^MG[0-9a-fA-F]{32}$/.test(messagingServiceSid)) {
    throw restErrors.invalidParameter(`Invalid MessagingServiceSid: ${messagingServiceSid}`);
  }
  if (statusCallback && !isCallbackUrl(statusCallback)) throw restErrors.invalidStatusCallback(statusCallback);
  if (from === to) throw restErrors.sameToAndFrom(to);
  const magic = magicNumberError(from, to);
  if (magic) throw magic;

  return { to, from, messagingServiceSid, body, mediaUrls, statusCallback };
}

function isCallbackUrl(value: string): boolean {
  try {
    const u = new URL(value);
    // Twilio rejects hostnames with underscores.
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0 && !u.hostname.includes('_');
  } catch {
    return false;
  }
}
