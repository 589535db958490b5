/**
 * Reads of recurring reports (日报/周报/打卡): the periods owed now by the
 * active steps that ask for reports, from the read model (StepRun rows and
 * JobReport rows) and the SOP's `reports` (core/sop/report-periods.ts) — no
 * workflow query, so lists stay cheap.
 */
import type { ExecutionPlan } from '../../core/sop/compile';
import { fileablePeriods, reportPeriod } from '../../core/sop/report-periods';
import type { ReportsSpec } from '../../core/sop/types';
import type { PrismaClient } from '../../platform/db/prisma-types';

export interface OwedReport {
  /** The step run owing it. */
  stepRunId: string;
  jobId: string;
  nodeId: string;
  round: number;
  period: number;
  periodStart: string;
  periodEnd: string;
  dueAt: string;
  /** Questions to answer; empty for a check-in (打卡). */
  fields: NonNullable<ReportsSpec['fields']>;
}

export function reportsOfNode(plan: ExecutionPlan | undefined, nodeId: string): ReportsSpec | undefined {
  const spec = plan?.nodes[nodeId]?.spec;
  return spec && (spec.type === 'task' || spec.type === 'accept') ? spec.reports : undefined;
}

/**
 * The periods each active reporting step of `jobs` may take a report for at
 * `now`, oldest due first. `steps` filters the nodes (e.g. vendor steps only).
 */
export async function owedReports(
  prisma: PrismaClient,
  jobs: ReadonlyArray<{ id: string; plan: ExecutionPlan | undefined }>,
  now: number,
  steps: (plan: ExecutionPlan, nodeId: string) => boolean = () => true,
): Promise<OwedReport[]> {
  const planOf = new Map(jobs.map((j) => [j.id, j.plan]));
  const reporting = jobs.flatMap((j) => Object.values(j.plan?.nodes ?? {}).filter((n) => reportsOfNode(j.plan, n.id) && steps(j.plan!, n.id)).map((n) => ({ jobId: j.id, nodeId: n.id })));
  if (reporting.length === 0) return [];
  const active = await prisma.stepRun.findMany({
    where: { status: 'active', OR: reporting.map((r) => ({ jobId: r.jobId, nodeId: r.nodeId })) },
    select: { id: true, jobId: true, nodeId: true, round: true, activatedAt: true },
  });
  if (active.length === 0) return [];
  const filed = await prisma.jobReport.findMany({
    where: { OR: active.map((s) => ({ jobId: s.jobId, nodeId: s.nodeId, round: s.round })) },
    select: { jobId: true, nodeId: true, round: true, period: true },
  });
  const owed: OwedReport[] = [];
  for (const step of active) {
    const reports = reportsOfNode(planOf.get(step.jobId), step.nodeId)!;
    const done = filed.filter((f) => f.jobId === step.jobId && f.nodeId === step.nodeId && f.round === step.round).map((f) => f.period);
    for (const period of fileablePeriods(reports, step.activatedAt.getTime(), now, done)) {
      const p = reportPeriod(reports, step.activatedAt.getTime(), period);
      owed.push({
        stepRunId: step.id, jobId: step.jobId, nodeId: step.nodeId, round: step.round, period,
        periodStart: new Date(p.start).toISOString(), periodEnd: new Date(p.end).toISOString(), dueAt: new Date(p.dueAt).toISOString(),
        fields: reports.fields ?? [],
      });
    }
  }
  return owed.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.jobId.localeCompare(b.jobId) || a.nodeId.localeCompare(b.nodeId));
}
