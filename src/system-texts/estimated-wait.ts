// VA-11: the `{{estimated_wait}}` field of a system text (the transfer text at a virtual agent's handoff).

export const ESTIMATED_WAIT_FIELD = /\{\{\s*estimated_wait\s*\}\}/;

/** Whole minutes, said the way a person would: "about 3 minutes", "about 1 minute", "less than a minute". */
export function estimatedWaitWords(seconds: number): string {
  if (seconds < 30) return 'less than a minute';
  const minutes = Math.round(seconds / 60);
  return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/**
 * Fills `{{estimated_wait}}`; with no estimate (unknown, or not computed) the sentence that holds the field is left
 * out, so the text reads as it would without it.
 */
export function fillEstimatedWait(text: string, seconds: number | null | undefined): string {
  if (!ESTIMATED_WAIT_FIELD.test(text)) return text;
  if (seconds !== null && seconds !== undefined) return text.replace(new RegExp(ESTIMATED_WAIT_FIELD, 'g'), estimatedWaitWords(seconds));
  return text
    .split(/(?<=[.!?])\s+/)
    .filter((sentence) => !ESTIMATED_WAIT_FIELD.test(sentence))
    .join(' ')
    .trim();
}
