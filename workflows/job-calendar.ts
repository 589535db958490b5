/**
 * The calendarChanged signal: a new version of the job's shared calendar
 * re-times the business-time deadlines of its active steps.
 */
import type { CalendarChangedInput, JobActivities, StepState } from '../core/jobs/contract';
import type { BusinessCalendarSpec, HumanNode } from '../core/sop/types';
import { retimedStep, usableCalendar } from './calendar-retime';
import { bookkeeping } from './job-activities';
import type { JobContext } from './job-context';
import { notify, record, recordStep } from './job-recorder';
import type { StepTiming } from './step-timing';

/**
 * A new version of the job's shared calendar. The signal names the version; its spec is loaded by an activity
 * (a signal handler must not wait), so the version is kept as pending and loaded beside the handler
 * ({@link loadPendingCalendars}); continue-as-new waits for it (see `quiet` in ./job-workflow.ts). Once per version:
 * a version at or below the one applied or already pending, or of another calendar than the job's, is ignored.
 *
 * Replay: signals of the first form carry the spec (`calendar`) and are applied right here, as they were; the
 * branch follows the recorded payload, so histories of either form replay without a patch marker.
 */
export function calendarChanged(ctx: JobContext, input: CalendarChangedInput): void {
  if (input?.calendar !== undefined) {
    // Another calendar's change (a job migrated off it while an old-form re-timing ran) is not this job's.
    if (ctx.plan.calendarRef !== undefined && input.key !== ctx.plan.calendarRef) return;
    applyCalendar(ctx, input.key, input.version, input.calendar);
    return;
  }
  if (!ctx.running() || typeof input?.version !== 'number' || typeof input.key !== 'string') return;
  if (input.key !== ctx.plan.calendarRef || input.version <= appliedCalendarVersion(ctx)) return;
  if (ctx.pendingCalendar && ctx.pendingCalendar.version >= input.version) return;
  ctx.pendingCalendar = { key: input.key, version: input.version };
  if (!ctx.loadingCalendar) void loadPendingCalendars(ctx);
}

function appliedCalendarVersion(ctx: JobContext): number {
  return ctx.state.calendarVersion ?? ctx.input.calendarVersion ?? 0;
}

/** Loads and applies pending calendar versions, newest only: a version overtaken while it loaded is skipped. */
async function loadPendingCalendars(ctx: JobContext): Promise<void> {
  ctx.loadingCalendar = true;
  try {
    while (ctx.pendingCalendar) {
      const wanted = ctx.pendingCalendar;
      let loaded: Awaited<ReturnType<JobActivities['loadCalendarVersion']>> = null;
      try {
        loaded = await ctx.track(bookkeeping.loadCalendarVersion(wanted));
      } catch {
        loaded = null; // not retryable: the version is ignored, as a malformed one is
      }
      if (ctx.pendingCalendar !== wanted) continue;
      ctx.pendingCalendar = undefined;
      if (loaded) applyCalendar(ctx, wanted.key, wanted.version, loaded.spec);
    }
  } finally {
    ctx.loadingCalendar = false;
  }
}

/**
 * Applies a calendar version: active steps with business-time deadlines (not moved by hand) are re-timed,
 * recorded and their people told; a version at or below the applied one, or a malformed calendar, changes nothing.
 */
function applyCalendar(ctx: JobContext, key: string, version: number, calendar: BusinessCalendarSpec): void {
  const applied = appliedCalendarVersion(ctx);
  if (!ctx.running() || typeof version !== 'number' || version <= applied || !usableCalendar(calendar)) return;
  const now = ctx.now();
  const moved: Array<{ nodeId: string; round: number; from: number; to: number }> = [];
  // Every new timing first: a calendar whose working time runs out (the business arithmetic throws) is ignored
  // whole — a signal cannot be refused, and a throw here would fail the workflow task on every retry.
  const retimed: Array<{ step: StepState; timing: StepTiming }> = [];
  try {
    for (const step of Object.values(ctx.state.active)) {
      if (step.type !== 'task' && step.type !== 'review' && step.type !== 'accept') continue;
      const timing = retimedStep(ctx.plan, calendar, step, ctx.plan.nodes[step.nodeId]!.spec as HumanNode, now);
      if (timing) retimed.push({ step, timing });
    }
  } catch {
    return;
  }
  for (const { step, timing } of retimed) {
    moved.push({ nodeId: step.nodeId, round: step.round, from: step.dueAt!, to: timing.dueAt });
    Object.assign(step, timing);
    step.overdue = timing.dueAt <= now ? step.overdue : false;
    step.deadlineEpoch += 1;
    recordStep(ctx, step);
    notify(ctx, 'notify', [step.assigneeRole ?? 'owner', 'owner'], { step, message: '工作日历已更新，截止时间已调整 / The work calendar changed; the deadline moved' });
  }
  // The plan travels with continue-as-new: later steps are timed on the new calendar too.
  ctx.plan = { ...ctx.plan, calendar };
  ctx.state.calendarVersion = version;
  record(ctx, { kind: 'job', status: ctx.state.status, at: now, detail: { calendarChanged: { key, version, moved } } });
}
