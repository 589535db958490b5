/**
 * The deadline, reminders and escalation instants of a human step (task or
 * review) from its SOP fields. Pure and deterministic: `activatedAt` is passed
 * in, never read from a clock — safe in workflow code.
 */
import type { BusinessCalendarSpec, DueSpec, EscalationLevelSpec, ReminderSpec } from '../sop/types';
import { DEFAULT_BUSINESS_CALENDAR } from './business-calendar';
import { addBusinessDuration } from './business-duration';
import { addCalendarDuration, subtractCalendarDuration } from './calendar-duration';
import { toInstant } from './zone';

export interface StepScheduleInput {
  /** When the node became active: epoch ms or ISO date-time. */
  activatedAt: number | string;
  due: DueSpec;
  reminders?: ReminderSpec[];
  escalation?: EscalationLevelSpec[];
  /**
   * The SOP's calendar; {@link DEFAULT_BUSINESS_CALENDAR} when absent and `due.calendar` is `business`.
   * Its `timezone`, when set (a shared calendar's version), is the zone business time is counted in.
   */
  calendar?: BusinessCalendarSpec;
  /** The SOP's IANA zone. */
  timezone: string;
}

export interface StepSchedule {
  /** Deadline, epoch ms. */
  dueAt: number;
  /** `index` is the position in `reminders`; sorted by `at` (ties keep spec order). */
  reminders: Array<{ index: number; at: number }>;
  /** `level` is 1-based (level 1 = `escalation[0]`), `index` 0-based; sorted by `at`. */
  escalations: Array<{ level: number; index: number; at: number }>;
}

const byTime = <T extends { at: number; index: number }>(a: T, b: T): number => a.at - b.at || a.index - b.index;

/**
 * Computes a step's schedule.
 *
 * - `dueAt` = `activatedAt` + `due.after`, in calendar time (`due.calendar`
 *   absent or `calendar`) or business time (`business`, following `calendar`).
 * - Each reminder at `dueAt − before`, in calendar time (P1D before = same
 *   local clock time the day before). Reminders that fall at or before
 *   `activatedAt` are kept: the caller decides whether to send them at once or skip them.
 * - Each escalation level at `dueAt + overdue`, in calendar time (`PT0S` = at the deadline).
 *
 * @throws Error for an invalid duration, calendar, zone, `due.calendar` or `activatedAt`.
 */
export function computeStepSchedule(input: StepScheduleInput): StepSchedule {
  const { due, timezone } = input;
  if (due.calendar !== undefined && due.calendar !== 'calendar' && due.calendar !== 'business') {
    throw new Error(`due.calendar must be "calendar" or "business" (got ${JSON.stringify(due.calendar)})`);
  }
  const start = toInstant(input.activatedAt, timezone);
  // Business time runs in the calendar's own zone (a shared calendar's version), else the SOP's;
  // reminders and escalation levels stay calendar time in the SOP's zone.
  const dueAt =
    due.calendar === 'business'
      ? addBusinessDuration(start, due.after, input.calendar ?? DEFAULT_BUSINESS_CALENDAR, input.calendar?.timezone ?? timezone)
      : addCalendarDuration(start, due.after, timezone);
  const reminders = (input.reminders ?? [])
    .map((r, index) => ({ index, at: subtractCalendarDuration(dueAt, r.before, timezone) }))
    .sort(byTime);
  const escalations = (input.escalation ?? [])
    .map((e, index) => ({ level: index + 1, index, at: addCalendarDuration(dueAt, e.overdue, timezone) }))
    .sort(byTime);
  return { dueAt, reminders, escalations };
}
