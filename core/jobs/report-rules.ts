/**
 * Whether a report (日报/周报/打卡) may be filed now, and for which period.
 * The same rule runs in the API (before the Update, for a clear answer) and in
 * the job workflow's Update validator. Pure: `now` is passed in.
 */
import { fileablePeriods, periodIndexAt, reportPeriod } from '../sop/report-periods';
import { checkFormAnswers } from '../sop/form-answers';
import type { ReportsSpec } from '../sop/types';
import type { ActionRefusal, RuleContext } from './action-rules';
import { canActAs } from './can-act';
import type { ReportInput, StepState } from './contract';

export type ReportRefusal = Omit<ActionRefusal, 'code'> & {
  code: ActionRefusal['code'] | 'REPORTS_NOT_ASKED' | 'REPORT_PERIOD_CLOSED' | 'REPORT_ALREADY_FILED';
};

/** The node's `reports` when it is a task or accept node that asks for them. */
export function reportsOf(ctx: Pick<RuleContext, 'plan'>, nodeId: string): ReportsSpec | undefined {
  const spec = ctx.plan.nodes[nodeId]?.spec;
  return spec && (spec.type === 'task' || spec.type === 'accept') ? spec.reports : undefined;
}

/** The step a report goes to, or why none can: job running, node asks for reports, step active, actor its assignee. */
export function refuseReporter(ctx: RuleContext, nodeId: string, actor: ReportInput['actor']): ReportRefusal | StepState {
  if (ctx.state.status !== 'running' && ctx.state.status !== 'stuck') {
    return { code: 'JOB_NOT_RUNNING', message: `The job is ${ctx.state.status}; no report can be filed.` };
  }
  if (!reportsOf(ctx, nodeId)) return { code: 'REPORTS_NOT_ASKED', message: `Step "${nodeId}" of this job asks for no reports.` };
  const step = ctx.state.active[nodeId];
  if (!step || step.status !== 'active') {
    return { code: 'STEP_NOT_ACTIVE', message: `Step "${nodeId}" is not active now; reports are filed only while it is.` };
  }
  const role = step.assigneeRole ?? 'vendor';
  const userId = step.assigneeUserId ?? ctx.state.assignees[role];
  if (!canActAs(actor, role, { userId, vendorOrgId: ctx.vendorOrgId })) {
    return { code: 'NOT_ASSIGNEE', message: `Step "${nodeId}" is assigned to role "${role}"; you are not that person.` };
  }
  return step;
}

/**
 * The period a report is filed for at `now`, or why it cannot be: the asked
 * period (or, by default, the oldest open one) must be the current period or
 * an earlier one still in grace, not filed yet; the answers must fit the
 * report's questions.
 */
export function refuseReport(ctx: RuleContext, input: ReportInput, now: number): ReportRefusal | { step: StepState; period: number; answers: Record<string, unknown> } {
  const step = refuseReporter(ctx, input.nodeId, input.actor);
  if ('code' in step) return step;
  const reports = reportsOf(ctx, input.nodeId)!;
  const filed = step.reporting?.filed ?? [];
  const open = fileablePeriods(reports, step.activatedAt, now, filed);
  const period = input.period ?? open[0];
  const current = periodIndexAt(reports, step.activatedAt, now);
  if (period === undefined) {
    return { code: 'REPORT_ALREADY_FILED', message: `The report for period ${current} is already filed; the next period starts ${new Date(reportPeriod(reports, step.activatedAt, current).end).toISOString()}.` };
  }
  if (!Number.isInteger(period) || period < 1) {
    return { code: 'REPORT_PERIOD_CLOSED', message: `Period ${String(period)} is not a period of this step; periods count from 1.` };
  }
  if (filed.includes(period)) return { code: 'REPORT_ALREADY_FILED', message: `The report for period ${period} is already filed.` };
  if (!open.includes(period)) {
    const when = period > current ? 'has not started yet' : 'is past its due time (missed)';
    return { code: 'REPORT_PERIOD_CLOSED', message: `Period ${period} ${when}; reports can be filed now for period ${open.join(', ')}.` };
  }
  const form = checkFormAnswers(reports.fields, input.answers);
  if (form.issues.length > 0) return { code: 'FORM_INVALID', message: form.issues.map((i) => i.message).join(' ') };
  return { step, period, answers: form.values };
}
