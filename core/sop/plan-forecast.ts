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
 */
import type { ExecutionPlan, PlanNode } from './compile';
import type { HumanNode, SopNode } from './types';
import { DEFAULT_OUTCOME } from './types';
import { computeStepSchedule } from '../time/step-schedule';
import { durationToMillis } from '../time/duration';

export interface ForecastActiveStep {
  nodeId: string;
  dueAt?: number;
  wakeAt?: number;
}

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

/** How long `node` takes when it starts at `start`, as an end instant (and whether it is timed). */
function plannedEndOf(plan: ExecutionPlan, node: SopNode, start: number): { end: number; timed: boolean } {
  if (HUMAN.has(node.type)) {
    const due = (node as HumanNode).due;
    if (!due) return { end: start, timed: false };
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
    if (node.duration) return { end: start + durationToMillis(node.duration), timed: true };
  }
  return { end: start, timed: false };
}

/** The nodes after `active` on the hoped-for path, planned from `now`, in the order they start (ties: the path's order). */
export function forecastRemaining(plan: ExecutionPlan, active: readonly ForecastActiveStep[], now: number): ForecastStep[] {
  const ends = new Map<string, number>();
  for (const step of active) {
    const node = plan.nodes[step.nodeId];
    if (!node) continue;
    const planned = node.spec.type === 'wait' ? step.wakeAt : step.dueAt;
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
    const start = Math.max(...(preds.get(id) ?? []).map((p) => ends.get(p) ?? planned.get(p)!.end));
    planned.set(id, { start, ...plannedEndOf(plan, plan.nodes[id]!.spec, start) });
  }
  return [...planned.entries()]
    .map(([nodeId, p]) => ({ nodeId, type: plan.nodes[nodeId]!.spec.type, plannedStart: p.start, plannedEnd: p.end, timed: p.timed }))
    // Stable: nodes starting together keep the path's order.
    .sort((a, b) => a.plannedStart - b.plannedStart);
}
