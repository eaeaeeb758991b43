import type { PhoneMessage } from './simulator-api';

/** One company number's side of a phone's texts: what a phone's messages app shows as one conversation. */
export interface PhoneThreadSummary {
  companyNumber: string;
  messages: PhoneMessage[];
  lastAt: string | null;
}

const E164 = /^\+[1-9]\d{6,14}$/;

/** The company number on the other end: the one texted (inbound) or the one that texted (outbound). */
export function counterpart(m: PhoneMessage): string | null {
  return m.direction === 'inbound' ? m.to : m.from;
}

/**
 * The phone's threads, newest first, one per company number it has texted or been texted from; the company number
 * being texted gets an empty one until its first text.
 */
export function threadsOf(messages: PhoneMessage[], current: string): PhoneThreadSummary[] {
  const byNumber = new Map<string, PhoneMessage[]>();
  for (const m of messages) {
    const number = counterpart(m);
    if (!number) continue;
    byNumber.set(number, [...(byNumber.get(number) ?? []), m]);
  }
  const threads: PhoneThreadSummary[] = [...byNumber].map(([companyNumber, list]) => ({
    companyNumber,
    messages: list,
    lastAt: list.at(-1)?.dateCreated ?? null,
  }));
  threads.sort((a, b) => (b.lastAt ?? '').localeCompare(a.lastAt ?? ''));
  if (E164.test(current) && !byNumber.has(current)) threads.unshift({ companyNumber: current, messages: [], lastAt: null });
  return threads;
}
