/**
 * Business-time deadlines: only working hours of working days count.
 * Pure and deterministic: the start is always passed in, never read from a clock.
 */
import type { BusinessCalendarSpec } from '../sop/types';
import { compileCalendar, isWorkingDay, type CompiledCalendar } from './business-calendar';
import { parseIsoDuration, type IsoDurationParts } from './duration';
import { inZone, localToInstant, toInstant, zoneOf } from './zone';
import type { IANAZone } from 'luxon';

/** How far ahead the arithmetic looks for working time before giving up. */
export const MAX_SEARCH_DAYS = 3660;

interface WorkingSpan {
  open: number;
  close: number;
}

/** Yields the working spans (epoch ms) of the local dates from the one containing `from` onward. */
function* workingSpans(from: number, cal: CompiledCalendar, zone: IANAZone): Generator<WorkingSpan> {
  let day = inZone(from, zone).startOf('day').setZone('utc', { keepLocalTime: true });
  for (let i = 0; i < MAX_SEARCH_DAYS; i++, day = day.plus({ days: 1 })) {
    const date = day.toISODate() as string;
    if (!isWorkingDay(date, cal)) continue;
    const base = { year: day.year, month: day.month, day: day.day };
    const at = (m: number): number => localToInstant({ ...base, hour: Math.floor(m / 60), minute: m % 60 }, zone);
    const close = cal.end === 1440 ? localToInstant({ ...base, day: base.day + 1 }, zone) : at(cal.end);
    yield { open: at(cal.start), close };
  }
  throw new Error(`the business calendar has no working time within ${MAX_SEARCH_DAYS} days`);
}

/**
 * The first working instant at or after `start` (epoch ms): `start` itself
 * during working hours, otherwise the opening of the next working day.
 */
export function nextWorkingMoment(start: string | number, calendar: BusinessCalendarSpec, timezone: string): number {
  const zone = zoneOf(timezone);
  const from = toInstant(start, timezone);
  for (const span of workingSpans(from, compileCalendar(calendar), zone)) {
    if (Math.max(from, span.open) < span.close) return Math.max(from, span.open);
  }
  /* istanbul ignore next: workingSpans throws first */
  throw new Error('unreachable');
}

/**
 * `start` + `duration` counting working time only, epoch ms.
 *
 * - `PnD` is n full working days, each as long as the working hours of a day
 *   (9 h for 09:00–18:00); `PnW` is n × (number of `workdays`) working days;
 *   hours, minutes and seconds are working time. Years and months are rejected.
 * - Counting begins at the next working moment when `start` is outside working
 *   hours (Saturday 22:00 + PT4H → Monday 13:00 for 09:00–18:00).
 * - A deadline that uses up a day's hours exactly is that day's closing time
 *   (Friday 17:00 + PT1H → Friday 18:00, not Monday 09:00).
 * - A zero duration returns `start` unchanged.
 * - Dates (holidays, make-up days) are local dates in `timezone`.
 *
 * @throws Error for an invalid start, duration, calendar or zone, for years or
 *   months, or when the calendar has no working time within {@link MAX_SEARCH_DAYS}.
 */
export function addBusinessDuration(
  start: string | number,
  duration: string | IsoDurationParts,
  calendar: BusinessCalendarSpec,
  timezone: string,
): number {
  const zone = zoneOf(timezone);
  const from = toInstant(start, timezone);
  const cal = compileCalendar(calendar);
  const p = typeof duration === 'string' ? parseIsoDuration(duration) : duration;
  const shown = typeof duration === 'string' ? `"${duration}"` : 'the duration';
  if (p.years !== 0 || p.months !== 0) {
    throw new Error(`business time cannot count years or months (${shown}); use working days (P20D) or hours`);
  }
  if (p.weeks !== 0 && cal.workdays.size === 0) {
    throw new Error(`business weeks (${shown}) need at least one weekday in calendar.workdays`);
  }
  const dayMs = (cal.end - cal.start) * 60_000;
  let remaining = Math.round(
    (p.weeks * cal.workdays.size + p.days) * dayMs + p.hours * 3_600_000 + p.minutes * 60_000 + p.seconds * 1000,
  );
  if (remaining === 0) return from;
  for (const span of workingSpans(from, cal, zone)) {
    const begin = Math.max(from, span.open);
    if (begin >= span.close) continue;
    const available = span.close - begin;
    if (remaining <= available) return begin + remaining;
    remaining -= available;
  }
  /* istanbul ignore next: workingSpans throws first */
  throw new Error('unreachable');
}
