import { useMemo } from 'react';
import { SegmentedMessage } from 'sms-segments-calculator';

export const MAX_SMS_CHARACTERS = 1600;

/** How a text goes over SMS: its segments and encoding (Twilio's calculator), and the line the composers show. */
export function useSmsSegments(text: string) {
  const segments = useMemo(() => (text ? new SegmentedMessage(text) : null), [text]);
  const count = segments?.segmentsCount ?? 0;
  const encoding = segments?.encodingName ?? 'GSM-7';
  return {
    encoding,
    tooLong: text.length > MAX_SMS_CHARACTERS,
    counter: `${text.length.toLocaleString()} / ${MAX_SMS_CHARACTERS.toLocaleString()} characters · ${count} ${count === 1 ? 'segment' : 'segments'} · ${encoding}`,
    unicodeNote: encoding === 'UCS-2' && text ? 'Emoji or special characters: Unicode (UCS-2), 70 characters per segment.' : '',
  };
}
