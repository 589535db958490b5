/**
 * What a new calendar version must hold before it is stored (api/calendars/calendar-store.ts checkCalendar):
 * working time in the coming year, and a bounded number of dates.
 */
import { DateTime } from 'luxon';
import { checkCalendar, MAX_CALENDAR_DATES } from '../../api/calendars/calendar-store';
import { HttpProblem } from '../../api/http/problem';

const NOW = Date.parse('2026-12-03T00:00:00Z');
const problemOf = (act: () => unknown): HttpProblem => {
  try {
    act();
  } catch (error) {
    if (error instanceof HttpProblem) return error;
    throw error;
  }
  throw new Error('no problem thrown');
};

/** Every Saturday from 2026-12-05 for `weeks` weeks, as YYYY-MM-DD. */
const saturdays = (weeks: number) => Array.from({ length: weeks }, (_, i) => DateTime.fromISO('2026-12-05', { zone: 'utc' }).plus({ weeks: i }).toISODate()!);

test('a calendar whose only working day is a holiday every week of the coming year is refused (422 calendar-invalid)', () => {
  const problem = problemOf(() => checkCalendar({ workdays: [6], hours: ['09:00', '18:00'], holidays: saturdays(60) }, 'Asia/Shanghai', NOW));
  expect([problem.status, problem.code, problem.detail]).toEqual([422, 'calendar-invalid', 'The calendar has no working time in the coming year: business deadlines on it could never fall due.']);
});

test('the same calendar with a working Saturday within the year is accepted, dates sorted and deduplicated', () => {
  const holidays = saturdays(40);
  const spec = checkCalendar({ workdays: [6], hours: ['09:00', '18:00'], holidays: [...holidays].reverse().concat(holidays[0]!) }, 'Asia/Shanghai', NOW);
  expect(spec.holidays).toEqual(holidays);
});

test(`more than ${MAX_CALENDAR_DATES} holidays are refused (422 calendar-too-large)`, () => {
  const many = Array.from({ length: MAX_CALENDAR_DATES + 1 }, (_, i) => DateTime.fromISO('2020-01-01', { zone: 'utc' }).plus({ days: i }).toISODate()!);
  const problem = problemOf(() => checkCalendar({ workdays: [1, 2, 3, 4, 5], hours: ['09:00', '18:00'], holidays: many }, 'Asia/Shanghai', NOW));
  expect([problem.code, problem.detail]).toEqual(['calendar-too-large', `The calendar lists ${MAX_CALENDAR_DATES + 1} holidays; at most ${MAX_CALENDAR_DATES} (remove past years).`]);
});
