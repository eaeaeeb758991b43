import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

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

/** E.164 form of a number that libphonenumber-js finds valid (not just possible) in the region; else null (AI-9). */
export function toValidE164(input: string, defaultRegion = 'US'): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultRegion as CountryCode);
  return parsed && parsed.isValid() ? parsed.number : null;
}
