/**
 * Working time between two instants (businessMillisBetween, businessClock):
 * weekends, the 2026 National Day holiday and its make-up days (调休), spans
 * that start or end outside working hours, several weeks, DST and its absence.
 */
import { DEFAULT_BUSINESS_CALENDAR } from '../../core/time/business-calendar';
import { addBusinessDuration, businessClock, businessMillisBetween } from '../../core/time/business-duration';
import type { BusinessCalendarSpec } from '../../core/sop/types';

const at = (iso: string): number => Date.parse(iso);
const HOUR = 3_600_000;
const SH = 'Asia/Shanghai';
const NY = 'America/New_York';

/** China's 2026 National Day: 1–7 October off; Sunday 20 September and Saturday 10 October worked (调休). */
const CN_2026: BusinessCalendarSpec = {
  workdays: [1, 2, 3, 4, 5],
  hours: ['09:00', '18:00'],
  holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  workdaysExtra: ['2026-09-20', '2026-10-10'],
};
const ALL_DAY: BusinessCalendarSpec = { workdays: [1, 2, 3, 4, 5, 6, 7], hours: ['00:00', '24:00'] };

describe('businessMillisBetween', () => {
  it.each([
    ['within one working day: Monday 10:00 → 15:30 is 5.5 h', '2026-03-09T10:00:00+08:00', '2026-03-09T15:30:00+08:00', 5.5],
    ['a whole day from before opening to after closing: Monday 07:00 → 20:00 is 9 h', '2026-03-09T07:00:00+08:00', '2026-03-09T20:00:00+08:00', 9],
    ['over a weekend: Friday 17:00 → Monday 10:00 is 1 h + 1 h', '2026-03-06T17:00:00+08:00', '2026-03-09T10:00:00+08:00', 2],
    ['starting on a Saturday night: Saturday 22:00 → Monday 13:00 is 4 h', '2026-03-07T22:00:00+08:00', '2026-03-09T13:00:00+08:00', 4],
    ['both ends outside working hours: Saturday 22:00 → Monday 07:00 is 0', '2026-03-07T22:00:00+08:00', '2026-03-09T07:00:00+08:00', 0],
    ['after closing to before opening: Monday 18:30 → Tuesday 08:59 is 0', '2026-03-09T18:30:00+08:00', '2026-03-10T08:59:00+08:00', 0],
    ['ending at closing time exactly: Friday 17:00 → Friday 18:00 is 1 h', '2026-03-06T17:00:00+08:00', '2026-03-06T18:00:00+08:00', 1],
    ['across the National Day holiday: 30 Sep 15:00 → 9 Oct 10:00 is 3 h + 9 h (8 Oct) + 1 h', '2026-09-30T15:00:00+08:00', '2026-10-09T10:00:00+08:00', 13],
    ['inside the holiday only: 2 Oct 10:00 → 6 Oct 17:00 is 0', '2026-10-02T10:00:00+08:00', '2026-10-06T17:00:00+08:00', 0],
    ['make-up Sunday 20 Sep is worked: Fri 18 Sep 17:00 → Mon 21 Sep 10:00 is 1 + 9 + 1 h', '2026-09-18T17:00:00+08:00', '2026-09-21T10:00:00+08:00', 11],
    ['make-up Saturday 10 Oct is worked, Sunday 11 Oct is not: Fri 9 Oct 17:00 → Sun 11 Oct 12:00 is 1 + 9 h', '2026-10-09T17:00:00+08:00', '2026-10-11T12:00:00+08:00', 10],
    ['three whole weeks: Monday 2 Mar 09:00 → Monday 23 Mar 09:00 is 15 days × 9 h', '2026-03-02T09:00:00+08:00', '2026-03-23T09:00:00+08:00', 135],
    ['weeks with the holiday inside: Mon 28 Sep 09:00 → Thu 15 Oct 18:00 is 10 working days × 9 h', '2026-09-28T09:00:00+08:00', '2026-10-15T18:00:00+08:00', 90],
  ])('%s', (_title, start, end, hours) => {
    expect(businessMillisBetween(start, end, CN_2026, SH)).toBe(hours * HOUR);
  });

  it('is 0 when the end is at or before the start', () => {
    expect(businessMillisBetween('2026-03-09T15:00:00+08:00', '2026-03-09T10:00:00+08:00', CN_2026, SH)).toBe(0);
    expect(businessMillisBetween('2026-03-09T10:00:00+08:00', '2026-03-09T10:00:00+08:00', CN_2026, SH)).toBe(0);
  });

  it('undoes addBusinessDuration: the time between a start and its deadline is the duration', () => {
    const cases: Array<[string, string, number]> = [
      ['2026-03-06T17:00:00+08:00', 'PT4H', 4],
      ['2026-03-07T22:00:00+08:00', 'P1D', 9],
      ['2026-09-30T15:00:00+08:00', 'P2D', 18],
      ['2026-09-18T17:00:00+08:00', 'PT2H', 2],
      ['2026-09-28T09:00:00+08:00', 'P2W', 90],
    ];
    for (const [start, duration, hours] of cases) {
      const deadline = addBusinessDuration(start, duration, CN_2026, SH);
      expect([start, duration, businessMillisBetween(start, deadline, CN_2026, SH)]).toEqual([start, duration, hours * HOUR]);
    }
  });

  it('in a zone without DST every day of a round-the-clock calendar is 24 h (Shanghai over the US and EU changes)', () => {
    expect(businessMillisBetween('2026-03-07T00:00', '2026-03-09T00:00', ALL_DAY, SH)).toBe(48 * HOUR);
    expect(businessMillisBetween('2026-03-28T00:00', '2026-03-30T00:00', ALL_DAY, SH)).toBe(48 * HOUR);
  });

  it('in New York, 09:00–18:00 stays local across DST and the day the clocks go forward is 23 h round the clock', () => {
    expect(businessMillisBetween('2026-03-06T17:00', '2026-03-09T10:00', DEFAULT_BUSINESS_CALENDAR, NY)).toBe(2 * HOUR);
    // Monday opens at 09:00 EDT = 13:00 UTC (before the change 09:00 was 14:00 UTC).
    expect(businessMillisBetween('2026-03-09T12:30:00Z', '2026-03-09T14:00:00Z', DEFAULT_BUSINESS_CALENDAR, NY)).toBe(HOUR);
    expect(businessMillisBetween('2026-03-07T00:00', '2026-03-09T00:00', ALL_DAY, NY)).toBe(47 * HOUR);
  });

  it('in St John\'s (UTC−3:30) the clocks go forward at 05:30 UTC, inside a UTC hour: that day is 23 h and 01:00–03:00 local holds 1 h', () => {
    expect(businessMillisBetween('2026-03-07T00:00', '2026-03-09T00:00', ALL_DAY, 'America/St_Johns')).toBe(47 * HOUR);
    const night = { ...ALL_DAY, hours: ['01:00', '03:00'] as [string, string] };
    expect(businessMillisBetween('2026-03-08T00:00', '2026-03-08T12:00', night, 'America/St_Johns')).toBe(HOUR);
    expect(businessMillisBetween('2026-03-08T05:00:00Z', '2026-03-08T05:59:00Z', night, 'America/St_Johns')).toBe(30 * 60_000);
  });

  it('reads local dates in the zone given: Monday 00:30 in Shanghai is still Sunday in UTC', () => {
    const utc = { ...DEFAULT_BUSINESS_CALENDAR, hours: ['00:00', '09:00'] as [string, string] };
    // Sunday 16:00 UTC → Monday 02:00 UTC: Monday 00:00–10:00 in Shanghai; in UTC only Monday 00:00–02:00 is worked.
    expect(businessMillisBetween('2026-03-08T16:00:00Z', '2026-03-09T02:00:00Z', utc, SH)).toBe(9 * HOUR);
    expect(businessMillisBetween('2026-03-08T16:00:00Z', '2026-03-09T02:00:00Z', utc, 'UTC')).toBe(2 * HOUR);
  });

  it('counts a working day that ends at 24:00 up to midnight', () => {
    expect(businessMillisBetween('2026-03-07T10:00:00+08:00', '2026-03-09T10:00:00+08:00', ALL_DAY, SH)).toBe(48 * HOUR);
    expect(businessMillisBetween('2026-03-06T20:00:00+08:00', '2026-03-07T02:00:00+08:00', { workdays: [5], hours: ['18:00', '24:00'] }, SH)).toBe(4 * HOUR);
  });

  it('spans longer than the deadline search (3660 days) and calendars with no working day count without giving up', () => {
    // 2020-01-01 → 2031-01-01: 11 years with 3 leap days = 4018 days.
    expect(businessMillisBetween('2020-01-01T00:00', '2031-01-01T00:00', ALL_DAY, SH)).toBe(4018 * 24 * HOUR);
    expect(businessMillisBetween('2026-03-01T00:00', '2027-03-01T00:00', { workdays: [], hours: ['09:00', '18:00'] }, SH)).toBe(0);
  });

  it('rejects an unknown zone, a bad calendar and an unreadable instant', () => {
    expect(() => businessMillisBetween(0, 1, CN_2026, 'Mars/Olympus')).toThrow('"Mars/Olympus" is not a known IANA time zone');
    expect(() => businessMillisBetween(0, 1, { workdays: [1], hours: ['18:00', '09:00'] }, SH)).toThrow('calendar hours 18:00–09:00: the start must be before the end');
    expect(() => businessMillisBetween('yesterday', 1, CN_2026, SH)).toThrow('"yesterday" is not an ISO 8601 date-time');
  });
});

describe('businessClock', () => {
  it('answers as businessMillisBetween for each of many spans, reusing the days it has worked out', () => {
    const clock = businessClock(CN_2026, SH);
    const spans: Array<[string, string]> = [
      ['2026-09-30T15:00:00+08:00', '2026-10-09T10:00:00+08:00'],
      ['2026-09-18T17:00:00+08:00', '2026-09-21T10:00:00+08:00'],
      ['2026-10-09T17:00:00+08:00', '2026-10-11T12:00:00+08:00'],
      ['2026-09-30T15:00:00+08:00', '2026-10-09T10:00:00+08:00'],
      ['2026-10-11T12:00:00+08:00', '2026-10-09T17:00:00+08:00'],
    ];
    expect(spans.map(([s, e]) => clock(at(s), at(e)) / HOUR)).toEqual([13, 11, 10, 13, 0]);
    expect(spans.map(([s, e]) => businessMillisBetween(s, e, CN_2026, SH) / HOUR)).toEqual([13, 11, 10, 13, 0]);
  });

  it('one clock asked about spans before, after and around the days it has summed still undoes addBusinessDuration (New York, across both DST changes, with holidays)', () => {
    const calendar: BusinessCalendarSpec = { ...CN_2026, holidays: [...CN_2026.holidays!, '2026-03-09', '2026-11-02'] };
    const clock = businessClock(calendar, NY);
    // Starts walk out from June in both directions, so the running totals grow downwards and upwards.
    const starts = Array.from({ length: 40 }, (_, i) => at('2026-06-15T13:17:00Z') + (i % 2 === 0 ? -1 : 1) * i * 7 * 24 * HOUR + i * 611_000);
    const hours = starts.map((_, i) => 1 + ((i * 37) % 400) + (i % 3) / 4);
    const deadlines = starts.map((s, i) => addBusinessDuration(s, `PT${hours[i]}H`, calendar, NY));
    expect(starts.map((s, i) => clock(s, deadlines[i]!) / HOUR)).toEqual(hours);
  });
});
