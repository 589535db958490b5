/**
 * ISO 8601 durations as used in SOPs (`due.after`, `reminders[].before`,
 * `escalation[].overdue`, `wait.duration`). Pure: no I/O, no clock, safe in
 * the Temporal workflow sandbox, the API and the browser.
 *
 * Accepted grammar (the "format with designators" of ISO 8601):
 * `P[nY][nM][nW][nD][T[nH][nM][nS]]`, upper-case designators, at least one
 * component, `T` only when a time component follows. Weeks may be combined
 * with other components (ISO 8601-2 allows it). A decimal fraction (`.` or
 * `,`) is allowed on the smallest time component only (`PT1.5H`, `PT0.5S`);
 * years, months, weeks and days must be whole. Signs (`-P1D`) and
 * surrounding spaces are rejected: SOP durations are never negative.
 */

/** The components of a parsed duration; absent components are 0. */
export interface IsoDurationParts {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const PATTERN =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
const MS_PER_DAY = 24 * MS_PER_HOUR;

function invalid(text: string, why?: string): Error {
  const shown = JSON.stringify(text);
  const detail = why ? `: ${why}` : '';
  return new Error(`${shown} is not an ISO 8601 duration${detail} (examples: P2D, PT4H, P1DT12H)`);
}

/**
 * Parses an ISO 8601 duration such as `P2D`, `PT4H`, `P1DT12H`, `PT0S`.
 *
 * @param text - the duration exactly as written in the SOP (no trimming).
 * @returns every component, 0 where absent.
 * @throws Error whose message quotes `text` and gives examples when `text`
 *   does not follow the grammar described in this module.
 */
export function parseIsoDuration(text: string): IsoDurationParts {
  if (typeof text !== 'string') throw invalid(String(text), 'expected a string');
  if (text.startsWith('-') || text.startsWith('+')) throw invalid(text, 'durations cannot be negative or signed');
  const m = PATTERN.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) throw invalid(text);
  const [, y, mo, w, d, h, mi, s] = m;
  const fractional = [h, mi, s].map((v) => v !== undefined && /[.,]/.test(v));
  const lastTime = s !== undefined ? 2 : mi !== undefined ? 1 : h !== undefined ? 0 : -1;
  fractional.forEach((isFraction, i) => {
    if (isFraction && i !== lastTime) throw invalid(text, 'only the smallest component may have a fraction');
  });
  const num = (v: string | undefined): number => {
    if (v === undefined) return 0;
    const n = Number(v.replace(',', '.'));
    if (!Number.isFinite(n) || n > Number.MAX_SAFE_INTEGER) throw invalid(text, 'number too large');
    return n;
  };
  return {
    years: num(y),
    months: num(mo),
    weeks: num(w),
    days: num(d),
    hours: num(h),
    minutes: num(mi),
    seconds: num(s),
  };
}

/** True when {@link parseIsoDuration} accepts `text`. Never throws. */
export function isIsoDuration(text: string): boolean {
  try {
    parseIsoDuration(text);
    return true;
  } catch {
    return false;
  }
}

/** True when the duration uses years or months, which have no fixed length. */
export function hasCalendarMonths(parts: IsoDurationParts): boolean {
  return parts.years !== 0 || parts.months !== 0;
}

/**
 * The fixed length of a duration in milliseconds, for uses that ignore the
 * calendar (e.g. escalation offsets, Temporal timers): a week is 7 days, a day
 * is exactly 24 h (DST is ignored; use `addCalendarDuration` to keep the
 * local clock time). Fractions are rounded to the nearest millisecond.
 *
 * @param parts - a parsed duration, or the ISO text (parsed first).
 * @throws Error when the duration has years or months (no fixed length),
 *   or when `parts` is not a valid duration.
 */
export function durationToMillis(parts: IsoDurationParts | string): number {
  const p = typeof parts === 'string' ? parseIsoDuration(parts) : parts;
  if (hasCalendarMonths(p)) {
    throw new Error(
      `a duration with years or months (${p.years}Y ${p.months}M) has no fixed length; express it in weeks, days or hours`,
    );
  }
  const ms =
    p.weeks * 7 * MS_PER_DAY +
    p.days * MS_PER_DAY +
    p.hours * MS_PER_HOUR +
    p.minutes * MS_PER_MINUTE +
    p.seconds * MS_PER_SECOND;
  if (!Number.isFinite(ms) || ms < 0 || ms > Number.MAX_SAFE_INTEGER) {
    throw new Error(`duration is out of range (${ms} ms)`);
  }
  return Math.round(ms);
}
