/**
 * Rules about values a pattern cannot check: ISO 8601 durations and
 * date-times, IANA time zones, the business calendar, deadlines and their
 * ladders, naming templates. Run on documents that passed the JSON Schema.
 * Pure: no I/O, no clock (`Intl.DateTimeFormat` only looks up zone data).
 *
 * Decisions where SOP-FORMAT.md is silent:
 * - Reminder, escalation and wait durations, and business-time deadlines, may
 *   not use months or years (no fixed length); a calendar-time `due` may.
 * - Escalation levels must fire strictly later one after the other.
 * - Reminders and escalations need a `due` on the same node.
 * - A time zone must be accepted by `Intl` and be written Area/City (or `UTC`
 *   / `GMT`): abbreviations such as `CST` resolve to surprising zones.
 * - `until` is `YYYY-MM-DDTHH:MM[:SS[.fff]]` with `Z` or `±HH:MM`.
 * - A date may not be both a holiday and an extra workday.
 * - `reports.every` and `reports.graceAfter` have a fixed length (no months or
 *   years); a period is at least one second; report questions take no `file`
 *   (reports are filed as JSON). A node with `reports` may carry reminders and
 *   escalation without a `due`: they are timed from each report's due time.
 */
import { parseNamingTemplate } from '../naming/template';
import { durationToMillis, hasCalendarMonths, parseIsoDuration } from '../time/duration';
import { createIssue, friendlyField, type PathSegment } from './issue';
import { inlineCalendar, type HumanNode, type ReportsSpec, type SopDefinition } from './types';
import { MIN_REPORT_PERIOD_MS } from './report-periods';
import type { SopIssue } from './validate';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
  return day <= days;
}

/** True for an existing date written `YYYY-MM-DD`. */
export function isCalendarDate(text: string): boolean {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
  return m !== null && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** True for an existing date-time with an offset, e.g. `2026-10-08T09:00:00+08:00`. */
export function isOffsetDateTime(text: string): boolean {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]+)?)?(?:Z|[+-]([0-9]{2}):([0-9]{2}))$/.exec(
    text,
  );
  if (!m || !isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  const [hour, minute, second, offH, offM] = [m[4], m[5], m[6], m[7], m[8]].map((v) => Number(v ?? 0));
  return hour! <= 23 && minute! <= 59 && second! <= 59 && offH! <= 23 && offM! <= 59;
}

/** True when `zone` is an IANA zone `Intl` knows, written Area/City or `UTC`/`GMT`. */
export function isUsableTimeZone(zone: string): boolean {
  if (!zone.includes('/') && !/^(UTC|GMT)$/i.test(zone)) return false;
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Checks one duration; returns its length in ms when it has a fixed one. */
function checkDuration(
  issues: SopIssue[],
  where: { nodeId: string; nodeIndex: number },
  rel: PathSegment[],
  value: string,
  fixedLength: boolean,
): number | undefined {
  const path = ['nodes', where.nodeIndex, ...rel];
  const params = { nodeId: where.nodeId, at: friendlyField(rel), value };
  try {
    const parts = parseIsoDuration(value);
    if (!hasCalendarMonths(parts)) return durationToMillis(parts);
    if (fixedLength) issues.push(createIssue('DURATION_NOT_FIXED', path, params));
    return undefined;
  } catch (err) {
    // Unparsable, or too large to count in milliseconds.
    issues.push(createIssue('DURATION_INVALID', path, { ...params, detail: (err as Error).message }));
    return undefined;
  }
}

function humanNodeIssues(def: SopDefinition, node: HumanNode, n: number): SopIssue[] {
  const issues: SopIssue[] = [];
  const where = { nodeId: node.id, nodeIndex: n };
  if (node.due) {
    const business = node.due.calendar === 'business';
    checkDuration(issues, where, ['due', 'after'], node.due.after, business);
    if (business && !def.calendar) issues.push(createIssue('CALENDAR_REQUIRED', ['nodes', n, 'due', 'calendar'], { nodeId: node.id }));
  }
  node.reminders?.forEach((r, k) => checkDuration(issues, where, ['reminders', k, 'before'], r.before, true));
  let previous: { level: number; ms: number; value: string } | undefined;
  node.escalation?.forEach((level, k) => {
    const ms = checkDuration(issues, where, ['escalation', k, 'overdue'], level.overdue, true);
    if (ms === undefined) return;
    if (previous && ms <= previous.ms) {
      issues.push(
        createIssue('ESCALATION_ORDER', ['nodes', n, 'escalation', k, 'overdue'], {
          nodeId: node.id,
          level: k + 1,
          value: level.overdue,
          previousLevel: previous.level,
          previousValue: previous.value,
        }),
      );
    }
    previous = { level: k + 1, ms, value: level.overdue };
  });
  if (node.type !== 'review' && node.reports) issues.push(...reportsIssues(node.reports, where));
  // A node with reports runs its ladder for each missed report, so it needs no `due` for it.
  if (!node.due && !(node.type !== 'review' && node.reports)) {
    for (const what of ['reminders', 'escalation'] as const) {
      if ((node[what] ?? []).length > 0) issues.push(createIssue('DEADLINE_REQUIRED', ['nodes', n, what], { nodeId: node.id, what }));
    }
  }
  return issues;
}

/** `reports`: a fixed, non-zero period; a fixed grace; no `file` questions (a report is filed as JSON). */
function reportsIssues(reports: ReportsSpec, where: { nodeId: string; nodeIndex: number }): SopIssue[] {
  const issues: SopIssue[] = [];
  const every = checkDuration(issues, where, ['reports', 'every'], reports.every, true);
  if (every !== undefined && every < MIN_REPORT_PERIOD_MS) {
    issues.push(createIssue('REPORT_PERIOD_TOO_SHORT', ['nodes', where.nodeIndex, 'reports', 'every'], { nodeId: where.nodeId, value: reports.every }));
  }
  if (reports.graceAfter !== undefined) checkDuration(issues, where, ['reports', 'graceAfter'], reports.graceAfter, true);
  (reports.fields ?? []).forEach((field, k) => {
    if (field.type === 'file') {
      issues.push(createIssue('REPORT_FIELD_FILE', ['nodes', where.nodeIndex, 'reports', 'fields', k, 'type'], { nodeId: where.nodeId, value: field.id }));
    }
  });
  return issues;
}

function calendarIssues(def: SopDefinition): SopIssue[] {
  // A shared calendar (`{ ref }`) is checked when it is saved and when the SOP is published (it must exist).
  const calendar = inlineCalendar(def.calendar);
  if (!calendar) return [];
  const issues: SopIssue[] = [];
  const [open, close] = calendar.hours;
  if (open >= close) {
    const params = { field: 'hours #2', value: close, expectedForm: 'hoursOrder', open };
    issues.push(createIssue('CALENDAR_INVALID', ['calendar', 'hours', 1], params));
  }
  for (const list of ['holidays', 'workdaysExtra'] as const) {
    (calendar[list] ?? []).forEach((date, k) => {
      const path = ['calendar', list, k];
      const field = friendlyField([list, k]);
      if (!isCalendarDate(date)) issues.push(createIssue('CALENDAR_INVALID', path, { field, value: date, expectedForm: 'date' }));
      else if (list === 'workdaysExtra' && (calendar.holidays ?? []).includes(date)) {
        issues.push(createIssue('CALENDAR_INVALID', path, { field, value: date, expectedForm: 'notBoth' }));
      }
    });
  }
  return issues;
}

function namingIssues(def: SopDefinition): SopIssue[] {
  const issues: SopIssue[] = [];
  def.deliverables.forEach((d, i) => {
    if (d.naming === undefined) return;
    try {
      parseNamingTemplate(d.naming);
    } catch (err) {
      const e = err as { name?: unknown; message?: unknown; position?: unknown; code?: unknown };
      const position = typeof e.position === 'number' ? e.position : 0;
      const detail = String(e.message ?? err).replace(/ \(at position \d+ of ".*"\)$/s, '');
      issues.push(
        createIssue('NAMING_TEMPLATE_INVALID', ['deliverables', i, 'naming'], {
          deliverable: d.id,
          value: d.naming,
          column: position + 1,
          position,
          reason: e.name === 'NamingTemplateError' && typeof e.code === 'string' ? e.code : detail,
          detail,
        }),
      );
    }
  });
  return issues;
}

/** Issues about values, in document order of the fields concerned. */
export function valueIssues(def: SopDefinition): SopIssue[] {
  const issues: SopIssue[] = [];
  if (!isUsableTimeZone(def.timezone)) issues.push(createIssue('TIMEZONE_INVALID', ['timezone'], { value: def.timezone }));
  issues.push(...calendarIssues(def), ...namingIssues(def));
  def.nodes.forEach((node, n) => {
    if (node.type === 'task' || node.type === 'review' || node.type === 'accept') issues.push(...humanNodeIssues(def, node, n));
    if (node.type === 'wait') {
      if (node.duration !== undefined) checkDuration(issues, { nodeId: node.id, nodeIndex: n }, ['duration'], node.duration, true);
      if (node.until !== undefined && !isOffsetDateTime(node.until)) {
        issues.push(createIssue('DATE_TIME_INVALID', ['nodes', n, 'until'], { nodeId: node.id, value: node.until }));
      }
    }
  });
  return issues;
}
