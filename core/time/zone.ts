/**
 * Instants and local clock times in an IANA time zone, with luxon (pure; it
 * reads zone rules through Intl). Everything here is deterministic: no value
 * depends on the current time (luxon's own `fromObject`/`fromISO` guess an
 * offset from "now" for local times, so local → instant is done here instead).
 */
import { DateTime, IANAZone } from 'luxon';

/** Wall-clock fields in some zone. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
  millisecond?: number;
}

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const HAS_OFFSET = /T.*(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/**
 * The zone named `timezone`.
 * @throws Error naming the text when it is not an IANA zone known to Intl.
 */
export function zoneOf(timezone: string): IANAZone {
  if (typeof timezone !== 'string' || !IANAZone.isValidZone(timezone)) {
    throw new Error(`"${String(timezone)}" is not a known IANA time zone (e.g. Asia/Shanghai, America/New_York)`);
  }
  return IANAZone.create(timezone);
}

/**
 * The instant of a local clock time in `zone`, epoch ms. A time that occurs
 * twice (clocks turned back) resolves to the earlier instant; a time that
 * does not exist (clocks turned forward) moves forward by the gap (02:30 →
 * 03:30), as Temporal's "compatible" disambiguation does.
 */
export function localToInstant(wall: LocalDateTime, zone: IANAZone): number {
  const w = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour ?? 0, wall.minute ?? 0, wall.second ?? 0, wall.millisecond ?? 0);
  const before = zone.offset(w - MS_PER_DAY);
  const after = zone.offset(w + MS_PER_DAY);
  const valid = [before, after]
    .map((o) => w - o * MS_PER_MINUTE)
    .filter((t) => w - zone.offset(t) * MS_PER_MINUTE === t)
    .sort((a, b) => a - b);
  return valid[0] ?? w - before * MS_PER_MINUTE;
}

/**
 * Reads a start instant: epoch ms, or an ISO 8601 date-time. A string with an
 * offset (`Z`, `+08:00`) is that instant; one without (`2026-10-09T17:00`,
 * `2026-10-09`) is a local time in `timezone`.
 * @throws Error naming the value when it is not a finite number or ISO text.
 */
export function toInstant(start: string | number, timezone: string): number {
  const zone = zoneOf(timezone);
  if (typeof start === 'number') {
    if (!Number.isFinite(start)) throw new Error(`start ${start} is not a finite epoch-millisecond instant`);
    return start;
  }
  if (typeof start !== 'string') throw new Error(`start must be epoch ms or an ISO 8601 date-time (got ${String(start)})`);
  if (HAS_OFFSET.test(start)) {
    const dt = DateTime.fromISO(start, { setZone: true });
    if (!dt.isValid) throw new Error(`"${start}" is not an ISO 8601 date-time (e.g. 2026-10-09T17:00:00+08:00)`);
    return dt.toMillis();
  }
  const wall = DateTime.fromISO(start, { zone: 'utc' });
  if (!wall.isValid) throw new Error(`"${start}" is not an ISO 8601 date-time (e.g. 2026-10-09T17:00:00+08:00)`);
  return localToInstant(wall.toObject() as LocalDateTime, zone);
}

/** The instant `ms` seen in `zone` (deterministic: no offset guessing). */
export function inZone(ms: number, zone: IANAZone): DateTime {
  return DateTime.fromMillis(ms, { zone });
}
