/**
 * Deadline and notice times of a human step. Pure and deterministic: the SOP
 * core's calendar arithmetic with explicit instants (never a clock read).
 */
import type { ExecutionPlan } from '../core/sop/compile';
import type { HumanNode } from '../core/sop/types';
import type { ScheduledNotice } from '../core/jobs/contract';
import { addCalendarDuration, subtractCalendarDuration } from '../core/time/calendar-duration';
import { computeStepSchedule } from '../core/time/step-schedule';

export interface StepTiming {
  dueAt: number;
  reminders: ScheduledNotice[];
  escalations: ScheduledNotice[];
}

/** Deadline, reminders and escalation levels of a step activated at `activatedAt`; undefined without `due`. */
export function timingFor(plan: ExecutionPlan, node: HumanNode, activatedAt: number): StepTiming | undefined {
  if (!node.due) return undefined;
  const schedule = computeStepSchedule({
    activatedAt,
    due: node.due,
    reminders: node.reminders,
    escalation: node.escalation,
    calendar: plan.calendar,
    timezone: plan.timezone,
  });
  return {
    dueAt: schedule.dueAt,
    reminders: schedule.reminders.map(({ index, at }) => ({ index, at, sent: false })),
    escalations: schedule.escalations.map(({ index, at }) => ({ index, at, sent: false })),
  };
}

/**
 * Notices for a deadline moved to `dueAt` at `now`: reminders `before` it and
 * escalation levels `overdue` after it (calendar time in the SOP's zone).
 * Notices whose time has already passed are marked sent: a moved deadline
 * does not replay old reminders.
 */
export function timingForMovedDeadline(plan: ExecutionPlan, node: HumanNode, dueAt: number, now: number): StepTiming {
  const mark = (index: number, at: number): ScheduledNotice => ({ index, at, sent: at <= now });
  return {
    dueAt,
    reminders: (node.reminders ?? []).map((r, index) => mark(index, subtractCalendarDuration(dueAt, r.before, plan.timezone))),
    escalations: (node.escalation ?? []).map((e, index) => mark(index, addCalendarDuration(dueAt, e.overdue, plan.timezone))),
  };
}

/**
 * Timing of a step moved to another SOP version's node: counted from the
 * step's own activation, with reminders and escalation levels already past
 * marked sent (a migration does not replay old notices). Without `due`: none.
 */
export function timingForMigratedStep(plan: ExecutionPlan, node: HumanNode, activatedAt: number, now: number): StepTiming | { dueAt: undefined; reminders: []; escalations: [] } {
  const timing = timingFor(plan, node, activatedAt);
  if (!timing) return { dueAt: undefined, reminders: [], escalations: [] };
  const mark = (n: ScheduledNotice): ScheduledNotice => ({ ...n, sent: n.at <= now });
  return { dueAt: timing.dueAt, reminders: timing.reminders.map(mark), escalations: timing.escalations.map(mark) };
}
