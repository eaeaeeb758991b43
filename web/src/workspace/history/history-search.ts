import type { HistoryFilter } from '../shared/api';

const PHONE_CHARACTERS = /^[\d\s()+.-]+$/;

/** The search box and date fields as the api's filter, or why they cannot be one yet. */
export function historyFilterOf(text: string, from: string, to: string): { filter: HistoryFilter } | { problem: string } {
  const f: HistoryFilter = {};
  const t = text.trim();
  if (PHONE_CHARACTERS.test(t)) {
    if (t.replace(/\D/g, '').length < 3) return { problem: 'Type at least 3 digits of the number.' };
    f.number = t;
  } else if (t.length === 1) {
    return { problem: 'Type at least 2 letters of the name.' };
  } else if (t) {
    f.name = t;
  }
  // Whole days in the agent's own time zone: "to" includes that day.
  if (from) f.closedSince = new Date(`${from}T00:00`).toISOString();
  if (to) {
    const end = new Date(`${to}T00:00`);
    end.setDate(end.getDate() + 1);
    f.closedUntil = end.toISOString();
  }
  if (f.closedSince && f.closedUntil && f.closedSince >= f.closedUntil) return { problem: 'The “Closed to” date is before the “Closed from” date.' };
  return { filter: f };
}
