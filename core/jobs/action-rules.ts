import type { ExecutionPlan } from '../sop/compile';
import type { AcceptNode, ReviewNode, TaskNode } from '../sop/types';
import { evaluateChecklist } from '../checks/checklist';
import { checkFormAnswers } from '../sop/form-answers';
import { canActAs } from './can-act';
import type { AcceptInput, ChangeVendorInput, JobState, ReviewInput, StepState, SubmitInput } from './contract';

/** Why a submission or review was refused; `code` maps to an HTTP status in the API. */
export interface ActionRefusal {
  code:
    | 'STEP_NOT_ACTIVE'
    | 'STEP_BUSY'
    | 'STEP_WRONG_TYPE'
    | 'NOT_ASSIGNEE'
    | 'DELIVERABLE_MISSING'
    | 'DELIVERABLE_UNKNOWN'
    | 'CHECKLIST_INCOMPLETE'
    | 'FORM_INVALID'
    | 'REASON_UNKNOWN'
    | 'REASON_REQUIRED'
    | 'DECISION_INVALID'
    | 'RESTART_NODE_INVALID'
    | 'JOB_NOT_RUNNING';
  message: string;
}

export interface RuleContext {
  state: JobState;
  plan: ExecutionPlan;
  vendorOrgId: string;
}

function activeStep(ctx: RuleContext, nodeId: string, type: 'task' | 'review' | 'accept'): StepState | ActionRefusal {
  if (ctx.state.status !== 'running' && ctx.state.status !== 'stuck') {
    return { code: 'JOB_NOT_RUNNING', message: `The job is ${ctx.state.status}; nothing can be submitted.` };
  }
  const node = ctx.plan.nodes[nodeId];
  if (!node || node.spec.type !== type) {
    return { code: 'STEP_WRONG_TYPE', message: `Step "${nodeId}" is not a ${type} step of this job.` };
  }
  const step = ctx.state.active[nodeId];
  if (!step || step.status !== 'active') {
    return { code: 'STEP_NOT_ACTIVE', message: `Step "${nodeId}" is not active now.` };
  }
  if (step.busy) {
    return { code: 'STEP_BUSY', message: `Step "${nodeId}" is already being completed by another request.` };
  }
  return step;
}

function assigneeRefusal(ctx: RuleContext, step: StepState, actor: SubmitInput['actor']): ActionRefusal | undefined {
  const role = step.assigneeRole ?? 'vendor';
  const userId = step.assigneeUserId ?? ctx.state.assignees[role];
  if (canActAs(actor, role, { userId, vendorOrgId: ctx.vendorOrgId })) return undefined;
  return { code: 'NOT_ASSIGNEE', message: `Step "${step.nodeId}" is assigned to role "${role}"; you are not that person.` };
}

/**
 * Whether `actor` may submit to task step `nodeId` now (job running, step active
 * and free, actor its assignee), before any deliverable is looked at: the API
 * asks this before it reads an upload's body. Pure.
 */
export function refuseSubmitter(ctx: RuleContext, nodeId: string, actor: SubmitInput['actor']): ActionRefusal | undefined {
  const step = activeStep(ctx, nodeId, 'task');
  if ('code' in step) return step;
  return assigneeRefusal(ctx, step, actor);
}

/** Checks a submission against the live state; undefined when it may proceed. Pure. */
export function refuseSubmission(ctx: RuleContext, input: SubmitInput): ActionRefusal | undefined {
  const refused = refuseSubmitter(ctx, input.nodeId, input.actor);
  if (refused) return refused;
  const task = ctx.plan.nodes[input.nodeId]!.spec as TaskNode;
  const given = new Set(input.files.map((f) => f.deliverable));
  const unknown = [...given].filter((d) => !task.produces.includes(d));
  if (unknown.length > 0) {
    return { code: 'DELIVERABLE_UNKNOWN', message: `Step "${task.id}" does not take ${unknown.join(', ')}; it takes ${task.produces.join(', ')}.` };
  }
  const missing = task.produces.filter((d) => !given.has(d));
  if (missing.length > 0) {
    return { code: 'DELIVERABLE_MISSING', message: `Missing deliverable(s): ${missing.join(', ')}.` };
  }
  const checklist = evaluateChecklist(task.checklist ?? [], input.checklist ?? {});
  if (!checklist.passed) {
    const unticked = checklist.missing.map((item) => `${item.id} (${item.label})`);
    return { code: 'CHECKLIST_INCOMPLETE', message: `Required checklist item(s) not ticked: ${unticked.join(', ')}.` };
  }
  const form = checkFormAnswers(task.form, input.form);
  if (form.issues.length > 0) {
    return { code: 'FORM_INVALID', message: form.issues.map((i) => i.message).join(' ') };
  }
  return undefined;
}

/** Checks a review decision against the live state; undefined when it may proceed. Pure. */
export function refuseReview(ctx: RuleContext, input: ReviewInput): ActionRefusal | undefined {
  const step = activeStep(ctx, input.nodeId, 'review');
  if ('code' in step) return step;
  const notAssignee = assigneeRefusal(ctx, step, input.actor);
  if (notAssignee) return notAssignee;
  const review = ctx.plan.nodes[input.nodeId]!.spec as ReviewNode;
  const known = new Set((review.reasons ?? []).map((r) => r.code));
  const unknown = (input.reasons ?? []).filter((code) => !known.has(code));
  if (unknown.length > 0) {
    const choices = known.size > 0 ? [...known].join(', ') : 'none are defined';
    return { code: 'REASON_UNKNOWN', message: `Unknown reason code(s) ${unknown.join(', ')}; choose from: ${choices}.` };
  }
  if (input.decision === 'rejected' && known.size > 0 && (input.reasons ?? []).length === 0) {
    return { code: 'REASON_REQUIRED', message: 'A rejection needs at least one reason code.' };
  }
  return undefined;
}

/**
 * Checks an acceptance answer (接单) against the live state; undefined when it
 * may proceed. A decline names one of the node's reason codes when it declares
 * any (none may be given when it declares none); an acceptance gives no reason. Pure.
 */
export function refuseAcceptance(ctx: RuleContext, input: AcceptInput): ActionRefusal | undefined {
  if (input.decision !== 'accepted' && input.decision !== 'declined') {
    return { code: 'DECISION_INVALID', message: 'The decision must be "accepted" or "declined".' };
  }
  const step = activeStep(ctx, input.nodeId, 'accept');
  if ('code' in step) return step;
  const notAssignee = assigneeRefusal(ctx, step, input.actor);
  if (notAssignee) return notAssignee;
  const node = ctx.plan.nodes[input.nodeId]!.spec as AcceptNode;
  const known = (node.reasons ?? []).map((r) => r.code);
  if (input.reason !== undefined) {
    if (input.decision === 'accepted') {
      return { code: 'REASON_UNKNOWN', message: 'Only a decline takes a reason code; accept without one.' };
    }
    if (!known.includes(input.reason)) {
      const choices = known.length > 0 ? known.join(', ') : 'none are defined';
      return { code: 'REASON_UNKNOWN', message: `Unknown reason code ${input.reason}; choose from: ${choices}.` };
    }
  }
  if (input.decision === 'declined' && known.length > 0 && input.reason === undefined) {
    return { code: 'REASON_REQUIRED', message: `A decline needs a reason code; choose from: ${known.join(', ')}.` };
  }
  return undefined;
}

/** Node ids inside any parallel section of the plan (between a parallel and its join, both excluded). */
function nodesInParallelSections(plan: ExecutionPlan): Set<string> {
  const inside = new Set<string>();
  for (const node of Object.values(plan.nodes)) {
    if (node.spec.type !== 'parallel') continue;
    const queue = Object.values(node.next).flat();
    while (queue.length > 0) {
      const id = queue.shift()!;
      if (id === node.joinId || inside.has(id)) continue;
      inside.add(id);
      queue.push(...Object.values(plan.nodes[id]?.next ?? {}).flat());
    }
  }
  return inside;
}

/**
 * Checks a change of vendor organisation against the live state; undefined when
 * it may proceed. The job must be running; a restart step must be a human step
 * (task, review or accept) outside every parallel section — re-entering one
 * branch of a parallel section would leave its join waiting for ever. Pure.
 */
export function refuseVendorChange(ctx: RuleContext, input: ChangeVendorInput): ActionRefusal | undefined {
  if (ctx.state.status !== 'running' && ctx.state.status !== 'stuck') {
    return { code: 'JOB_NOT_RUNNING', message: `The job is ${ctx.state.status}; its vendor can no longer change.` };
  }
  if (input.restartFrom === undefined) return undefined;
  const node = ctx.plan.nodes[input.restartFrom];
  if (!node || !['task', 'review', 'accept'].includes(node.spec.type)) {
    return { code: 'RESTART_NODE_INVALID', message: `The job can restart only from a task, review or accept step; "${input.restartFrom}" is not one.` };
  }
  if (nodesInParallelSections(ctx.plan).has(input.restartFrom)) {
    return { code: 'RESTART_NODE_INVALID', message: `Step "${input.restartFrom}" is inside a parallel section; restart from a step before it.` };
  }
  return undefined;
}
