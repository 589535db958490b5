/**
 * Time in a job: a human step's deadline, reminders, escalation levels and
 * report-period ladder, each fired exactly once on a durable timer; a wait
 * step's wake-up; a deadline moved by hand.
 */
import { condition } from '@temporalio/workflow';
import type { StepState } from '../core/jobs/contract';
import { reportsOf } from '../core/jobs/report-rules';
import { wakeAtOf } from '../core/sop/migration-plan';
import { reportPeriod } from '../core/sop/report-periods';
import type { AcceptNode, HumanNode, TaskNode, WaitNode } from '../core/sop/types';
import { bookkeeping } from './job-activities';
import type { JobContext } from './job-context';
import { complete, fail } from './job-graph';
import { notify, recordStep } from './job-recorder';
import { REPORT_MEMORY, initialReporting, keepRecent, reportNotices, type ReportNotice } from './report-ladder';
import { timingForMovedDeadline } from './step-timing';

/** The next timed event of a human step: its deadline, a reminder or an escalation level. */
function nextNotice(ctx: JobContext, step: StepState): { at: number; fire: () => void } | undefined {
  const spec = ctx.plan.nodes[step.nodeId]!.spec as HumanNode;
  const candidates: Array<{ at: number; fire: () => void }> = [];
  if (step.dueAt !== undefined && !step.overdue) {
    candidates.push({
      at: step.dueAt,
      fire: () => {
        step.overdue = true;
        recordStep(ctx, step, step.dueAt);
      },
    });
  }
  for (const notice of step.reminders) {
    if (notice.sent) continue;
    const r = spec.reminders![notice.index]!;
    candidates.push({
      at: notice.at,
      fire: () => {
        notice.sent = true;
        notify(ctx, 'reminder', r.notify, { step, level: notice.index, message: r.message, at: notice.at });
      },
    });
  }
  for (const notice of step.escalations) {
    if (notice.sent) continue;
    const e = spec.escalation![notice.index]!;
    candidates.push({
      at: notice.at,
      fire: () => {
        notice.sent = true;
        notify(ctx, 'escalation', e.notify, { step, level: notice.index, cc: e.cc, message: e.message, at: notice.at });
      },
    });
  }
  if (spec.type !== 'review' && spec.reports && step.reporting) {
    for (const n of reportNotices(spec, step)) candidates.push({ at: n.at, fire: () => fireReportNotice(ctx, step, spec, n) });
  }
  // Stable order: time, then deadline before notices (candidates were pushed in that order).
  return candidates.reduce<{ at: number; fire: () => void } | undefined>((best, c) => (!best || c.at < best.at ? c : best), undefined);
}

/** One timed action of a report period's ladder (./report-ladder.ts); the period's cursor moves past it. */
function fireReportNotice(ctx: JobContext, step: StepState, spec: TaskNode | AcceptNode, n: ReportNotice): void {
  const reporting = step.reporting!;
  if (n.kind === 'start') {
    reporting.open.push({ period: reporting.next, done: 0 });
    reporting.next += 1;
    return;
  }
  const entry = reporting.open.find((o) => o.period === n.period)!;
  entry.done += 1;
  const period = reportPeriod(spec.reports!, step.activatedAt, n.period);
  const extra = { step, level: n.index, at: n.at, period: n.period, dueAt: period.dueAt };
  if (n.kind === 'reminder') {
    const r = spec.reminders![n.index]!;
    notify(ctx, 'reminder', r.notify, { ...extra, message: r.message ?? `第 ${n.period} 期报告待提交 / Report for period ${n.period} is due` });
  } else if (n.kind === 'escalation') {
    const e = spec.escalation![n.index]!;
    notify(ctx, 'escalation', e.notify, { ...extra, cc: e.cc, message: e.message ?? `第 ${n.period} 期报告未提交 / Report for period ${n.period} was not filed` });
  } else {
    reporting.missed = keepRecent([...reporting.missed, n.period], REPORT_MEMORY);
    const missed = { jobId: ctx.input.jobId, nodeId: step.nodeId, round: step.round, period: n.period, status: 'missed' as const, periodStart: period.start, periodEnd: period.end, dueAt: period.dueAt, at: n.at };
    if (!ctx.dry) void ctx.track(bookkeeping.recordReport(missed)).catch((error: unknown) => fail(ctx, step, error));
  }
}

/** Waits for the step to be completed by an update while firing its timed notices, each exactly once. */
export async function runHuman(ctx: JobContext, step: StepState): Promise<void> {
  // A step of a node with `reports` owes them from its activation (also when a carried state predates them).
  if (reportsOf(ctx.ruleContext(), step.nodeId) && !step.reporting) step.reporting = initialReporting();
  while (step.status === 'active' && ctx.running()) {
    const next = nextNotice(ctx, step);
    const epoch = step.deadlineEpoch;
    const filed = step.reporting?.filed.join(',');
    const changed = () => step.status !== 'active' || !ctx.running() || step.deadlineEpoch !== epoch || step.reporting?.filed.join(',') !== filed;
    if (!next) {
      if (ctx.dry) return;
      await condition(changed);
      continue;
    }
    const wait = next.at - ctx.now();
    if (wait > 0 && ctx.dry) return;
    if (wait > 0 && (await condition(changed, wait))) continue;
    if (step.status === 'active' && ctx.running()) next.fire();
  }
}

/**
 * A migration may move the wake-up time: the timer is then replaced (never
 * fired twice). Replay: without a migration this issues the same single
 * timer as before migrations existed, cancelled only when the job ends.
 */
export async function runWait(ctx: JobContext, step: StepState, spec: WaitNode): Promise<void> {
  step.wakeAt ??= wakeAtOf(spec, step.activatedAt);
  while (step.status === 'active' && ctx.running()) {
    const wakeAt = step.wakeAt;
    const wait = wakeAt - ctx.now();
    if (wait > 0 && ctx.dry) return;
    if (wait <= 0 || !(await condition(() => !ctx.running() || step.wakeAt !== wakeAt, wait))) break;
  }
  complete(ctx, step, 'next');
}

/** The extendDeadline signal: an active human step's deadline moves; pending reminders and escalations follow it. */
export function extendDeadline(ctx: JobContext, nodeId: string, dueAt: number): void {
  const step = ctx.state.active[nodeId];
  if (!step || (step.type !== 'task' && step.type !== 'review' && step.type !== 'accept')) return;
  // A signal cannot be refused; a non-number would become a NaN timer and fail the workflow task.
  if (typeof dueAt !== 'number' || !Number.isFinite(dueAt)) return;
  const spec = ctx.plan.nodes[nodeId]!.spec as HumanNode;
  const now = ctx.now();
  step.dueAt = dueAt;
  step.overdue = dueAt <= now ? step.overdue : false;
  step.deadlineEpoch += 1;
  Object.assign(step, timingForMovedDeadline(ctx.plan, spec, dueAt, now));
  recordStep(ctx, step);
}
