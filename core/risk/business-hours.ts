/**
 * Business time between two instants under an SOP's calendar (pure): the
 * working hours of worked days (holidays off, 调休 make-up days on) that fall
 * inside [from, to), and how many holidays lie ahead in that span.
 */
import { DateTime } from 'luxon';
import { isWorkingDay, type CompiledCalendar } from '../time/business-calendar';

export interface RiskCalendar {
  calendar: CompiledCalendar;
  timezone: string;
}

const HOUR_MS = 3_600_000;

function days(from: number, to: number, timezone: string): DateTime[] {
  const out: DateTime[] = [];
  let day = DateTime.fromMillis(from, { zone: timezone }).startOf('day');
  const last = DateTime.fromMillis(to, { zone: timezone }).startOf('day');
  while (day <= last) {
    out.push(day);
    day = day.plus({ days: 1 });
  }
  return out;
}

/** Working hours inside [from, to); 0 when to ≤ from. */
export function businessHoursBetween(from: number, to: number, cal: RiskCalendar): number {
  if (!(to > from)) return 0;
  let ms = 0;
  for (const day of days(from, to, cal.timezone)) {
    const date = day.toISODate()!;
    if (!isWorkingDay(date, cal.calendar)) continue;
    const open = day.plus({ minutes: cal.calendar.start }).toMillis();
    const close = day.plus({ minutes: cal.calendar.end }).toMillis();
    const start = Math.max(open, from);
    const end = Math.min(close, to);
    if (end > start) ms += end - start;
  }
  return ms / HOUR_MS;
}

/** Holidays (calendar `holidays` on a weekday that is otherwise worked) whose date lies in [from, to]. */
export function holidaysBetween(from: number, to: number, cal: RiskCalendar): number {
  if (!(to > from)) return 0;
  let count = 0;
  for (const day of days(from, to, cal.timezone)) {
    const date = day.toISODate()!;
    if (cal.calendar.holidays.has(date) && cal.calendar.workdays.has(day.weekday)) count += 1;
  }
  return count;
}
