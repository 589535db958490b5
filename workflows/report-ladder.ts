/**
 * The timed actions of a step's recurring reports, from its carried
 * {@link ReportingState}: the start of the next period, and for each open
 * period the next action of its ladder (core/sop/report-periods.ts). Pure and
 * deterministic; the workflow fires one at a time and moves the cursors, so
 * every action happens exactly once, across continue-as-new too.
 */
import type { ReportingState, StepState } from '../core/jobs/contract';
import { periodNotices, reportPeriod, type PeriodNotice } from '../core/sop/report-periods';
import type { AcceptNode, TaskNode } from '../core/sop/types';

/** How many recent filed / missed periods the state remembers (the database keeps all). */
export const REPORT_MEMORY = 50;

export type ReportNotice = { kind: 'start'; at: number; period: number } | (PeriodNotice & { period: number });

export function initialReporting(): ReportingState {
  return { next: 1, open: [], filed: [], missed: [] };
}

export function keepRecent(list: number[], limit: number): number[] {
  return list.length > limit ? list.slice(list.length - limit) : list;
}

/**
 * The pending actions: the next period's start, then the next action of every
 * open period (in period order). Drops open periods that were filed or whose
 * ladder is done (a mutation of the cursor list only).
 */
export function reportNotices(spec: TaskNode | AcceptNode, step: StepState): ReportNotice[] {
  const reporting = step.reporting!;
  const reports = spec.reports!;
  const node = { reports, reminders: spec.reminders, escalation: spec.escalation };
  const pending: ReportNotice[] = [{ kind: 'start', at: reportPeriod(reports, step.activatedAt, reporting.next).start, period: reporting.next }];
  reporting.open = reporting.open.filter((entry) => {
    if (reporting.filed.includes(entry.period)) return false;
    const next = periodNotices(node, step.activatedAt, entry.period)[entry.done];
    if (!next) return false;
    pending.push({ ...next, period: entry.period });
    return true;
  });
  return pending;
}
