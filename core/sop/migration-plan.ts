/**
 * Migrating a running job to another version of its SOP: which node of the new
 * version each active step continues on, what the move changes (deadlines,
 * wait timers, checks, assignees), or why it cannot move safely. Pure and
 * deterministic (no clock, no I/O): the API's dry run and the workflow's
 * `migrate` Update validator decide with the same function.
 *
 * Rules:
 * - An active step continues on the node of the same id, or the one `mapping`
 *   names; that node must exist (MIGRATE_NODE_MISSING) and be of the same type
 *   (MIGRATE_TYPE_CHANGED). Two steps cannot land on one node (MIGRATE_MAPPING_COLLISION).
 * - A step inside a parallel section keeps the join that closes it, and that
 *   join keeps the same incoming branches; so does every join some branches
 *   already reached (MIGRATE_JOIN_CHANGED): the count of arrivals stays right.
 * - Every deliverable already submitted stays declared (MIGRATE_DELIVERABLE_REMOVED).
 * - An active step's report cadence (`reports.every`, `graceAfter`, or reports
 *   added or removed) stays as it is (MIGRATE_REPORTS_CHANGED): its periods are
 *   numbered from its activation and its filed reports are stored by period,
 *   so a new cadence would re-number periods already filed or missed. Changed
 *   report questions are fine (the next report asks them).
 * - Rounds are kept; a step moved to another id gets the next round there.
 * - A human step whose `due`, reminders or escalation change gets a new
 *   deadline counted from its own activation; a wait whose `duration`/`until`
 *   changes gets a new wake-up time, counted the same way.
 */
import type { ExecutionPlan, PlanNode } from './compile';
import type { BusinessCalendarSpec, HumanNode, ReportsSpec, WaitNode } from './types';
import { computeStepSchedule } from '../time/step-schedule';
import { durationToMillis } from '../time/duration';

interface ReportCadence {
  every: number;
  everyText: string;
  grace: number;
  graceText: string;
}

/** A node's report cadence in milliseconds (P1D and PT24H are one cadence); null without `reports`. */
function reportCadence(node: PlanNode | undefined): ReportCadence | null {
  const reports = (node?.spec as { reports?: ReportsSpec } | undefined)?.reports;
  if (!reports) return null;
  const grace = reports.graceAfter ?? 'PT0S';
  return { every: durationToMillis(reports.every), everyText: reports.every, grace: durationToMillis(grace), graceText: grace };
}

export type MigrationCode =
  | 'MIGRATE_SAME_VERSION'
  | 'MIGRATE_OTHER_SOP'
  | 'MIGRATE_MAPPING_UNKNOWN'
  | 'MIGRATE_MAPPING_COLLISION'
  | 'MIGRATE_NODE_MISSING'
  | 'MIGRATE_TYPE_CHANGED'
  | 'MIGRATE_JOIN_CHANGED'
  | 'MIGRATE_DELIVERABLE_REMOVED'
  | 'MIGRATE_STEP_BUSY'
  | 'MIGRATE_REPORTS_CHANGED';

export interface MigrationRefusal {
  code: MigrationCode;
  message: string;
  /** The node (of the old version) or deliverable concerned, when there is one. */
  nodeId?: string;
  deliverable?: string;
}

/** What the plan needs to know of one active step. */
export interface MigrationStep {
  nodeId: string;
  type: string;
  round: number;
  activatedAt: number;
  dueAt?: number;
  wakeAt?: number;
  assigneeRole?: string;
  busy?: boolean;
}

export interface MigrationInput {
  from: ExecutionPlan;
  to: ExecutionPlan;
  active: MigrationStep[];
  /** Node id → how many times it has been activated (the job's `rounds`). */
  rounds: Record<string, number>;
  /** Join id → branches that already arrived. */
  joinArrivals: Record<string, number>;
  /** Deliverable ids the job has files for. */
  submitted: string[];
  /** Old node id → new node id, for nodes renamed or replaced. */
  mapping?: Record<string, string>;
  /**
   * MIGRATE_REPORTS_CHANGED applies (default). The workflow's Update handler turns it off: handlers run again
   * on replay and this rule came after migrations were recorded, so only the validator (which replay skips)
   * and the API enforce it.
   */
  reportCadenceRule?: boolean;
}

export interface MigrationMove {
  from: string;
  to: string;
  type: string;
  /** The round before the move, and on the new node (equal unless the step changes id). */
  round: number;
  toRound: number;
}

/** A deadline (human step) or wake-up time (wait) that the new version moves; null: none. */
export interface TimeChange {
  nodeId: string;
  kind: 'deadline' | 'wake';
  from: number | null;
  to: number | null;
}

export interface CheckChange {
  nodeId: string;
  change: 'added' | 'removed' | 'changed';
  /** The check kinds of the node in the new version (empty when removed). */
  kinds: string[];
}

export interface AssigneeChange {
  nodeId: string;
  from: string | null;
  to: string | null;
}

export interface MigrationChanges {
  deadlines: TimeChange[];
  checks: CheckChange[];
  assignees: AssigneeChange[];
}

export type MigrationPlan =
  | { ok: true; fromVersion: number; toVersion: number; moves: MigrationMove[]; changes: MigrationChanges }
  | { ok: false; fromVersion: number; toVersion: number; refusals: MigrationRefusal[] };

const HUMAN = new Set(['task', 'review', 'accept']);

/** Node id → ids of the nodes with an edge to it. */
function predecessors(plan: ExecutionPlan): Map<string, Set<string>> {
  const preds = new Map<string, Set<string>>();
  for (const node of Object.values(plan.nodes)) {
    for (const targets of Object.values(node.next)) {
      for (const t of targets) {
        if (!preds.has(t)) preds.set(t, new Set());
        preds.get(t)!.add(node.id);
      }
    }
  }
  return preds;
}

/** Node `id` of `plan`, own keys only: ids come from requests (`mapping`), and "toString" or "__proto__" name no node. */
const nodeOf = (plan: ExecutionPlan, id: string): PlanNode | undefined => (Object.hasOwn(plan.nodes, id) ? plan.nodes[id] : undefined);

/** The join closing the parallel section `nodeId` is in (the first join reached at nesting depth 0), if any. */
function enclosingJoin(plan: ExecutionPlan, nodeId: string): string | undefined {
  const seen = new Set<string>();
  const start = nodeOf(plan, nodeId);
  if (!start) return undefined;
  const queue: Array<{ id: string; depth: number }> = Object.values(start.next).flat().map((id) => ({ id, depth: 0 }));
  while (queue.length > 0) {
    const { id, depth } = queue.shift()!;
    const key = `${id}@${depth}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const node: PlanNode | undefined = nodeOf(plan, id);
    if (!node) continue;
    let next = depth;
    if (node.spec.type === 'join') {
      if (depth === 0) return id;
      next = depth - 1;
    } else if (node.spec.type === 'parallel') {
      next = depth + 1;
    }
    for (const target of Object.values(node.next).flat()) queue.push({ id: target, depth: next });
  }
  return undefined;
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function humanTiming(node: HumanNode): unknown {
  return { due: node.due, reminders: node.reminders, escalation: node.escalation };
}

function dueAtOf(plan: ExecutionPlan, node: HumanNode, activatedAt: number): number | null {
  if (!node.due) return null;
  return computeStepSchedule({ activatedAt, due: node.due, calendar: plan.calendar, timezone: plan.timezone }).dueAt;
}

/** When a wait activated at `activatedAt` ends under `node`. */
export function wakeAtOf(node: WaitNode, activatedAt: number): number {
  return node.until ? Date.parse(node.until) : activatedAt + durationToMillis(node.duration ?? 'PT0S');
}

function checkChanges(from: ExecutionPlan, to: ExecutionPlan): CheckChange[] {
  const changes: CheckChange[] = [];
  const kinds = (node: PlanNode | undefined) => (node?.spec.type === 'check' ? node.spec.checks.map((c) => c.kind) : []);
  for (const node of Object.values(to.nodes)) {
    if (node.spec.type !== 'check') continue;
    const old = nodeOf(from, node.id);
    if (!old || old.spec.type !== 'check') changes.push({ nodeId: node.id, change: 'added', kinds: kinds(node) });
    else if (!sameJson(old.spec.checks, node.spec.checks)) changes.push({ nodeId: node.id, change: 'changed', kinds: kinds(node) });
  }
  for (const node of Object.values(from.nodes)) {
    if (node.spec.type === 'check' && nodeOf(to, node.id)?.spec.type !== 'check') changes.push({ nodeId: node.id, change: 'removed', kinds: [] });
  }
  return changes;
}

/** Decides whether a job with `active` steps can continue on `to`, and how. */
/** A plan's calendar with the zone its business time runs in spelt out (the SOP's when the calendar names none). */
function zonedCalendar(plan: ExecutionPlan): BusinessCalendarSpec | undefined {
  return plan.calendar ? { ...plan.calendar, timezone: plan.calendar.timezone ?? plan.timezone } : undefined;
}

export function planMigration(input: MigrationInput): MigrationPlan {
  const { from, to } = input;
  const versions = { fromVersion: from.sopVersion, toVersion: to.sopVersion };
  const refuse = (refusals: MigrationRefusal[]): MigrationPlan => ({ ok: false, ...versions, refusals });
  if (from.sopKey !== to.sopKey) {
    return refuse([{ code: 'MIGRATE_OTHER_SOP', message: `The job runs SOP "${from.sopKey}"; it cannot move to a version of "${to.sopKey}".` }]);
  }
  if (from.sopVersion === to.sopVersion) {
    return refuse([{ code: 'MIGRATE_SAME_VERSION', message: `The job already runs version ${from.sopVersion}.` }]);
  }
  const mapping = input.mapping ?? {};
  const refusals: MigrationRefusal[] = [];
  for (const [oldId, newId] of Object.entries(mapping)) {
    if (!nodeOf(from, oldId)) refusals.push({ code: 'MIGRATE_MAPPING_UNKNOWN', nodeId: oldId, message: `The mapping names step "${oldId}", which version ${from.sopVersion} does not have.` });
    else if (!nodeOf(to, newId)) refusals.push({ code: 'MIGRATE_MAPPING_UNKNOWN', nodeId: oldId, message: `The mapping sends step "${oldId}" to "${newId}", which version ${to.sopVersion} does not have.` });
  }
  if (refusals.length > 0) return refuse(refusals);
  const target = (id: string): string => (Object.hasOwn(mapping, id) ? mapping[id]! : id);

  const oldPreds = predecessors(from);
  const newPreds = predecessors(to);
  /** Why the join `oldJoin` (old id) cannot keep counting arrivals on the new version; undefined when it can. */
  const joinProblem = (oldJoin: string): string | undefined => {
    const newJoin = nodeOf(to, target(oldJoin));
    if (!newJoin || newJoin.spec.type !== 'join') return `version ${to.sopVersion} has no join "${target(oldJoin)}"`;
    const mapped = [...(oldPreds.get(oldJoin) ?? [])].map(target).sort();
    const now = [...(newPreds.get(newJoin.id) ?? [])].sort();
    if (!sameJson(mapped, now)) return `its branches change (${mapped.join(', ')} → ${now.join(', ')})`;
    return undefined;
  };

  const moves: MigrationMove[] = [];
  const deadlines: TimeChange[] = [];
  const assignees: AssigneeChange[] = [];
  const landed = new Map<string, string>();
  for (const step of input.active) {
    const toId = target(step.nodeId);
    const oldNode = nodeOf(from, step.nodeId);
    const newNode = nodeOf(to, toId);
    if (step.busy) {
      refusals.push({ code: 'MIGRATE_STEP_BUSY', nodeId: step.nodeId, message: `Step "${step.nodeId}" is saving a submission or decision; try again in a moment.` });
      continue;
    }
    if (!newNode) {
      refusals.push({ code: 'MIGRATE_NODE_MISSING', nodeId: step.nodeId, message: `Step "${step.nodeId}" is active, and version ${to.sopVersion} has no step "${toId}": map it to one.` });
      continue;
    }
    if (newNode.spec.type !== step.type) {
      refusals.push({ code: 'MIGRATE_TYPE_CHANGED', nodeId: step.nodeId, message: `Step "${step.nodeId}" is an active ${step.type} step; "${toId}" is a ${newNode.spec.type} step in version ${to.sopVersion}.` });
      continue;
    }
    const other = landed.get(toId);
    if (other !== undefined) {
      refusals.push({ code: 'MIGRATE_MAPPING_COLLISION', nodeId: step.nodeId, message: `Steps "${other}" and "${step.nodeId}" would both continue on "${toId}".` });
      continue;
    }
    landed.set(toId, step.nodeId);
    const oldJoin = enclosingJoin(from, step.nodeId);
    const newJoin = enclosingJoin(to, toId);
    if (oldJoin !== undefined || newJoin !== undefined) {
      const problem = oldJoin === undefined ? `it would enter the parallel section closed by "${newJoin}"`
        : newJoin !== target(oldJoin) ? `its parallel section would close at ${newJoin === undefined ? 'no join' : `"${newJoin}"`} instead of "${target(oldJoin)}"`
          : joinProblem(oldJoin) && `join "${oldJoin}": ${joinProblem(oldJoin)}`;
      if (problem) {
        refusals.push({ code: 'MIGRATE_JOIN_CHANGED', nodeId: step.nodeId, message: `Step "${step.nodeId}" is in a parallel section, and ${problem}.` });
        continue;
      }
    }
    const cadenceBefore = reportCadence(oldNode);
    const cadenceAfter = reportCadence(newNode);
    const length = (c: ReportCadence | null) => (c ? [c.every, c.grace] : null);
    if (input.reportCadenceRule !== false && !sameJson(length(cadenceBefore), length(cadenceAfter))) {
      const text = (c: ReportCadence | null) => (c ? `every ${c.everyText}${c.grace > 0 ? ` (+${c.graceText} grace)` : ''}` : 'none');
      refusals.push({
        code: 'MIGRATE_REPORTS_CHANGED', nodeId: step.nodeId,
        message: `Step "${step.nodeId}" is active and files progress reports ${text(cadenceBefore)}; "${toId}" in version ${to.sopVersion} asks ${text(cadenceAfter)}. Reports are numbered from the step's start, so the cadence cannot change while it runs: migrate after the step is done.`,
      });
      continue;
    }
    const renamed = toId !== step.nodeId;
    const toRound = renamed ? Math.max(step.round, (input.rounds[toId] ?? 0) + 1) : step.round;
    moves.push({ from: step.nodeId, to: toId, type: step.type, round: step.round, toRound });
    if (HUMAN.has(step.type) && oldNode && HUMAN.has(oldNode.spec.type)) {
      const before = oldNode.spec as HumanNode;
      const after = newNode.spec as HumanNode;
      // Another calendar moves business-time deadlines only; calendar-time ones keep their instant.
      // Compared in their zones: a plan recorded before calendars carried one (the SOP's zone then) equals the
      // same calendar with that zone spelt out, so such a job is not re-timed by an unrelated change.
      const calendarMoved = !sameJson(zonedCalendar(from), zonedCalendar(to)) && after.due?.calendar === 'business';
      if (!sameJson(humanTiming(before), humanTiming(after)) || from.timezone !== to.timezone || calendarMoved) {
        deadlines.push({ nodeId: toId, kind: 'deadline', from: step.dueAt ?? null, to: dueAtOf(to, after, step.activatedAt) });
      }
      if (before.assignee !== after.assignee) assignees.push({ nodeId: toId, from: before.assignee, to: after.assignee });
    } else if (step.type === 'wait' && oldNode?.spec.type === 'wait' && newNode.spec.type === 'wait') {
      const wake = wakeAtOf(newNode.spec, step.activatedAt);
      const was = step.wakeAt ?? wakeAtOf(oldNode.spec, step.activatedAt);
      if (wake !== was) deadlines.push({ nodeId: toId, kind: 'wake', from: was, to: wake });
    }
  }
  for (const [joinId, arrived] of Object.entries(input.joinArrivals)) {
    if (arrived <= 0) continue;
    const problem = joinProblem(joinId);
    if (problem) refusals.push({ code: 'MIGRATE_JOIN_CHANGED', nodeId: joinId, message: `Join "${joinId}" has ${arrived} branch(es) arrived, and ${problem}.` });
  }
  for (const deliverable of input.submitted) {
    if (!to.deliverables[deliverable]) {
      refusals.push({ code: 'MIGRATE_DELIVERABLE_REMOVED', deliverable, message: `Deliverable "${deliverable}" was submitted, and version ${to.sopVersion} no longer declares it.` });
    }
  }
  if (refusals.length > 0) return refuse(refusals);
  return { ok: true, ...versions, moves, changes: { deadlines, checks: checkChanges(from, to), assignees } };
}
