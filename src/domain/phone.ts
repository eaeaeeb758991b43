import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { VALIDATED_NUMBER } from './ids';

export class InvalidPhoneNumberError extends Error {}

/** E.164 form of a number typed by a person or sent by a provider; throws with a sentence saying why. */
export function toE164(input: string, defaultRegion = 'US'): string {
  const trimmed = input.trim();
  if (!trimmed) throw new InvalidPhoneNumberError('phone number is empty');
  const parsed = parsePhoneNumberFromString(trimmed, defaultRegion as CountryCode);
  if (!parsed || !parsed.isPossible()) {
    throw new InvalidPhoneNumberError(`"${input}" is not a valid phone number`);
  }
  return parsed.number;
}

export function isE164(s: string): boolean {
  return /^\+[1-9]\d{6,14}$/.test(s);
}

/**
 * A sender or recipient as a provider posts it: E.164 that libphonenumber-js finds possible, or a 3–8 digit short
 * code. Nothing else is a number (issue 12): not `00447700900123`, not letters, not NUL.
 */
export function isProviderNumber(s: string): boolean {
  if (!VALIDATED_NUMBER.test(s)) return false;
  if (!s.startsWith('+')) return true;
  return parsePhoneNumberFromString(s)?.isPossible() === true;
}

/** E.164 form of a number that libphonenumber-js finds valid (not just possible) in the region; else null (AI-9). */
export function toValidE164(input: string, defaultRegion = 'US'): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultRegion as CountryCode);
  return parsed && parsed.isValid() ? parsed.number : null;
}
