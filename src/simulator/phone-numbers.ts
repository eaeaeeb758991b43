import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';

export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;

export const e164Schema = z.string().regex(E164_PATTERN, 'must be an E.164 number such as +15005550006');

export function isE164(value: string): boolean {
  return E164_PATTERN.test(value);
}

/** Twilio's alphanumeric sender IDs: up to 11 characters, letters/digits/spaces, at least one letter. */
export function isAlphanumericSenderId(value: string): boolean {
  return /^[A-Za-z0-9 ]{1,11}$/.test(value) && /[A-Za-z]/.test(value);
}

/** Best-effort ISO country for the From/ToCountry webhook parameters (Twilio sends them, often without city data). */
export function countryOf(number: string): string {
  return parsePhoneNumberFromString(number)?.country ?? (number.startsWith('+1') ? 'US' : '');
}
