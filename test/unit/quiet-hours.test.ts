import assert from 'node:assert/strict';
import { DEFAULT_QUIET_HOURS, isClockTime, quietHoursEnd, requesterTimeZone, singleClockZone } from '../../src/domain/quiet-hours';

// SPEC §9 quiet hours: the pure rule, across zones and DST changes.
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const NIGHT = DEFAULT_QUIET_HOURS; // 21:00–08:00

describe('quiet hours (SPEC §9): when a held automated text may go', () => {
  it('SPEC §9 outside the window nothing is held', () => {
    assert.equal(quietHoursEnd(at('2026-06-10T14:00:00Z'), NIGHT, 'Europe/London'), null, '15:00 in London');
    assert.equal(quietHoursEnd(at('2026-06-10T07:00:00Z'), NIGHT, 'Europe/London'), null, '08:00 is the end: not inside any more');
  });

  it('SPEC §9 before midnight the window ends at 08:00 the next morning, local time', () => {
    // 22:30 BST on 10 June → 08:00 BST on 11 June = 07:00Z
    assert.equal(iso(quietHoursEnd(at('2026-06-10T21:30:00Z'), NIGHT, 'Europe/London')), '2026-06-11T07:00:00.000Z');
  });

  it('SPEC §9 after midnight the window ends at 08:00 the same morning', () => {
    // 03:00 IST (UTC+5:30) → 08:00 IST = 02:30Z
    assert.equal(iso(quietHoursEnd(at('2026-01-09T21:30:00Z'), NIGHT, 'Asia/Kolkata')), '2026-01-10T02:30:00.000Z');
  });

  it('SPEC §9 the same instant is quiet in one zone and not in another', () => {
    const instant = at('2026-01-15T03:00:00Z'); // 22:00 in New York, 19:00 in Los Angeles, 04:00 in Paris
    assert.equal(iso(quietHoursEnd(instant, NIGHT, 'America/New_York')), '2026-01-15T13:00:00.000Z');
    assert.equal(quietHoursEnd(instant, NIGHT, 'America/Los_Angeles'), null);
    assert.equal(iso(quietHoursEnd(instant, NIGHT, 'Europe/Paris')), '2026-01-15T07:00:00.000Z');
  });

  it('SPEC §9 DST starts during the night: the end is 08:00 on the new (summer) clock', () => {
    // New York, 8 March 2026: 02:00 EST jumps to 03:00 EDT. Held at 01:30 EST (06:30Z), released at 08:00 EDT = 12:00Z.
    assert.equal(iso(quietHoursEnd(at('2026-03-08T06:30:00Z'), NIGHT, 'America/New_York')), '2026-03-08T12:00:00.000Z');
    // Europe, 29 March 2026: 02:00 CET → 03:00 CEST. Held at 23:00 CET on the 28th, released at 08:00 CEST = 06:00Z.
    assert.equal(iso(quietHoursEnd(at('2026-03-28T22:00:00Z'), NIGHT, 'Europe/Berlin')), '2026-03-29T06:00:00.000Z');
  });

  it('SPEC §9 DST ends during the night: the end is 08:00 on the new (winter) clock', () => {
    // New York, 1 November 2026: 02:00 EDT falls back to 01:00 EST. Held at 23:00 EDT on 31 Oct (03:00Z),
    // released at 08:00 EST = 13:00Z (the night is an hour longer).
    assert.equal(iso(quietHoursEnd(at('2026-11-01T03:00:00Z'), NIGHT, 'America/New_York')), '2026-11-01T13:00:00.000Z');
  });

  it('SPEC §9 a window ending inside a DST gap ends after the gap', () => {
    // 02:30 does not exist in New York on 8 March 2026; the text goes at 03:30 EDT (07:30Z), never before 02:00 EST ends.
    const end = quietHoursEnd(at('2026-03-08T06:30:00Z'), { start: '21:00', end: '02:30' }, 'America/New_York');
    assert.equal(iso(end), '2026-03-08T07:30:00.000Z');
  });

  it('SPEC §9 a daytime window (not spanning midnight) works too', () => {
    const lunch = { start: '12:00', end: '13:30' };
    assert.equal(iso(quietHoursEnd(at('2026-06-10T10:15:00Z'), lunch, 'Europe/Paris')), '2026-06-10T11:30:00.000Z', '12:15 CEST');
    assert.equal(quietHoursEnd(at('2026-06-10T09:59:00Z'), lunch, 'Europe/Paris'), null, '11:59 CEST');
  });

  it('SPEC §9 an empty window holds nothing; times must be HH:MM', () => {
    assert.equal(quietHoursEnd(at('2026-06-10T21:30:00Z'), { start: '08:00', end: '08:00' }, 'UTC'), null);
    assert.ok(isClockTime('21:00') && isClockTime('08:05') && isClockTime('00:00'));
    assert.ok(!isClockTime('24:00') && !isClockTime('8:00') && !isClockTime('21:60') && !isClockTime('9pm'));
  });
});

describe("quiet hours (SPEC §9): whose clock — the requester's country where it has one zone, else the company number's", () => {
  it("SPEC §9 a country with one clock gives the requester's zone", () => {
    assert.equal(singleClockZone('+447911123456'), 'Europe/London');
    assert.equal(singleClockZone('+919876543210'), 'Asia/Kolkata');
    // Germany lists Büsingen as a zone of its own, but it keeps Berlin's clock all year: one clock.
    assert.equal(singleClockZone('+4915112345678'), 'Europe/Berlin');
  });

  it('SPEC §9 a country with several clocks is ambiguous (the US, Australia, Spain with the Canaries)', () => {
    assert.equal(singleClockZone('+14155550100'), null);
    assert.equal(singleClockZone('+61412345678'), null);
    assert.equal(singleClockZone('+34612345678'), null);
  });

  it("SPEC §9 an ambiguous requester number uses the company number's configured zone", () => {
    const zone = requesterTimeZone({ requesterNumber: '+14155550123', companyNumber: '+15005550006', companyTimeZone: 'America/Chicago' });
    assert.equal(zone, 'America/Chicago');
    const british = requesterTimeZone({ requesterNumber: '+447911123456', companyNumber: '+15005550006', companyTimeZone: 'America/Chicago' });
    assert.equal(british, 'Europe/London', "a UK mobile texting a US number keeps the UK's night");
  });

  it("SPEC §9 without a configured zone: the company number's country if it has one clock, else UTC", () => {
    assert.equal(requesterTimeZone({ requesterNumber: '+14155550123', companyNumber: '+447911123456', companyTimeZone: null }), 'Europe/London');
    assert.equal(requesterTimeZone({ requesterNumber: '+14155550123', companyNumber: '+15005550006', companyTimeZone: null }), 'UTC');
  });
});
