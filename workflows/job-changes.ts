/**
 * Changes an owner makes to a running job: reassigning people, changing the
 * vendor, moving the job to another SOP version, cancelling it. All
 * synchronous: recorded in the next bookkeeping batch.
 */
import type { Actor, ChangeVendorInput, ChangeVendorResult, MigrateInput, MigrateResult, StepState } from '../core/jobs/contract';
import { planJobMigration } from '../core/jobs/migration-rules';
import { wakeAtOf } from '../core/sop/migration-plan';
import type { HumanNode } from '../core/sop/types';
import type { JobContext } from './job-context';
import { migrationRefusal, refusal } from './job-failures';
import { enter, finish, startFiber } from './job-graph';
import { notify, record, recordStep, setStatus } from './job-recorder';
import { snapshot } from './job-state';
import { timingForMigratedStep } from './step-timing';

/** The reassign signal: a role (job-wide) or one active step goes to another person, who is told. */
export function reassign(ctx: JobContext, input: { nodeId?: string; role: string; userId: string }): void {
  if (input.nodeId) {
    const step = ctx.state.active[input.nodeId];
    if (!step || step.assigneeRole !== input.role) return;
    step.assigneeUserId = input.userId;
    recordStep(ctx, step);
    const spec = ctx.plan.nodes[step.nodeId]!.spec as HumanNode;
    notify(ctx, spec.type === 'review' ? 'review_request' : 'task_assigned', [input.role], { step });
    return;
  }
  ctx.state.assignees[input.role] = input.userId;
  record(ctx, { kind: 'job', status: ctx.state.status, at: ctx.now(), detail: { reassigned: input.role, userId: input.userId } });
  // The new person learns of the steps that are now theirs (steps with their own override keep it).
  for (const step of Object.values(ctx.state.active)) {
    if (step.assigneeRole !== input.role || step.assigneeUserId) continue;
    notify(ctx, step.type === 'review' ? 'review_request' : 'task_assigned', [input.role], { step });
  }
}

/**
 * Another vendor organisation takes the job: the `vendor` slot is rebound (or
 * unbound), overrides of the old vendor's people on active steps are dropped,
 * and with `restartFrom` every active step is skipped and that step entered
 * anew (a new round) for the new vendor. Synchronous: nothing to wait for.
 */
export function changeVendor(ctx: JobContext, input: ChangeVendorInput): ChangeVendorResult {
  const from = ctx.vendor.orgId;
  ctx.state.vendor = { orgId: input.vendorOrgId, name: input.vendorName };
  if (input.vendorUserId) ctx.state.assignees.vendor = input.vendorUserId;
  else delete ctx.state.assignees.vendor;
  for (const step of Object.values(ctx.state.active)) {
    if (step.assigneeRole === 'vendor' && step.assigneeUserId) delete step.assigneeUserId;
  }
  record(ctx, { kind: 'job', status: ctx.state.status, at: ctx.now(), detail: { vendorChanged: { from, to: input.vendorOrgId }, restartFrom: input.restartFrom ?? null } });
  if (input.restartFrom === undefined) {
    // The new vendor learns of the steps that are now theirs.
    for (const step of Object.values(ctx.state.active)) {
      if (step.assigneeRole === 'vendor' && step.status === 'active') notify(ctx, 'task_assigned', ['vendor'], { step });
    }
    return { vendorOrgId: input.vendorOrgId };
  }
  for (const step of Object.values(ctx.state.active)) finish(ctx, step, 'skipped');
  ctx.state.joinArrivals = {};
  if (ctx.state.stuck) {
    ctx.state.stuck = undefined;
    if (ctx.state.status === 'stuck') setStatus(ctx, 'running');
  }
  enter(ctx, input.restartFrom);
  return { vendorOrgId: input.vendorOrgId, restartedFrom: input.restartFrom };
}

/**
 * Whether (and how) the job can move to `input.plan`: the Update's validator and handler both ask. The
 * handler passes `asHandler`: it runs again on replay, so it decides with the rules migrations were recorded
 * under (MIGRATE_REPORTS_CHANGED came later and refuses in the validator only, which replay skips).
 */
export function migrationPlan(ctx: JobContext, input: MigrateInput, asHandler = false) {
  return planJobMigration(ctx.state, ctx.plan, input.plan, input.mapping, asHandler ? { reportCadenceRule: false } : {});
}

/**
 * Continues the job on another version of its SOP (core/sop/migration-plan.ts):
 * the plan is swapped, each active step keeps its round, activation and
 * timers on the node it maps to, unless the new version changes its deadline
 * (recomputed from its activation; reminders and levels already past are not
 * replayed) or its wake-up time (the timer is replaced). A step that changes
 * id ends as `skipped` and continues as the next round of its new node.
 * Synchronous: nothing to wait for.
 */
export function migrate(ctx: JobContext, input: MigrateInput): MigrateResult {
  const decided = migrationPlan(ctx, input, true);
  if (!decided.ok) throw refusal(migrationRefusal(decided));
  const now = ctx.now();
  const calendarMoved = input.plan.calendarRef !== ctx.plan.calendarRef;
  ctx.plan = input.plan;
  // Versions count per calendar: on another calendar (or none) the job is on the version it was moved with.
  if (calendarMoved || input.calendarVersion !== undefined) ctx.state.calendarVersion = input.calendarVersion ?? 0;
  if (calendarMoved) ctx.pendingCalendar = undefined;
  const timeChanged = new Set(decided.changes.deadlines.map((d) => d.nodeId));
  const roleChanged = new Set(decided.changes.assignees.map((a) => a.nodeId));
  const rename = (id: string): string => input.mapping?.[id] ?? id;
  const moved: StepState[] = [];
  // Taken before anything moves: with a mapping that swaps two ids, a moved step takes another's place.
  const olds = decided.moves.map((move) => ctx.state.active[move.from]!);
  for (const [index, move] of decided.moves.entries()) {
    const old = olds[index]!;
    let step = old;
    if (move.to !== move.from) {
      step = { ...snapshot(old), nodeId: move.to, round: move.toRound };
      ctx.state.rounds[move.to] = move.toRound;
      // The old step's wait timer (if any) ends now instead of firing.
      if (old.wakeAt !== undefined) old.wakeAt = now;
      finish(ctx, old, 'skipped', 'migrated');
      ctx.state.active[move.to] = step;
    }
    const spec = ctx.plan.nodes[move.to]!.spec;
    if (timeChanged.has(move.to)) {
      if (spec.type === 'wait') step.wakeAt = wakeAtOf(spec, step.activatedAt);
      else if (spec.type === 'task' || spec.type === 'review' || spec.type === 'accept') {
        Object.assign(step, timingForMigratedStep(ctx.plan, spec, step.activatedAt, now));
        step.overdue = step.dueAt !== undefined && step.dueAt <= now ? step.overdue : false;
        step.deadlineEpoch += 1;
      }
    }
    if (roleChanged.has(move.to) && (spec.type === 'task' || spec.type === 'review' || spec.type === 'accept')) {
      step.assigneeRole = spec.assignee;
      delete step.assigneeUserId;
    }
    moved.push(step);
  }
  for (const [joinId, arrived] of Object.entries(ctx.state.joinArrivals)) {
    if (rename(joinId) === joinId) continue;
    delete ctx.state.joinArrivals[joinId];
    ctx.state.joinArrivals[rename(joinId)] = arrived;
  }
  if (ctx.state.stuck) ctx.state.stuck = { ...ctx.state.stuck, nodeId: rename(ctx.state.stuck.nodeId) };
  if (ctx.state.lastChecklist) ctx.state.lastChecklist = { ...ctx.state.lastChecklist, nodeId: rename(ctx.state.lastChecklist.nodeId) };
  record(ctx, {
    kind: 'job', status: ctx.state.status, at: now,
    detail: { migrated: { fromVersion: decided.fromVersion, toVersion: decided.toVersion, by: input.actor.userId }, sopVersion: decided.toVersion },
  });
  for (const [index, step] of moved.entries()) {
    const move = decided.moves[index]!;
    if (move.to !== move.from) {
      recordStep(ctx, step);
      startFiber(ctx, step, true);
    } else if (timeChanged.has(move.to) || roleChanged.has(move.to)) {
      recordStep(ctx, step);
    }
    if (roleChanged.has(move.to)) notify(ctx, step.type === 'review' ? 'review_request' : 'task_assigned', [step.assigneeRole!], { step });
  }
  return decided;
}

/** The cancel signal: every active step ends as `cancelled`. */
export function cancel(ctx: JobContext, actor: Actor, reason?: string): void {
  if (!ctx.running()) return;
  for (const step of Object.values(ctx.state.active)) finish(ctx, step, 'cancelled');
  ctx.state.cancelled = { by: actor.userId, reason };
  ctx.state.endedAt = ctx.now();
  setStatus(ctx, 'cancelled', { by: actor.userId, reason });
  notify(ctx, 'job_cancelled', ['vendor', 'owner']);
}
