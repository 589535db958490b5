/**
 * Business calendars (SOP `calendar`): which local dates are worked and the
 * working hours of a worked day. Pure: dates are plain `YYYY-MM-DD` strings
 * in the SOP's zone, no clock.
 */
import type { BusinessCalendarSpec } from '../sop/types';

/**
 * The calendar used for `business` deadlines of an SOP without `calendar`:
 * Monday to Friday, 09:00–18:00, no holidays.
 */
export const DEFAULT_BUSINESS_CALENDAR: Readonly<BusinessCalendarSpec> = Object.freeze({
  workdays: [1, 2, 3, 4, 5],
  hours: ['09:00', '18:00'] as [string, string],
});

/** A validated calendar, ready for arithmetic. */
export interface CompiledCalendar {
  workdays: ReadonlySet<number>;
  /** Working hours as minutes after local midnight; `end` may be 1440 (`24:00`). */
  start: number;
  end: number;
  holidays: ReadonlySet<string>;
  extra: ReadonlySet<string>;
}

const TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function minutes(text: unknown, what: string): number {
  const m = typeof text === 'string' ? TIME.exec(text) : null;
  if (!m) throw new Error(`calendar ${what} "${String(text)}" is not a time HH:MM (e.g. 09:00)`);
  return Number(m[1] ?? m[3]) * 60 + Number(m[2] ?? m[4]);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a `YYYY-MM-DD` date. @throws Error for an unreal date. */
export function isoWeekday(date: string): number {
  const m = DATE.exec(date);
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  const d = new Date(t);
  if (!m || Number.isNaN(t) || d.getUTCDate() !== Number(m[3]) || d.getUTCMonth() + 1 !== Number(m[2])) {
    throw new Error(`"${date}" is not a date YYYY-MM-DD`);
  }
  return d.getUTCDay() === 0 ? 7 : d.getUTCDay();
}

/**
 * Validates a calendar spec.
 * @throws Error with a readable message: weekdays outside 1–7, hours not
 *   `HH:MM` or not start < end, malformed dates, a date that is both a
 *   holiday and a make-up workday.
 */
export function compileCalendar(spec: BusinessCalendarSpec): CompiledCalendar {
  if (!spec || !Array.isArray(spec.workdays)) throw new Error('calendar.workdays must be a list of ISO weekdays 1–7');
  for (const d of spec.workdays) {
    if (!Number.isInteger(d) || d < 1 || d > 7) throw new Error(`calendar.workdays has ${String(d)}; ISO weekdays are 1 (Monday) to 7 (Sunday)`);
  }
  if (!Array.isArray(spec.hours) || spec.hours.length !== 2) throw new Error('calendar.hours must be ["HH:MM", "HH:MM"]');
  const start = minutes(spec.hours[0], 'start hour');
  const end = minutes(spec.hours[1], 'end hour');
  if (start >= 1440) throw new Error('calendar start hour cannot be 24:00');
  if (start >= end) throw new Error(`calendar hours ${spec.hours[0]}–${spec.hours[1]}: the start must be before the end`);
  const dates = (list: string[] | undefined, what: string): Set<string> => {
    for (const d of list ?? []) {
      try {
        isoWeekday(d);
      } catch {
        throw new Error(`calendar.${what} has "${String(d)}", which is not a date YYYY-MM-DD`);
      }
    }
    return new Set(list ?? []);
  };
  const holidays = dates(spec.holidays, 'holidays');
  const extra = dates(spec.workdaysExtra, 'workdaysExtra');
  for (const d of extra) {
    if (holidays.has(d)) throw new Error(`calendar: ${d} is both a holiday and a make-up workday`);
  }
  return { workdays: new Set(spec.workdays), start, end, holidays, extra };
}

/**
 * Whether the local date `date` (`YYYY-MM-DD`) is worked: a make-up workday
 * (`workdaysExtra`) always is, a holiday never is, otherwise its weekday decides.
 * @throws Error for a malformed date or calendar.
 */
export function isWorkingDay(date: string, calendar: BusinessCalendarSpec | CompiledCalendar): boolean {
  const cal = 'extra' in calendar ? calendar : compileCalendar(calendar);
  const weekday = isoWeekday(date);
  if (cal.extra.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  return cal.workdays.has(weekday);
}

/**
 * A shared calendar's version as the engine runs on it: its spec with the
 * version's own zone, so business time is counted where its hours and holidays
 * are (reminders and escalations stay in the SOP's zone).
 */
export function calendarInZone(spec: BusinessCalendarSpec, timezone: string): BusinessCalendarSpec {
  return { ...spec, timezone };
}
