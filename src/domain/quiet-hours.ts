// SPEC §9 quiet hours: pure rules, no I/O. Unsolicited automated texts (a messaging action's prompt, the queue's
// max-wait text) are held while it is night where the requester lives, and go when the window ends. Time-zone
// arithmetic (offsets, DST gaps and overlaps) is luxon's, not ours.
import { getCountry } from 'countries-and-timezones';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { DateTime, IANAZone } from 'luxon';

/** A daily window in local wall-clock time, `HH:MM` (24 h). `start > end` spans midnight (21:00–08:00). */
export interface QuietWindow {
  start: string;
  end: string;
}

/** SPEC §9's default: 21:00–08:00 (the TCPA window for telemarketing, reference twilio.md §5.7). */
export const DEFAULT_QUIET_HOURS: QuietWindow = { start: '21:00', end: '08:00' };

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isClockTime(s: string): boolean {
  return HHMM.test(s);
}

export function isTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

function minutesOf(hhmm: string): number {
  const m = HHMM.exec(hhmm);
  if (!m) throw new RangeError(`${hhmm} is not a time of day (HH:MM)`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * When the quiet window that `now` falls in ends (epoch ms), or null when `now` is outside it. An end that falls in
 * a DST gap (02:30 on the spring-forward night) is moved past the gap, as luxon resolves nonexistent local times.
 */
export function quietHoursEnd(now: number, window: QuietWindow, zone: string): number | null {
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  if (start === end) return null; // an empty window (rejected by the API; harmless here)
  const local = DateTime.fromMillis(now, { zone });
  const minute = local.hour * 60 + local.minute;
  const spansMidnight = start > end;
  const inside = spansMidnight ? minute >= start || minute < end : minute >= start && minute < end;
  if (!inside) return null;
  // The end is today unless the window began today and runs past midnight.
  const endDay = spansMidnight && minute >= start ? local.plus({ days: 1 }) : local;
  const endAt = DateTime.fromObject(
    { year: endDay.year, month: endDay.month, day: endDay.day, hour: Math.floor(end / 60), minute: end % 60 },
    { zone },
  );
  return endAt.toMillis();
}

/**
 * The zone a requester's quiet hours are judged in: their number's country when every zone of that country keeps
 * the same clock (the UK, India, Germany with Büsingen), else the company number's configured zone, else the
 * company number's own country when that is unambiguous, else UTC.
 */
export function requesterTimeZone(input: { requesterNumber: string; companyNumber: string; companyTimeZone: string | null }, at = Date.now()): string {
  return (
    singleClockZone(input.requesterNumber, at) ??
    (input.companyTimeZone && isTimeZone(input.companyTimeZone) ? input.companyTimeZone : null) ??
    singleClockZone(input.companyNumber, at) ??
    'UTC'
  );
}

/** The country's zone if all its zones show the same time in winter and summer, else null (the US, Australia…). */
export function singleClockZone(e164: string, at = Date.now()): string | null {
  const country = parsePhoneNumberFromString(e164)?.country;
  if (!country) return null;
  const zones = getCountry(country)?.timezones ?? [];
  if (zones.length === 0) return null;
  const year = DateTime.fromMillis(at, { zone: 'UTC' }).year;
  const probes = [DateTime.utc(year, 1, 15), DateTime.utc(year, 7, 15)];
  const offsets = (zone: string) => probes.map((p) => p.setZone(zone).offset).join('/');
  const first = offsets(zones[0]);
  return zones.every((z) => offsets(z) === first) ? zones[0] : null;
}
