/**
 * Calendar-time deadlines: a day is the same local clock time on the next
 * date (23 or 25 hours across a DST change), an hour is exactly 60 minutes.
 * Pure and deterministic: the start is always passed in, never read from a clock.
 */
import { parseIsoDuration, type IsoDurationParts } from './duration';
import { inZone, toInstant, zoneOf } from './zone';

function split(duration: string | IsoDurationParts): { calendar: { years: number; months: number; weeks: number; days: number }; ms: number } {
  const p = typeof duration === 'string' ? parseIsoDuration(duration) : duration;
  const ms = Math.round(p.hours * 3_600_000 + p.minutes * 60_000 + p.seconds * 1000);
  return { calendar: { years: p.years, months: p.months, weeks: p.weeks, days: p.days }, ms };
}

/**
 * `start` + `duration` in calendar time in `timezone`, epoch ms.
 *
 * Years, months, weeks and days move the local date and keep the local clock
 * time (P1M from 31 January gives the last day of February; a clock time
 * that does not exist that day moves forward by the DST gap); hours, minutes
 * and seconds are then added as exact elapsed time.
 *
 * @param start - epoch ms, or ISO text (a local time in `timezone` when it has no offset).
 * @param duration - ISO 8601 text (`P1D`, `PT4H`) or parsed parts.
 * @param timezone - IANA zone, e.g. `Asia/Shanghai`.
 * @throws Error for an invalid start, duration or zone.
 */
export function addCalendarDuration(start: string | number, duration: string | IsoDurationParts, timezone: string): number {
  const zone = zoneOf(timezone);
  const { calendar, ms } = split(duration);
  return inZone(toInstant(start, timezone), zone).plus(calendar).toMillis() + ms;
}

/**
 * `start` − `duration` in calendar time (the mirror of {@link addCalendarDuration}:
 * exact time is taken off first, then the local date moves back).
 */
export function subtractCalendarDuration(start: string | number, duration: string | IsoDurationParts, timezone: string): number {
  const zone = zoneOf(timezone);
  const { calendar, ms } = split(duration);
  return inZone(toInstant(start, timezone) - ms, zone).minus(calendar).toMillis();
}
