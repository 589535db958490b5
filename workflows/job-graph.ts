/**
 * Moving through the SOP graph: a node is entered (a new round of it) and its
 * step runs as a small "fiber" (an async function) whose position is fully kept
 * in the job's state; a completed step enters every node its edges lead to.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import type { StepState } from '../core/jobs/contract';
import type { HumanNode, NotifyNode } from '../core/sop/types';
import { runChecks } from './job-checks';
import type { JobContext } from './job-context';
import { notify, recordStep, setStatus } from './job-recorder';
import { pushHistory } from './job-state';
import { runHuman, runWait } from './job-timers';
import { timingFor } from './step-timing';

/** Activates `nodeId` (a new round of it) and starts its fiber. */
export function enter(ctx: JobContext, nodeId: string): void {
  if (!ctx.running()) return;
  const node = ctx.plan.nodes[nodeId];
  if (!node) throw ApplicationFailure.nonRetryable(`plan has no node "${nodeId}"`, 'PlanInvalid');
  const spec = node.spec;
  if (spec.type === 'join') {
    const arrived = (ctx.state.joinArrivals[nodeId] ?? 0) + 1;
    if (arrived < (node.arrivals ?? 1)) {
      ctx.state.joinArrivals[nodeId] = arrived;
      return;
    }
    delete ctx.state.joinArrivals[nodeId];
  }
  const previous = ctx.state.active[nodeId];
  if (previous) finish(ctx, previous, 'skipped');
  const round = (ctx.state.rounds[nodeId] ?? 0) + 1;
  ctx.state.rounds[nodeId] = round;
  const now = ctx.now();
  const step: StepState = {
    nodeId,
    type: spec.type,
    round,
    status: 'active',
    activatedAt: now,
    deadlineEpoch: 0,
    reminders: [],
    escalations: [],
  };
  if (spec.type === 'task' || spec.type === 'review' || spec.type === 'accept') {
    step.assigneeRole = spec.assignee;
    const timing = timingFor(ctx.plan, spec, now);
    if (timing) Object.assign(step, timing);
  }
  ctx.state.active[nodeId] = step;
  ctx.state.transitions += 1;
  recordStep(ctx, step);
  startFiber(ctx, step);
}

/** `resumed`: the step was already active before a continue-as-new. */
export function startFiber(ctx: JobContext, step: StepState, resumed = false): void {
  void runFiber(ctx, step, resumed).catch((error: unknown) => fail(ctx, step, error));
}

export function fail(ctx: JobContext, step: StepState, error: unknown): void {
  if (!ctx.running()) return;
  const message = error instanceof Error ? error.message : String(error);
  setStatus(ctx, 'failed', { nodeId: step.nodeId, round: step.round, error: message });
}

async function runFiber(ctx: JobContext, step: StepState, resumed: boolean): Promise<void> {
  const spec = ctx.plan.nodes[step.nodeId]!.spec;
  switch (spec.type) {
    case 'start':
    case 'parallel':
    case 'join':
      complete(ctx, step, 'next');
      return;
    case 'end':
      finish(ctx, step, 'done', 'next');
      endJob(ctx, step.nodeId);
      return;
    case 'task':
    case 'review':
    case 'accept':
      if (!resumed) onHumanActivated(ctx, step, spec);
      await runHuman(ctx, step);
      return;
    case 'check':
      await runChecks(ctx, step, spec);
      return;
    case 'wait':
      await runWait(ctx, step, spec);
      return;
    case 'notify':
      runNotify(ctx, step, spec);
      return;
  }
}

/** Marks a step finished and moves it to history; does not follow edges. */
export function finish(ctx: JobContext, step: StepState, status: StepState['status'], outcome?: string): void {
  step.status = status;
  step.outcome = outcome;
  step.completedAt = ctx.now();
  step.busy = false;
  if (ctx.state.active[step.nodeId] === step) delete ctx.state.active[step.nodeId];
  pushHistory(ctx.state, step);
  recordStep(ctx, step);
}

/** Completes a step with `outcome` and enters every node its edges lead to. */
export function complete(ctx: JobContext, step: StepState, outcome: string): void {
  if (step.status !== 'active' || !ctx.running()) return;
  finish(ctx, step, 'done', outcome);
  ctx.state.transitions += 1;
  if (ctx.state.stuck?.nodeId === step.nodeId) {
    ctx.state.stuck = undefined;
    setStatus(ctx, 'running');
  }
  for (const target of ctx.plan.nodes[step.nodeId]!.next[outcome] ?? []) enter(ctx, target);
}

function endJob(ctx: JobContext, endNodeId: string): void {
  if (!ctx.running()) return;
  for (const other of Object.values(ctx.state.active)) finish(ctx, other, 'skipped');
  ctx.state.endedAt = ctx.now();
  ctx.state.endNodeId = endNodeId;
  setStatus(ctx, 'completed', { endNodeId });
  notify(ctx, 'job_completed', ['owner']);
}

/** A human step's people are told; past its `maxRounds` the job is stuck until the step completes. */
function onHumanActivated(ctx: JobContext, step: StepState, spec: HumanNode): void {
  notify(ctx, spec.type === 'review' ? 'review_request' : 'task_assigned', [spec.assignee], { step });
  if (spec.maxRounds !== undefined && step.round > spec.maxRounds && ctx.state.status === 'running') {
    ctx.state.stuck = { nodeId: step.nodeId, round: step.round };
    setStatus(ctx, 'stuck', { nodeId: step.nodeId, round: step.round, maxRounds: spec.maxRounds });
    notify(ctx, 'stuck', ['owner'], { step, message: `round ${step.round} > maxRounds ${spec.maxRounds}` });
  }
}

/** The message goes out in the same bookkeeping batch as the step's completion. */
function runNotify(ctx: JobContext, step: StepState, spec: NotifyNode): void {
  notify(ctx, 'notify', spec.notify, { step, message: spec.message });
  complete(ctx, step, 'next');
}
