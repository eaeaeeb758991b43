import assert from 'node:assert/strict';
import { isOpen, localTime, ScheduleSchema, type Schedule } from '../../../src/routing/schedule';

const weekdays9to5: Schedule = {
  timeZone: 'America/New_York',
  weekly: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })),
  holidays: ['2026-12-25'],
};

describe('queue schedules (Q-1, Q-15, ref Q20)', () => {
  const rows: [string, Schedule | null, string, boolean][] = [
    ['Q-15 no schedule: open 24×7 (the default SMS queue)', null, '2026-12-27T03:00:00Z', true],
    ['Q-15 inside weekly hours, in the queue’s time zone (Tue 10:00 New York)', weekdays9to5, '2026-12-01T15:00:00Z', true],
    ['Q-15 before opening (Tue 08:59 New York)', weekdays9to5, '2026-12-01T13:59:00Z', false],
    ['Q-15 closing time is exclusive (Tue 17:00 New York)', weekdays9to5, '2026-12-01T22:00:00Z', false],
    ['Q-15 a weekend day without hours (Sun 12:00 New York)', weekdays9to5, '2026-11-29T17:00:00Z', false],
    ['Q-15 a holiday is closed all day (Fri 25 Dec 12:00 New York)', weekdays9to5, '2026-12-25T17:00:00Z', false],
    ['Q-15 days are local: Thu 24 Dec 23:30 in New York (25 Dec in UTC) is after hours, not the holiday', weekdays9to5, '2026-12-25T04:30:00Z', false],
    ['Q-15 24:00 closes at midnight', { timeZone: 'UTC', weekly: [{ day: 2, start: '00:00', end: '24:00' }], holidays: [] }, '2026-12-01T23:59:00Z', true],
  ];
  for (const [name, s, at, open] of rows) it(name, () => assert.equal(isOpen(s, new Date(at)), open));

  it('Q-1 local time follows daylight saving (July: UTC-4 in New York)', () => {
    assert.deepEqual(localTime(new Date('2026-07-01T13:00:00Z'), 'America/New_York'), { date: '2026-07-01', day: 3, minute: 9 * 60 });
  });
  it('Q-1 a schedule is validated: unknown time zones and reversed hours are refused', () => {
    assert.equal(ScheduleSchema.safeParse({ timeZone: 'Mars/Olympus', weekly: [] }).success, false);
    assert.equal(ScheduleSchema.safeParse({ timeZone: 'UTC', weekly: [{ day: 1, start: '17:00', end: '09:00' }] }).success, false);
    assert.equal(ScheduleSchema.safeParse({ timeZone: 'UTC', weekly: [{ day: 7, start: '09:00', end: '17:00' }] }).success, false);
  });
});
