/**
 * Reading a year's official holiday schedule (China's 放假安排, published
 * yearly) from a file the owner uploads, and previewing what it changes in a
 * calendar. Pure: the caller hands in the file's text; no network, no clock.
 *
 * Two formats:
 * - the holiday-cn JSON: `{ "year": 2027, "days": [ { "name": "春节", "date": "2027-02-06", "isOffDay": true }, … ] }`
 * - CSV `date,name,type` with a header line optional, `type` one of `off`/`休` (a holiday) or `work`/`班` (a make-up workday, 调休).
 */
import type { BusinessCalendarSpec } from '../sop/types';
import { isoWeekday } from './business-calendar';

/** One dated line of a holiday file. */
export interface HolidayDay {
  date: string;
  name: string;
  off: boolean;
}

export interface HolidaySchedule {
  year: number;
  /** Dates off (sorted). */
  holidays: string[];
  /** Weekend dates worked (调休, sorted). */
  makeUpWorkdays: string[];
  days: HolidayDay[];
}

/** Thrown for a file that is not a readable holiday schedule; `code` is the API's problem code. */
export class HolidayFileError extends Error {
  readonly code = 'holiday-file-unreadable';
}

const OFF = new Set(['off', '休', 'holiday', 'true', '1']);
const WORK = new Set(['work', '班', 'workday', 'false', '0']);

function checkDate(date: unknown, where: string): string {
  if (typeof date !== 'string') throw new HolidayFileError(`${where}: "date" is missing`);
  try {
    isoWeekday(date);
  } catch {
    throw new HolidayFileError(`${where}: "${date}" is not a date YYYY-MM-DD`);
  }
  return date;
}

function parseJson(value: unknown): { year?: number; days: HolidayDay[] } {
  const doc = value as { year?: unknown; days?: unknown };
  if (!doc || typeof doc !== 'object' || !Array.isArray(doc.days)) throw new HolidayFileError('the JSON file has no "days" list (holiday-cn format: { "year": 2027, "days": [...] })');
  const days = doc.days.map((d: unknown, i): HolidayDay => {
    const day = d as { date?: unknown; name?: unknown; isOffDay?: unknown };
    const where = `days[${i}]`;
    if (!day || typeof day !== 'object') throw new HolidayFileError(`${where} is not an object`);
    if (typeof day.isOffDay !== 'boolean') throw new HolidayFileError(`${where}: "isOffDay" must be true or false`);
    return { date: checkDate(day.date, where), name: typeof day.name === 'string' ? day.name : '', off: day.isOffDay };
  });
  return { year: typeof doc.year === 'number' ? doc.year : undefined, days };
}

function parseCsv(text: string): HolidayDay[] {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  if (lines[0] && /^date\s*,/i.test(lines[0])) lines.shift();
  return lines.map((line, i) => {
    const [date, name = '', type = ''] = line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    const where = `line ${i + 1}`;
    const kind = type.toLowerCase();
    if (!OFF.has(kind) && !WORK.has(kind)) throw new HolidayFileError(`${where}: type "${type}" must be off, work, 休 or 班`);
    return { date: checkDate(date, where), name, off: OFF.has(kind) };
  });
}

/**
 * Parses a holiday file (JSON or CSV, told apart by its first character).
 * `year`, when given, must match the file's year and every date's year.
 * @throws HolidayFileError naming the line or entry at fault: unreadable
 *   JSON, a bad date or type, a date listed both off and worked, an empty file,
 *   dates of another year.
 */
export function parseHolidayFile(text: string, year?: number): HolidaySchedule {
  const body = text.replace(/^\uFEFF/, '').trim();
  if (body === '') throw new HolidayFileError('the file is empty');
  let parsed: { year?: number; days: HolidayDay[] };
  if (body.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (error) {
      throw new HolidayFileError(`the file is not valid JSON (${(error as Error).message})`);
    }
    parsed = parseJson(value);
  } else {
    parsed = { days: parseCsv(body) };
  }
  if (parsed.days.length === 0) throw new HolidayFileError('the file lists no days');
  const fileYear = parsed.year ?? Number(parsed.days[0]!.date.slice(0, 4));
  if (year !== undefined && fileYear !== year) throw new HolidayFileError(`the file is for ${fileYear}, not ${year}`);
  const off = new Set<string>();
  const work = new Set<string>();
  for (const day of parsed.days) {
    // holiday-cn lists a make-up day of the next year's Spring Festival in the earlier file; any year next to it is fine.
    if (Math.abs(Number(day.date.slice(0, 4)) - fileYear) > 1) throw new HolidayFileError(`${day.date} is not in ${fileYear}`);
    (day.off ? off : work).add(day.date);
    if (off.has(day.date) && work.has(day.date)) throw new HolidayFileError(`${day.date} is listed both as a day off and as a make-up workday`);
  }
  return { year: fileYear, holidays: [...off].sort(), makeUpWorkdays: [...work].sort(), days: parsed.days };
}

/** What importing a schedule changes in a calendar: dates added and removed, in `year` only. */
export interface HolidayImportPreview {
  year: number;
  holidays: { added: string[]; removed: string[] };
  makeUpWorkdays: { added: string[]; removed: string[] };
  /** The calendar after the import: the year's dates replaced by the file's, other years kept. */
  spec: BusinessCalendarSpec;
}

const inYear = (year: number) => (date: string) => date.startsWith(`${year}-`);

/**
 * Previews importing `schedule` into `spec`: the schedule's year is replaced
 * (dates of that year not in the file are removed), other years are kept.
 * Dates of the neighbouring year that the file lists are added too.
 */
export function previewHolidayImport(spec: BusinessCalendarSpec, schedule: HolidaySchedule): HolidayImportPreview {
  const own = inYear(schedule.year);
  // Other years are kept, except a date the file now lists the other way round.
  const merge = (before: string[] | undefined, incoming: string[], opposite: string[]) => {
    const old = new Set(before ?? []);
    const next = new Set([...(before ?? []).filter((d) => !own(d) && !opposite.includes(d)), ...incoming]);
    const after = [...next].sort();
    return { after, added: after.filter((d) => !old.has(d)), removed: [...old].filter((d) => !next.has(d)).sort() };
  };
  const holidays = merge(spec.holidays, schedule.holidays, schedule.makeUpWorkdays);
  const extra = merge(spec.workdaysExtra, schedule.makeUpWorkdays, schedule.holidays);
  return {
    year: schedule.year,
    holidays: { added: holidays.added, removed: holidays.removed },
    makeUpWorkdays: { added: extra.added, removed: extra.removed },
    spec: { ...spec, holidays: holidays.after, workdaysExtra: extra.after },
  };
}
