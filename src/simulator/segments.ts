// GSM 03.38 basic character set and the extension table (each extension character costs two septets).
const GSM_BASIC = new Set(
  Array.from(
    '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
  ),
);
const GSM_EXTENSION = new Set(Array.from('^{}\\[~]|€\f'));

/**
 * Number of SMS segments Twilio would bill for a body: GSM-7 fits 160 septets in one SMS or 153 per part, otherwise
 * UCS-2 fits 70 code units or 67 per part. An escape pair or a surrogate pair is never split across parts.
 */
export function countSegments(body: string): number {
  const chars = Array.from(body);
  const gsm = chars.every((ch) => GSM_BASIC.has(ch) || GSM_EXTENSION.has(ch));
  const cost = gsm ? (ch: string) => (GSM_EXTENSION.has(ch) ? 2 : 1) : (ch: string) => ch.length;
  const [single, part] = gsm ? [160, 153] : [70, 67];

  const total = chars.reduce((sum, ch) => sum + cost(ch), 0);
  if (total <= single) return 1;
  let segments = 1;
  let used = 0;
  for (const ch of chars) {
    const c = cost(ch);
    if (used + c > part) {
      segments += 1;
      used = 0;
    }
    used += c;
  }
  return segments;
}
