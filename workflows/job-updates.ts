/**
 * The Update handlers that record a person's action: a submission, a review, an
 * acceptance or a report. Each is written by a bookkeeping activity first; the
 * step completes only once the write succeeded (a failed write is the caller's
 * failure, and the step stays as it was).
 */
import type { AcceptInput, AcceptResult, ReportInput, ReportResult, ReviewInput, ReviewResult, SubmitInput, SubmitResult } from '../core/jobs/contract';
import { refuseReport, reportsOf } from '../core/jobs/report-rules';
import { checkFormAnswers } from '../core/sop/form-answers';
import { reportPeriod } from '../core/sop/report-periods';
import type { AcceptNode, TaskNode } from '../core/sop/types';
import { bookkeeping } from './job-activities';
import type { JobContext } from './job-context';
import { asUpdateFailure, refusal } from './job-failures';
import { complete } from './job-graph';
import { notify } from './job-recorder';
import { REPORT_MEMORY, keepRecent } from './report-ladder';

export async function submit(ctx: JobContext, input: SubmitInput): Promise<SubmitResult> {
  const step = ctx.state.active[input.nodeId]!;
  const task = ctx.plan.nodes[input.nodeId]!.spec as TaskNode;
  step.busy = true;
  let result: SubmitResult;
  try {
    result = await ctx.track(
      bookkeeping.recordSubmission({
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
      }),
    );
  } catch (error) {
    step.busy = false;
    throw asUpdateFailure(error);
  }
  step.busy = false;
  if (step.status !== 'active') {
    throw refusal({ code: 'STEP_NOT_ACTIVE', message: `Step "${input.nodeId}" ended while the submission was being saved.` });
  }
  for (const file of result.files) ctx.state.latestFiles[file.deliverable] = { ...file };
  ctx.state.lastChecklist = { nodeId: input.nodeId, round: step.round, items: { ...(input.checklist ?? {}) } };
  complete(ctx, step, 'submitted');
  return result;
}

export async function review(ctx: JobContext, input: ReviewInput): Promise<ReviewResult> {
  const step = ctx.state.active[input.nodeId]!;
  step.busy = true;
  let result: ReviewResult;
  try {
    result = await ctx.track(
      bookkeeping.recordReview({
        jobId: ctx.input.jobId,
        nodeId: input.nodeId,
        round: step.round,
        actor: input.actor,
        decision: input.decision,
        reasons: input.reasons ?? [],
        comment: input.comment,
      }),
    );
  } catch (error) {
    step.busy = false;
    throw asUpdateFailure(error);
  }
  step.busy = false;
  if (step.status !== 'active') {
    throw refusal({ code: 'STEP_NOT_ACTIVE', message: `Step "${input.nodeId}" ended while the review was being saved.` });
  }
  complete(ctx, step, input.decision);
  return result;
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
  const decided = refuseReport(ctx.ruleContext(), input, Date.now());
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
