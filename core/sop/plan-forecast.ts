/**
 * The steps a running job has not reached yet, planned: where the Gantt draws
 * the rest of the job as the SOP says it should go. Pure and deterministic
 * (instants passed in).
 *
 * Rules:
 * - The job is assumed to go the way the SOP hopes from now on: a task is
 *   submitted, an acceptance accepted, a check passes, a review approves;
 *   other nodes take their plain exit, a parallel all its branches.
 * - An active step is planned to end at its due time, or now when that has
 *   passed or it has none (a late step cannot end in the past); a wait at its
 *   wake-up time.
 * - A node not reached yet starts when the last of its planned predecessors
 *   ends (a join waits for every branch) and lasts its `due` — business time
 *   on the job's calendar when the SOP says so — or its wait; a node without
 *   either takes no time.
 * - Nodes already active are not forecast again, nor is a node reached twice
 *   on the hoped-for path (a loop that is not a rework: its first pass counts).
 * - Bounded: nothing is planned past `horizonMs` from now (a node that would
 *   end later ends the forecast on its branch, and a business due longer than
 *   the horizon is not even computed), an end that is not a representable
 *   instant is treated the same way, and `budget` caps how many nodes one
 *   caller plans over many jobs (a page of the portfolio).
 */
import type { ExecutionPlan, PlanNode } from './compile';
import type { BusinessCalendarSpec, HumanNode, SopNode } from './types';
import { DEFAULT_OUTCOME } from './types';
import { DEFAULT_BUSINESS_CALENDAR } from '../time/business-calendar';
import { computeStepSchedule } from '../time/step-schedule';
import { durationToMillis } from '../time/duration';

export interface ForecastActiveStep {
  nodeId: string;
  /** When it became active: an active wait without `wakeAt` wakes at its activation plus its wait. */
  activatedAt?: number;
  dueAt?: number;
  wakeAt?: number;
}

export interface ForecastOptions {
  /** How far ahead of `now` anything is planned; default a year. */
  horizonMs?: number;
  /** Nodes left to plan, shared by the calls of one request; each planned node takes one. */
  budget?: { left: number };
}

export const DEFAULT_FORECAST_HORIZON_MS = 366 * 86_400_000;
/** The largest instant a Date holds. */
const MAX_INSTANT = 8.64e15;

export interface ForecastStep {
  nodeId: string;
  type: SopNode['type'];
  plannedStart: number;
  /** When the node is planned to end; equal to `plannedStart` for a node that takes no time. */
  plannedEnd: number;
  /** The node has a `due` (or is a wait): its end is a planned deadline, not just its start. */
  timed: boolean;
}

/** The outcome a node leaves by when things go as hoped. */
const HOPED_OUTCOME: Partial<Record<SopNode['type'], string>> = {
  task: 'submitted',
  accept: 'accepted',
  check: 'passed',
  review: 'approved',
};

function hopedNext(node: PlanNode): string[] {
  const outcome = HOPED_OUTCOME[node.spec.type] ?? DEFAULT_OUTCOME;
  return node.next[outcome] ?? [];
}

const HUMAN = new Set(['task', 'review', 'accept']);

/** A nominal length beyond `limit` (business time never ends sooner than its nominal length); false when it has none. */
function longerThan(duration: string, limit: number): boolean {
  try {
    return durationToMillis(duration) > limit;
  } catch {
    return true; // years or months: calendar-time only, and no forecast needs to walk them
  }
}

/**
 * How many calendar milliseconds a business millisecond takes at least on `calendar` (holidays only add):
 * 24 h over its working hours a day, times 7 over its working days a week. So a business due whose nominal
 * length times this passes the horizon is known to end past it without walking the calendar day by day.
 */
function businessStretch(calendar: BusinessCalendarSpec): number {
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const hours = (minutes(calendar.hours[1]) - minutes(calendar.hours[0])) / 60;
  const days = new Set(calendar.workdays).size;
  return hours > 0 && days > 0 ? (24 / hours) * (7 / days) : Number.POSITIVE_INFINITY;
}

/** How long `node` takes when it starts at `start`, as an end instant (and whether it is timed); undefined past `limit` ms. */
function plannedEndOf(plan: ExecutionPlan, node: SopNode, start: number, limit: number): { end: number; timed: boolean } | undefined {
  if (HUMAN.has(node.type)) {
    const due = (node as HumanNode).due;
    if (!due) return { end: start, timed: false };
    if (longerThan(due.after, due.calendar === 'business' ? limit / businessStretch(plan.calendar ?? DEFAULT_BUSINESS_CALENDAR) : limit)) return undefined;
    try {
      return { end: computeStepSchedule({ activatedAt: start, due, calendar: plan.calendar, timezone: plan.timezone }).dueAt, timed: true };
    } catch {
      return { end: start, timed: false };
    }
  }
  if (node.type === 'wait') {
    if (node.until) {
      const until = Date.parse(node.until);
      return { end: Number.isFinite(until) ? Math.max(start, until) : start, timed: true };
    }
    if (node.duration) return longerThan(node.duration, limit) ? undefined : { end: start + durationToMillis(node.duration), timed: true };
  }
  return { end: start, timed: false };
}

/** The nodes after `active` on the hoped-for path, planned from `now`, in the order they start (ties: the path's order). */
export function forecastRemaining(plan: ExecutionPlan, active: readonly ForecastActiveStep[], now: number, options: ForecastOptions = {}): ForecastStep[] {
  const horizonEnd = now + (options.horizonMs ?? DEFAULT_FORECAST_HORIZON_MS);
  const budget = options.budget ?? { left: Number.POSITIVE_INFINITY };
  const ends = new Map<string, number>();
  for (const step of active) {
    const node = plan.nodes[step.nodeId];
    if (!node) continue;
    const wake = node.spec.type === 'wait' && step.wakeAt === undefined && step.activatedAt !== undefined
      ? plannedEndOf(plan, node.spec, step.activatedAt, horizonEnd - step.activatedAt)?.end
      : step.wakeAt;
    const planned = node.spec.type === 'wait' ? wake : step.dueAt;
    ends.set(step.nodeId, Math.max(now, planned ?? now));
  }
  // Depth-first from the active steps over the hoped-for exits: reverse post-order is a topological order of the
  // path with its back edges (a loop) left out, so one pass in that order plans each node after all its predecessors.
  const preds = new Map<string, string[]>();
  const order: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string): void => {
    state.set(id, 'open');
    for (const next of hopedNext(plan.nodes[id]!)) {
      if (!plan.nodes[next] || ends.has(next) || state.get(next) === 'open') continue;
      preds.set(next, [...(preds.get(next) ?? []), id]);
      if (!state.has(next)) visit(next);
    }
    state.set(id, 'done');
    order.push(id);
  };
  for (const id of ends.keys()) if (!state.has(id)) visit(id);
  const planned = new Map<string, { start: number; end: number; timed: boolean }>();
  for (const id of order.reverse()) {
    if (ends.has(id)) continue;
    // A predecessor not planned (past the horizon, or the budget ran out) leaves this node unplanned too.
    const before = (preds.get(id) ?? []).map((p) => ends.get(p) ?? planned.get(p)?.end);
    if (before.some((t) => t === undefined) || budget.left <= 0) continue;
    const start = Math.max(...(before as number[]));
    if (start > horizonEnd) continue;
    budget.left -= 1;
    const end = plannedEndOf(plan, plan.nodes[id]!.spec, start, horizonEnd - start);
    if (!end || !Number.isFinite(end.end) || end.end > Math.min(horizonEnd, MAX_INSTANT) || end.end < start) continue;
    planned.set(id, { start, ...end });
  }
  return [...planned.entries()]
    .map(([nodeId, p]) => ({ nodeId, type: plan.nodes[nodeId]!.spec.type, plannedStart: p.start, plannedEnd: p.end, timed: p.timed }))
    // Stable: nodes starting together keep the path's order.
    .sort((a, b) => a.plannedStart - b.plannedStart);
}
