import { compileCalendar, DEFAULT_BUSINESS_CALENDAR, isWorkingDay } from '../../core/time/business-calendar';
import { addBusinessDuration, nextWorkingMoment } from '../../core/time/business-duration';
import { computeStepSchedule } from '../../core/time/step-schedule';
import type { BusinessCalendarSpec } from '../../core/sop/types';

const at = (iso: string): number => Date.parse(iso);
const SH = 'Asia/Shanghai';
const NY = 'America/New_York';

/**
 * China's official 2026 National Day schedule: 1–7 October (Thursday to
 * Wednesday) off; Sunday 20 September and Saturday 10 October worked (调休).
 */
const CN_2026: BusinessCalendarSpec = {
  workdays: [1, 2, 3, 4, 5],
  hours: ['09:00', '18:00'],
  holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  workdaysExtra: ['2026-09-20', '2026-10-10'],
};

describe('isWorkingDay', () => {
  it.each([
    ['2026-09-18', true], // Friday
    ['2026-09-19', false], // Saturday
    ['2026-09-20', true], // Sunday, make-up workday
    ['2026-09-30', true], // Wednesday before the holiday
    ['2026-10-01', false], // National Day
    ['2026-10-05', false], // Monday inside the holiday
    ['2026-10-08', true], // Thursday after
    ['2026-10-10', true], // Saturday, make-up workday
    ['2026-10-11', false], // Sunday
  ])('%s → %s', (date, worked) => {
    expect(isWorkingDay(date, CN_2026)).toBe(worked);
  });

  it('rejects a date that is not YYYY-MM-DD', () => {
    expect(() => isWorkingDay('2026-02-30', CN_2026)).toThrow('"2026-02-30" is not a date YYYY-MM-DD');
  });
});

describe('addBusinessDuration', () => {
  it.each([
    ['Friday 17:00 + PT4H → next Monday 12:00', '2026-03-06T17:00:00+08:00', 'PT4H', '2026-03-09T12:00:00+08:00'],
    ['Friday 17:00 + PT1H → Friday 18:00, not Monday 09:00', '2026-03-06T17:00:00+08:00', 'PT1H', '2026-03-06T18:00:00+08:00'],
    ['Friday 18:00 + PT1H → Monday 10:00', '2026-03-06T18:00:00+08:00', 'PT1H', '2026-03-09T10:00:00+08:00'],
    ['Saturday 22:00 + PT4H → Monday 13:00', '2026-03-07T22:00:00+08:00', 'PT4H', '2026-03-09T13:00:00+08:00'],
    ['Saturday 22:00 + P1D → Monday 18:00 (one full working day)', '2026-03-07T22:00:00+08:00', 'P1D', '2026-03-09T18:00:00+08:00'],
    ['Monday 07:00 + PT1H → Monday 10:00', '2026-03-09T07:00:00+08:00', 'PT1H', '2026-03-09T10:00:00+08:00'],
    ['Monday 14:00 + P1D → Tuesday 14:00', '2026-03-09T14:00:00+08:00', 'P1D', '2026-03-10T14:00:00+08:00'],
    ['Monday 09:00 + P1W → Friday 18:00 (5 working days)', '2026-03-02T09:00:00+08:00', 'P1W', '2026-03-06T18:00:00+08:00'],
    ['Friday 17:00 + PT1H30M → Monday 09:30', '2026-03-06T17:00:00+08:00', 'PT1H30M', '2026-03-09T09:30:00+08:00'],
    ['the holiday spans the deadline: 30 Sep 15:00 + P2D → 9 Oct 15:00', '2026-09-30T15:00:00+08:00', 'P2D', '2026-10-09T15:00:00+08:00'],
    ['a start inside the holiday waits for 8 Oct: 3 Oct 10:00 + PT4H → 8 Oct 13:00', '2026-10-03T10:00:00+08:00', 'PT4H', '2026-10-08T13:00:00+08:00'],
    ['make-up Saturday 10 Oct is worked: Fri 9 Oct 17:00 + PT4H → Sat 12:00', '2026-10-09T17:00:00+08:00', 'PT4H', '2026-10-10T12:00:00+08:00'],
    ['make-up Sunday 20 Sep is worked: Fri 18 Sep 17:00 + PT2H → Sun 10:00', '2026-09-18T17:00:00+08:00', 'PT2H', '2026-09-20T10:00:00+08:00'],
    ['P10D from Mon 28 Sep counts 28–30 Sep, 8–10 and 12–15 Oct', '2026-09-28T09:00:00+08:00', 'P10D', '2026-10-15T18:00:00+08:00'],
    ['a zero duration returns the start unchanged', '2026-03-07T22:00:00+08:00', 'PT0S', '2026-03-07T22:00:00+08:00'],
  ])('%s', (_title, start, duration, expected) => {
    expect(addBusinessDuration(start, duration, CN_2026, SH)).toBe(at(expected));
  });

  it('reads dates and hours in the given zone, keeping 09:00–18:00 local across DST', () => {
    expect(addBusinessDuration('2026-03-06T17:00', 'PT4H', DEFAULT_BUSINESS_CALENDAR, NY)).toBe(at('2026-03-09T12:00:00-04:00'));
  });

  it('supports a working day ending at 24:00', () => {
    const allDay: BusinessCalendarSpec = { workdays: [1, 2, 3, 4, 5, 6, 7], hours: ['00:00', '24:00'] };
    expect(addBusinessDuration('2026-03-07T10:00:00+08:00', 'P2D', allDay, SH)).toBe(at('2026-03-09T10:00:00+08:00'));
    expect(addBusinessDuration('2026-03-07T10:00:00+08:00', 'PT14H', allDay, SH)).toBe(at('2026-03-08T00:00:00+08:00'));
  });

  it('accepts parsed parts and epoch ms', () => {
    const parts = { years: 0, months: 0, weeks: 0, days: 0, hours: 4, minutes: 0, seconds: 0 };
    expect(addBusinessDuration(at('2026-03-06T17:00:00+08:00'), parts, CN_2026, SH)).toBe(at('2026-03-09T12:00:00+08:00'));
  });

  it('rejects years and months, and weeks without workdays', () => {
    expect(() => addBusinessDuration(0, 'P1M', CN_2026, SH)).toThrow(
      'business time cannot count years or months ("P1M"); use working days (P20D) or hours',
    );
    expect(() => addBusinessDuration(0, 'P1W', { workdays: [], hours: ['09:00', '18:00'] }, SH)).toThrow(
      'business weeks ("P1W") need at least one weekday in calendar.workdays',
    );
  });

  it('gives up when the calendar has no working time', () => {
    expect(() => addBusinessDuration(0, 'PT1H', { workdays: [], hours: ['09:00', '18:00'] }, SH)).toThrow(
      'the business calendar has no working time within 3660 days',
    );
  });
});

describe('nextWorkingMoment', () => {
  it.each([
    ['during working hours: the start itself', '2026-03-09T10:15:00+08:00', '2026-03-09T10:15:00+08:00'],
    ['Saturday night: Monday 09:00', '2026-03-07T22:00:00+08:00', '2026-03-09T09:00:00+08:00'],
    ['closing time: the next working day', '2026-03-09T18:00:00+08:00', '2026-03-10T09:00:00+08:00'],
    ['inside the National Day holiday: 8 Oct 09:00', '2026-10-01T10:00:00+08:00', '2026-10-08T09:00:00+08:00'],
  ])('%s', (_title, start, expected) => {
    expect(nextWorkingMoment(start, CN_2026, SH)).toBe(at(expected));
  });
});

describe('compileCalendar', () => {
  const base: BusinessCalendarSpec = { workdays: [1, 2, 3, 4, 5], hours: ['09:00', '18:00'] };
  it.each([
    [{ ...base, workdays: [1, 8] }, 'calendar.workdays has 8; ISO weekdays are 1 (Monday) to 7 (Sunday)'],
    [{ ...base, hours: ['9:00', '18:00'] }, 'calendar start hour "9:00" is not a time HH:MM (e.g. 09:00)'],
    [{ ...base, hours: ['18:00', '09:00'] }, 'calendar hours 18:00–09:00: the start must be before the end'],
    [{ ...base, holidays: ['2026-02-30'] }, 'calendar.holidays has "2026-02-30", which is not a date YYYY-MM-DD'],
    [{ ...base, holidays: ['2026-10-10'], workdaysExtra: ['2026-10-10'] }, 'calendar: 2026-10-10 is both a holiday and a make-up workday'],
  ] as Array<[BusinessCalendarSpec, string]>)('rejects %j', (spec, message) => {
    expect(() => compileCalendar(spec)).toThrow(message);
  });
});

describe('computeStepSchedule', () => {
  it('puts a business deadline after the holiday, reminders before it and the escalation ladder after it', () => {
    expect(
      computeStepSchedule({
        activatedAt: at('2026-09-30T15:00:00+08:00'),
        due: { after: 'P2D', calendar: 'business' },
        reminders: [
          { before: 'P1D', notify: ['assignee'] },
          { before: 'PT4H', notify: ['assignee'] },
        ],
        escalation: [
          { overdue: 'PT0S', notify: ['assignee'] },
          { overdue: 'PT24H', notify: ['owner'], cc: ['manager'] },
        ],
        calendar: CN_2026,
        timezone: SH,
      }),
    ).toEqual({
      dueAt: at('2026-10-09T15:00:00+08:00'),
      reminders: [
        { index: 0, at: at('2026-10-08T15:00:00+08:00') },
        { index: 1, at: at('2026-10-09T11:00:00+08:00') },
      ],
      escalations: [
        { level: 1, index: 0, at: at('2026-10-09T15:00:00+08:00') },
        { level: 2, index: 1, at: at('2026-10-10T15:00:00+08:00') },
      ],
    });
  });

  it('counts a calendar deadline in calendar time and keeps reminders in time order with their spec index', () => {
    expect(
      computeStepSchedule({
        activatedAt: '2026-03-06T10:00',
        due: { after: 'P2D' },
        reminders: [
          { before: 'PT4H', notify: ['assignee'] },
          { before: 'P1D', notify: ['assignee'] },
        ],
        escalation: [{ overdue: 'P1D', notify: ['owner'] }],
        timezone: NY,
      }),
    ).toEqual({
      dueAt: at('2026-03-08T10:00:00-04:00'),
      reminders: [
        { index: 1, at: at('2026-03-07T10:00:00-05:00') },
        { index: 0, at: at('2026-03-08T06:00:00-04:00') },
      ],
      escalations: [{ level: 1, index: 0, at: at('2026-03-09T10:00:00-04:00') }],
    });
  });

  it('keeps a reminder that falls before activation (the caller decides) and uses Mon–Fri 09:00–18:00 without a calendar', () => {
    const schedule = computeStepSchedule({
      activatedAt: '2026-03-06T17:00:00+08:00',
      due: { after: 'PT4H', calendar: 'business' },
      reminders: [{ before: 'P7D', notify: ['assignee'] }],
      timezone: SH,
    });
    expect(schedule).toEqual({
      dueAt: at('2026-03-09T12:00:00+08:00'),
      reminders: [{ index: 0, at: at('2026-03-02T12:00:00+08:00') }],
      escalations: [],
    });
  });

  it('counts business time in the calendar\'s own zone when it has one (a shared calendar\'s version), reminders and escalations still in the SOP\'s', () => {
    const schedule = computeStepSchedule({
      activatedAt: at('2026-03-06T17:00:00+08:00'),
      due: { after: 'PT4H', calendar: 'business' },
      reminders: [{ before: 'P1D', notify: ['assignee'] }],
      escalation: [{ overdue: 'P1D', notify: ['owner'] }],
      calendar: { workdays: [1, 2, 3, 4, 5], hours: ['09:00', '18:00'], timezone: NY },
      timezone: SH,
    });
    // Friday 17:00 Shanghai is Friday 04:00 New York: the four hours run 09:00–13:00 there that Friday.
    expect(schedule).toEqual({
      dueAt: at('2026-03-06T13:00:00-05:00'),
      reminders: [{ index: 0, at: at('2026-03-05T13:00:00-05:00') }],
      escalations: [{ level: 1, index: 0, at: at('2026-03-07T13:00:00-05:00') }],
    });
  });

  it('rejects an invalid duration with its text', () => {
    expect(() => computeStepSchedule({ activatedAt: 0, due: { after: 'two days' }, timezone: SH })).toThrow(
      '"two days" is not an ISO 8601 duration',
    );
    const due = { after: 'P1D', calendar: 'working' } as unknown as { after: string };
    expect(() => computeStepSchedule({ activatedAt: 0, due, timezone: SH })).toThrow(
      'due.calendar must be "calendar" or "business" (got "working")',
    );
  });
});
