// Twilio's delivery receipts carry only an ErrorCode; these are its published meanings, shown when the message has
// no error text of its own. https://www.twilio.com/docs/api/errors
const REASONS: Record<string, string> = {
  '21211': "Invalid 'To' phone number",
  '21408': 'Region not enabled for sending',
  '21610': 'Recipient has opted out (replied STOP)',
  '21612': "The 'To' number cannot be reached from this 'From' number",
  '21614': "'To' number is not a mobile number",
  '30001': 'Queue overflow',
  '30002': 'Account suspended',
  '30003': 'Unreachable destination handset',
  '30004': 'Message blocked',
  '30005': 'Unknown destination handset',
  '30006': 'Landline or unreachable carrier',
  '30007': 'Message filtered by the carrier',
  '30008': 'Unknown error',
  '30032': 'Toll-free number not verified',
  '30034': 'Message from an unregistered number',
  '30036': 'Validity period expired',
};

export function providerErrorReason(code: string | number | null, message: string | null): string | null {
  if (message) return message;
  return code === null ? null : (REASONS[String(code)] ?? null);
}

/**
 * Why a message did not reach the requester, in words, or null when it did (or may still): a failure names the
 * provider's code and its meaning; a text Parley canceled says why it never went (an opt-out, a closed conversation,
 * the requester writing first). A status without a stored reason still says what it means.
 */
export function undeliveredReason(status: string, code: string | number | null, message: string | null): string | null {
  if (status === 'failed' || status === 'undelivered') {
    const hasCode = code !== null && code !== '';
    const parts = [hasCode ? `error ${code}` : null, providerErrorReason(code, message)].filter(Boolean);
    return parts.length ? parts.join(': ') : status === 'failed' ? 'the provider could not send it and gave no reason' : 'the carrier did not deliver it and gave no reason';
  }
  if (status === 'canceled') return message ?? 'Parley did not send it: it was canceled before it reached the provider.';
  return null;
}
