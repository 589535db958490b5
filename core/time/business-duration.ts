/**
 * Business-time deadlines: only working hours of working days count.
 * Pure and deterministic: the start is always passed in, never read from a clock.
 */
import type { BusinessCalendarSpec } from '../sop/types';
import { compileCalendar, isWorkingDay, type CompiledCalendar } from './business-calendar';
import { parseIsoDuration, type IsoDurationParts } from './duration';
import { localToInstant, toInstant, zoneOf } from './zone';
import type { IANAZone } from 'luxon';

/** How far ahead the arithmetic looks for working time before giving up. */
export const MAX_SEARCH_DAYS = 3660;

const MS_PER_DAY = 86_400_000;
const HOUR_MS = 3_600_000;

interface WorkingSpan {
  open: number;
  close: number;
}

/** The local date of instant `ms` in `zone`, as a day number (days since 1970-01-01). */
function localDayOf(ms: number, zone: IANAZone): number {
  return Math.floor((ms + zone.offset(ms) * 60_000) / MS_PER_DAY);
}

/** The working span (epoch ms) of local day number `n`, or null when the day is not worked. */
function spanOfDay(n: number, cal: CompiledCalendar, zone: IANAZone): WorkingSpan | null {
  const day = new Date(n * MS_PER_DAY);
  if (!isWorkingDay(day.toISOString().slice(0, 10), cal)) return null;
  const base = { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() };
  const at = (m: number): number => localToInstant({ ...base, hour: Math.floor(m / 60), minute: m % 60 }, zone);
  const close = cal.end === 1440 ? localToInstant({ ...base, day: base.day + 1 }, zone) : at(cal.end);
  return { open: at(cal.start), close };
}

interface SpanOptions {
  /** The last local day number to look at; without it the search gives up after {@link MAX_SEARCH_DAYS}. */
  lastDay?: number;
  /** The span of a day number (a memo of {@link spanOfDay}). */
  spanOf?: (n: number) => WorkingSpan | null;
  /** The local day number of an instant (a memo of {@link localDayOf}). */
  dayOf?: (ms: number) => number;
}

/**
 * Yields the working spans (epoch ms) of the local dates from the one containing `from` onward.
 * @throws Error when no `lastDay` bounds the search and nothing is worked within {@link MAX_SEARCH_DAYS}.
 */
function* workingSpans(from: number, cal: CompiledCalendar, zone: IANAZone, options: SpanOptions = {}): Generator<WorkingSpan> {
  const first = options.dayOf ? options.dayOf(from) : localDayOf(from, zone);
  const spanOf = options.spanOf ?? ((n: number) => spanOfDay(n, cal, zone));
  const last = options.lastDay ?? first + MAX_SEARCH_DAYS - 1;
  for (let n = first; n <= last; n++) {
    const span = spanOf(n);
    if (span) yield span;
  }
  if (options.lastDay === undefined) throw new Error(`the business calendar has no working time within ${MAX_SEARCH_DAYS} days`);
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

/** Working time between two instants (epoch ms) under one calendar and zone. */
export type BusinessClock = (start: number, end: number) => number;

/**
 * A {@link businessMillisBetween} bound to one calendar and zone, for many
 * spans: the calendar is compiled once, each local day's working hours are
 * worked out once (remembered by day, zone offsets by hour) and summed into
 * running totals, so a span of any length costs two day lookups and a
 * subtraction. The memo grows with the days and hours asked about; make one
 * clock per batch.
 * @throws Error for an invalid calendar or zone.
 */
export function businessClock(calendar: BusinessCalendarSpec, timezone: string): BusinessClock {
  const zone = zoneOf(timezone);
  const cal = compileCalendar(calendar);
  const spans = new Map<number, WorkingSpan | null>();
  const spanOf = (n: number): WorkingSpan | null => {
    let span = spans.get(n);
    if (span === undefined) {
      span = spanOfDay(n, cal, zone);
      spans.set(n, span);
    }
    return span;
  };
  // Reading a zone's offset goes through Intl (~15 µs): remember it per UTC day when it is the same
  // at both ends of the day (no change of offset inside), else per UTC hour likewise, else ask for the instant itself.
  const dayOffsets = new Map<number, number | null>();
  const hourOffsets = new Map<number, number | null>();
  const steady = (memo: Map<number, number | null>, unit: number, ms: number): number | null => {
    const k = Math.floor(ms / unit);
    let offset = memo.get(k);
    if (offset === undefined) {
      const first = zone.offset(k * unit);
      offset = first === zone.offset(k * unit + unit - 1) ? first : null;
      memo.set(k, offset);
    }
    return offset;
  };
  const dayOf = (ms: number): number => {
    const offset = steady(dayOffsets, MS_PER_DAY, ms) ?? steady(hourOffsets, HOUR_MS, ms);
    return offset === null ? localDayOf(ms, zone) : Math.floor((ms + offset * 60_000) / MS_PER_DAY);
  };
  // Working ms of whole days as prefix sums over the days asked about so far: cum[i] = days lo … lo+i-1.
  let lo = 0;
  let hi = -1;
  let cum = new Float64Array(1);
  const cover = (a: number, b: number): void => {
    if (hi >= lo && a >= lo && b <= hi) return;
    const slack = 31;
    const from = hi >= lo ? Math.min(a, lo) - (a < lo ? slack : 0) : a - slack;
    const to = hi >= lo ? Math.max(b, hi) + (b > hi ? slack : 0) : b + slack;
    const next = new Float64Array(to - from + 2);
    for (let n = from; n <= to; n++) {
      const span = spanOf(n);
      next[n - from + 1] = next[n - from]! + (span ? span.close - span.open : 0);
    }
    [lo, hi, cum] = [from, to, next];
  };
  const overlap = (n: number, start: number, end: number): number => {
    const span = spanOf(n);
    return span ? Math.max(0, Math.min(span.close, end) - Math.max(span.open, start)) : 0;
  };
  return (start, end) => {
    if (!(end > start)) return 0;
    const first = dayOf(start);
    const last = dayOf(end);
    if (last <= first) return overlap(first, start, end);
    cover(first, last);
    // The first and last days in part; the days between them whole.
    return overlap(first, start, end) + (cum[last - lo]! - cum[first + 1 - lo]!) + overlap(last, start, end);
  };
}

/**
 * Working time between `start` and `end`, in ms: the parts of [start, end)
 * that fall in the working hours of worked days — the inverse of
 * {@link addBusinessDuration} (`businessMillisBetween(s, addBusinessDuration(s, d))`
 * is `d` in ms).
 *
 * - Holidays are off and make-up workdays (调休, `workdaysExtra`) are worked,
 *   as {@link isWorkingDay} says; dates are local dates in `timezone`.
 * - Time outside working hours counts nothing, so a span from Friday 17:00 to
 *   Monday 10:00 is 2 h for 09:00–18:00.
 * - Across a DST change a working day is as long as the clock says (09:00–18:00
 *   local is 9 h of real time; a change inside the hours makes it 8 or 10).
 * - `end` at or before `start` → 0.
 *
 * @param start - epoch ms, or ISO text (a local time in `timezone` when it has no offset).
 * @param end - as `start`.
 * @throws Error for an invalid start, end, calendar or zone.
 */
export function businessMillisBetween(start: string | number, end: string | number, calendar: BusinessCalendarSpec, timezone: string): number {
  return businessClock(calendar, timezone)(toInstant(start, timezone), toInstant(end, timezone));
}
