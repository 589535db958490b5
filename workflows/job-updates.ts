/**
 * The Update handlers that record a person's action: a submission, a review, an
 * acceptance or a report. Each is written by a bookkeeping activity first; the
 * step completes only once the write succeeded (a failed write is the caller's
 * failure, and the step stays as it was).
 *
 * Submissions and reviews (patch `update-one-bookkeeping-call`): one activity writes the row and the
 * transition it causes in one transaction (./job-update-batch.ts). Histories recorded before the patch
 * replay the old path: the row's activity, then the transition's batch.
 */
import { patched } from '@temporalio/workflow';
import type {
  AcceptInput,
  AcceptResult,
  RecordReviewInput,
  RecordSubmissionInput,
  ReportInput,
  ReportResult,
  ReviewInput,
  ReviewResult,
  StepState,
  SubmitInput,
  SubmitResult,
} from '../core/jobs/contract';
import { refuseReport, reportsOf } from '../core/jobs/report-rules';
import { checkFormAnswers } from '../core/sop/form-answers';
import { reportPeriod } from '../core/sop/report-periods';
import type { AcceptNode, TaskNode } from '../core/sop/types';
import { bookkeeping } from './job-activities';
import type { JobContext } from './job-context';
import { asUpdateFailure, refusal } from './job-failures';
import { complete } from './job-graph';
import { notify } from './job-recorder';
import { ONE_BOOKKEEPING_CALL, applyWritten, dryTransition, rerecord, type DryTransition } from './job-update-batch';
import { REPORT_MEMORY, keepRecent } from './report-ladder';

export async function submit(ctx: JobContext, input: SubmitInput): Promise<SubmitResult> {
  const step = ctx.state.active[input.nodeId]!;
  const task = ctx.plan.nodes[input.nodeId]!.spec as TaskNode;
  const row: RecordSubmissionInput = {
    jobId: ctx.input.jobId,
    nodeId: input.nodeId,
    round: step.round,
    actor: input.actor,
    files: input.files,
    checklist: input.checklist ?? {},
    note: input.note,
    form: checkFormAnswers(task.form, input.form).values,
    naming: Object.fromEntries(task.produces.map((d) => [d, ctx.plan.deliverables[d]?.naming])),
    jobCode: ctx.input.code,
    vendorName: ctx.vendor.name,
    requestId: input.requestId,
  };
  const submitted = (on: JobContext, s: StepState, result?: SubmitResult): void => {
    for (const file of result?.files ?? []) on.state.latestFiles[file.deliverable] = { ...file };
    on.state.lastChecklist = { nodeId: input.nodeId, round: s.round, items: { ...(input.checklist ?? {}) } };
    complete(on, s, 'submitted');
  };
  return writeThenComplete(ctx, step, 'submission', {
    transition: submitted,
    oneCall: (batch) => bookkeeping.recordSubmissionWithBatch({ ...row, batch }),
    twoCalls: () => bookkeeping.recordSubmission(row),
    apply: (result) => submitted(ctx, step, result),
  });
}

export async function review(ctx: JobContext, input: ReviewInput): Promise<ReviewResult> {
  const step = ctx.state.active[input.nodeId]!;
  const row: RecordReviewInput = {
    jobId: ctx.input.jobId,
    nodeId: input.nodeId,
    round: step.round,
    actor: input.actor,
    decision: input.decision,
    reasons: input.reasons ?? [],
    comment: input.comment,
  };
  return writeThenComplete(ctx, step, 'review', {
    transition: (on, s) => complete(on, s, input.decision),
    oneCall: (batch) => bookkeeping.recordReviewWithBatch({ ...row, batch }),
    twoCalls: () => bookkeeping.recordReview(row),
    apply: () => complete(ctx, step, input.decision),
  });
}

/**
 * Writes a person's action and completes its step: with the patch, the row and the transition it causes in one
 * call (`oneCall` with the dry run's batch), else the row alone (`twoCalls`; the transition's batch follows). The
 * step is busy meanwhile; a write that fails leaves it as it was; a step that ended meanwhile refuses.
 */
async function writeThenComplete<R>(
  ctx: JobContext, step: StepState, what: 'submission' | 'review',
  write: {
    transition: (on: JobContext, s: StepState) => void;
    oneCall: (batch: DryTransition['batch']) => Promise<R>;
    twoCalls: () => Promise<R>;
    apply: (result: R) => void;
  },
): Promise<R> {
  step.busy = true;
  const oneCall = patched(ONE_BOOKKEEPING_CALL);
  const written = oneCall ? dryTransition(ctx, step.nodeId, write.transition) : undefined;
  let result: R;
  try {
    result = await ctx.track(written ? write.oneCall(written.batch) : write.twoCalls());
  } catch (error) {
    step.busy = false;
    throw asUpdateFailure(error);
  }
  step.busy = false;
  if (step.status !== 'active') {
    if (written) rerecord(ctx, written.batch.events);
    throw refusal({ code: 'STEP_NOT_ACTIVE', message: `Step "${step.nodeId}" ended while the ${what} was being saved.` });
  }
  applied(ctx, written, () => write.apply(result));
  return result;
}

/** The old path applies the transition (its batch follows); the one-call path applies what was written. */
function applied(ctx: JobContext, written: DryTransition | undefined, apply: () => void): void {
  if (written) applyWritten(ctx, written, apply);
  else apply();
}

export async function accept(ctx: JobContext, input: AcceptInput): Promise<AcceptResult> {
  const step = ctx.state.active[input.nodeId]!;
  const node = ctx.plan.nodes[input.nodeId]!.spec as AcceptNode;
  step.busy = true;
  let result: AcceptResult;
  try {
    result = await ctx.track(
      bookkeeping.recordAcceptance({
        jobId: ctx.input.jobId,
        nodeId: input.nodeId,
        round: step.round,
        actor: input.actor,
        decision: input.decision,
        reason: input.reason,
        note: input.note,
      }),
    );
  } catch (error) {
    step.busy = false;
    throw asUpdateFailure(error);
  }
  step.busy = false;
  if (step.status !== 'active') {
    throw refusal({ code: 'STEP_NOT_ACTIVE', message: `Step "${input.nodeId}" ended while the answer was being saved.` });
  }
  if (input.decision === 'declined') {
    // The owner hears of it in the same bookkeeping batch as the step's completion.
    const label = node.reasons?.find((r) => r.code === input.reason)?.label;
    const message = [label ?? input.reason, input.note].filter((part) => part !== undefined && part !== '').join(' — ');
    notify(ctx, 'job_declined', ['owner'], { step, message: message || undefined });
  }
  complete(ctx, step, input.decision);
  return result;
}

export async function fileReport(ctx: JobContext, input: ReportInput): Promise<ReportResult> {
  const decided = refuseReport(ctx.ruleContext(), input, ctx.now());
  if ('code' in decided) throw refusal(decided);
  const { step, period, answers } = decided;
  const reporting = step.reporting!;
  const p = reportPeriod(reportsOf(ctx.ruleContext(), input.nodeId)!, step.activatedAt, period);
  // Taken before the write: the period's ladder stops now, and a second report for it is refused meanwhile.
  reporting.filed = keepRecent([...reporting.filed, period], REPORT_MEMORY);
  try {
    return await ctx.track(
      bookkeeping.recordReport({
        jobId: ctx.input.jobId, nodeId: input.nodeId, round: step.round, period, status: 'filed',
        periodStart: p.start, periodEnd: p.end, dueAt: p.dueAt, actor: input.actor, answers, note: input.note,
      }),
    );
  } catch (error) {
    reporting.filed = reporting.filed.filter((f) => f !== period);
    throw asUpdateFailure(error);
  }
}
