import { randomBytes } from 'node:crypto';

/** Twilio SIDs are a two-letter type prefix followed by 32 lowercase hex digits. */
export function newSid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}
