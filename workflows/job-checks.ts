/**
 * A check step: its checks run as (normal, heartbeating) activities side by side, all scheduled at once on the
 * checks' own task queue (patch `checks-own-task-queue`); all passed → `passed`.
 */
import type { StepState } from '../core/jobs/contract';
import type { CheckNode, TaskNode } from '../core/sop/types';
import { checkActivities } from './job-activities';
import type { JobContext } from './job-context';
import { complete } from './job-graph';

export async function runChecks(ctx: JobContext, step: StepState, spec: CheckNode): Promise<void> {
  if (ctx.dry) return;
  const checks = checkActivities();
  const checklistTask = ctx.state.lastChecklist ? (ctx.plan.nodes[ctx.state.lastChecklist.nodeId]?.spec as TaskNode | undefined) : undefined;
  const outcomes = await ctx.track(
    Promise.all(
      spec.checks.map((check) => {
        const deliverable = check.kind === 'checklist' ? undefined : check.deliverable;
        return checks.runCheck({
          jobId: ctx.input.jobId,
          nodeId: step.nodeId,
          round: step.round,
          check,
          file: deliverable ? ctx.state.latestFiles[deliverable] : undefined,
          referenceFileId: deliverable ? ctx.input.references[deliverable] : undefined,
          namingTemplate: deliverable ? ctx.plan.deliverables[deliverable]?.naming : undefined,
          jobCode: ctx.input.code,
          vendorName: ctx.vendor.name,
          checklist:
            check.kind === 'checklist'
              ? {
                  required: (checklistTask?.checklist ?? []).filter((i) => i.required !== false).map((i) => i.id),
                  ticked: ctx.state.lastChecklist?.items ?? {},
                }
              : undefined,
        });
      }),
    ),
  );
  complete(ctx, step, outcomes.every((o) => o.passed) ? 'passed' : 'failed');
}
