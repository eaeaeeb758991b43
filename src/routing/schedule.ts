// Pure: when a queue is open. A schedule is a time zone, weekly opening hours and holidays; none = 24×7.
import { z } from 'zod';

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time HH:MM (00:00 to 24:00)');
const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const ScheduleSchema = z.strictObject({
  timeZone: z.string().refine(validTimeZone, 'an IANA time zone such as America/New_York'),
  /** Opening hours per weekday (0 = Sunday … 6 = Saturday); several ranges per day allowed. */
  weekly: z
    .array(z.strictObject({ day: z.int().min(0).max(6), start: HHMM, end: HHMM }).refine((r) => toMinutes(r.start) < toMinutes(r.end), 'end must be after start'))
    .max(50),
  /** Whole days closed, in the schedule's time zone. */
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')).max(400).default([]),
});
export type Schedule = z.infer<typeof ScheduleSchema>;

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** The local date, weekday and minute of the day of `at` in `timeZone`. */
export function localTime(at: Date, timeZone: string): { date: string; day: number; minute: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, day: WEEKDAYS[parts.weekday], minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** whether the queue is open at `at`. No schedule: always open (the default SMS queue is 24×7). */
export function isOpen(schedule: Schedule | null | undefined, at: Date): boolean {
  if (!schedule) return true;
  const t = localTime(at, schedule.timeZone);
  if (schedule.holidays.includes(t.date)) return false;
  return schedule.weekly.some((r) => r.day === t.day && t.minute >= toMinutes(r.start) && t.minute < toMinutes(r.end));
}
