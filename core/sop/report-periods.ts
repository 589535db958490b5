/**
 * Recurring reports (SOP-FORMAT.md, Additions: `reports`): which period an
 * instant falls in, when each period's report is due, which periods a report
 * may be filed for, and the timed notices of one period. Pure: explicit
 * instants, no clock; safe in the workflow sandbox, the API and the browser.
 *
 * Decisions where SOP-FORMAT.md is silent:
 * - Periods are counted from the moment the step became active (period 1 is
 *   `[activatedAt, activatedAt + every)`), not aligned to midnight or Monday:
 *   the vendor owes the first report one full period after the work starts.
 *   `every` has a fixed length (P1D is 24 hours).
 * - Period `p`'s report is due at its end plus `graceAfter` (default none).
 * - A report may be filed for the current period, or for an earlier period
 *   whose due time has not passed yet (still in grace); one report per period.
 *   A missed period stays missed (its notices went out); the next report can
 *   explain it in its note.
 * - A missed period runs the node's ladder once for that period: reminders
 *   `before` its due time (while unfiled; those that would fall before the
 *   period starts are dropped), the `report.missed` event at its due time,
 *   then each escalation level `overdue` after it.
 */
import { durationToMillis } from '../time/duration';
import type { EscalationLevelSpec, ReminderSpec, ReportsSpec } from './types';

/** The shortest period a node may ask for. */
export const MIN_REPORT_PERIOD_MS = 1000;

export interface ReportPeriod {
  /** 1-based. */
  period: number;
  start: number;
  end: number;
  /** `end` plus `graceAfter`: after this instant the period is missed. */
  dueAt: number;
}

function lengths(reports: ReportsSpec): { every: number; grace: number } {
  return { every: Math.max(MIN_REPORT_PERIOD_MS, durationToMillis(reports.every)), grace: reports.graceAfter ? durationToMillis(reports.graceAfter) : 0 };
}

/** Period `period` (1-based) of a step activated at `activatedAt`. */
export function reportPeriod(reports: ReportsSpec, activatedAt: number, period: number): ReportPeriod {
  const { every, grace } = lengths(reports);
  const start = activatedAt + (period - 1) * every;
  const end = start + every;
  return { period, start, end, dueAt: end + grace };
}

/** The period `at` falls in (1 at or before activation). */
export function periodIndexAt(reports: ReportsSpec, activatedAt: number, at: number): number {
  const { every } = lengths(reports);
  return at <= activatedAt ? 1 : Math.floor((at - activatedAt) / every) + 1;
}

/**
 * The periods a report may be filed for at `now`, oldest first: earlier
 * periods still in grace, then the current one — each only when not filed yet.
 */
export function fileablePeriods(reports: ReportsSpec, activatedAt: number, now: number, filed: readonly number[]): number[] {
  const current = periodIndexAt(reports, activatedAt, now);
  const open: number[] = [];
  for (let p = current - 1; p >= 1; p -= 1) {
    if (reportPeriod(reports, activatedAt, p).dueAt < now) break;
    open.unshift(p);
  }
  open.push(current);
  return open.filter((p) => !filed.includes(p));
}

/** One timed action of a period's ladder, in firing order. */
export interface PeriodNotice {
  kind: 'reminder' | 'missed' | 'escalation';
  /** Reminder index or escalation level (0-based); 0 for `missed`. */
  index: number;
  at: number;
}

/**
 * The timed actions of period `period` while its report is unfiled: reminders,
 * the miss at its due time, escalation levels — sorted by time, reminders
 * before the miss before escalations at equal times.
 */
export function periodNotices(
  node: { reports: ReportsSpec; reminders?: ReminderSpec[]; escalation?: EscalationLevelSpec[] },
  activatedAt: number,
  period: number,
): PeriodNotice[] {
  const { start, dueAt } = reportPeriod(node.reports, activatedAt, period);
  const notices: PeriodNotice[] = [];
  (node.reminders ?? []).forEach((r, index) => {
    const at = dueAt - durationToMillis(r.before);
    if (at >= start) notices.push({ kind: 'reminder', index, at });
  });
  notices.push({ kind: 'missed', index: 0, at: dueAt });
  (node.escalation ?? []).forEach((e, index) => notices.push({ kind: 'escalation', index, at: dueAt + durationToMillis(e.overdue) }));
  const rank = { reminder: 0, missed: 1, escalation: 2 } as const;
  return notices.map((n, order) => ({ n, order })).sort((a, b) => a.n.at - b.n.at || rank[a.n.kind] - rank[b.n.kind] || a.order - b.order).map(({ n }) => n);
}
