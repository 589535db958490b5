/**
 * Re-timing a step when the shared calendar its job runs on changes. Pure and
 * deterministic (instants passed in): safe in workflow code.
 */
import type { ExecutionPlan } from '../core/sop/compile';
import type { BusinessCalendarSpec, HumanNode } from '../core/sop/types';
import type { ScheduledNotice, StepState } from '../core/jobs/contract';
import { compileCalendar } from '../core/time/business-calendar';
import { isUsableTimeZone } from '../core/sop/value-rules';
import { timingFor, timingForMovedDeadline, type StepTiming } from './step-timing';

/** Whether a calendar signalled from outside can be used: a malformed one is ignored (a signal cannot be refused). */
export function usableCalendar(calendar: unknown): calendar is BusinessCalendarSpec {
  try {
    compileCalendar(calendar as BusinessCalendarSpec);
    // A zone this worker cannot use would throw at the next business-time activation, failing every retry.
    const zone = (calendar as BusinessCalendarSpec).timezone;
    if (zone !== undefined && (typeof zone !== 'string' || !isUsableTimeZone(zone))) return false;
    return true;
  } catch {
    return false;
  }
}

/**
 * The new timing of an active human step under `calendar`, or undefined when
 * it keeps its own: its `due` is not in business time, its deadline was moved
 * by hand (it is not what the old calendar gives), or the new calendar gives
 * the same deadline. Notices already sent stay sent; those whose new time has
 * passed are marked sent (no replay of old reminders).
 */
export function retimedStep(plan: ExecutionPlan, calendar: BusinessCalendarSpec, step: StepState, spec: HumanNode, now: number): StepTiming | undefined {
  if (spec.due?.calendar !== 'business' || step.dueAt === undefined) return undefined;
  const before = timingFor(plan, spec, step.activatedAt);
  if (!before || before.dueAt !== step.dueAt) return undefined;
  const after = timingFor({ ...plan, calendar }, spec, step.activatedAt);
  if (!after || after.dueAt === step.dueAt) return undefined;
  const moved = timingForMovedDeadline(plan, spec, after.dueAt, now);
  const keepSent = (next: ScheduledNotice[], old: ScheduledNotice[]) =>
    next.map((n) => ({ ...n, sent: n.sent || old.some((o) => o.index === n.index && o.sent) }));
  return { dueAt: moved.dueAt, reminders: keepSent(moved.reminders, step.reminders), escalations: keepSent(moved.escalations, step.escalations) };
}
