/**
 * Dates inside file names, following the tokens of a `{date:…}` placeholder.
 * Pure: no clock, no time zone (a file-name date is a plain calendar date).
 */
import type { DateToken } from './template';

/** A calendar date; fields absent from the pattern are left undefined. */
export interface DateFields {
  year?: number;
  month?: number;
  day?: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  return [31, (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][
    month - 1
  ] as number;
}

/** True when the fields present describe a real date (month 1–12, day in month). */
export function isRealDate(f: DateFields): boolean {
  if (f.month !== undefined && (f.month < 1 || f.month > 12)) return false;
  if (f.day !== undefined) {
    if (f.month === undefined || f.day < 1) return false;
    return f.day <= daysInMonth(f.year ?? 2000, f.month);
  }
  return true;
}

/**
 * Parses `YYYY-MM-DD` (the form job variables use).
 * @throws Error naming the text when it is not a real date in that form.
 */
export function parseIsoDate(text: string): Required<DateFields> {
  const m = ISO_DATE.exec(text);
  const f = m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : undefined;
  if (!f || !isRealDate(f)) throw new Error(`"${text}" is not a date in the form YYYY-MM-DD`);
  return f;
}

/** Writes `fields` following `tokens` (e.g. `YYYYMMDD` → `20261008`). */
export function formatDate(tokens: DateToken[], f: Required<DateFields>): string {
  return tokens
    .map((t) => {
      if (t.kind === 'YYYY') return String(f.year).padStart(4, '0');
      if (t.kind === 'MM') return String(f.month).padStart(2, '0');
      if (t.kind === 'DD') return String(f.day).padStart(2, '0');
      return t.text;
    })
    .join('');
}

/**
 * Reads `text` as a date written following `tokens`.
 * @returns the fields, or undefined when the shape (digits and separators) differs.
 *   The date may still be unreal (month 13): check with {@link isRealDate}.
 */
export function readDate(tokens: DateToken[], text: string): DateFields | undefined {
  const out: DateFields = {};
  let i = 0;
  for (const t of tokens) {
    if (t.kind === 'separator') {
      if (text[i] !== t.text) return undefined;
      i += 1;
      continue;
    }
    const width = t.kind === 'YYYY' ? 4 : 2;
    const chunk = text.slice(i, i + width);
    if (!/^\d+$/.test(chunk) || chunk.length !== width) return undefined;
    const n = Number(chunk);
    if (t.kind === 'YYYY') out.year = n;
    else if (t.kind === 'MM') out.month = n;
    else out.day = n;
    i += width;
  }
  return i === text.length ? out : undefined;
}
