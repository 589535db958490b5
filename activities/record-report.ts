import type { RecordReportInput, ReportResult } from '../core/jobs/contract';
import { appendAudit } from '../platform/audit/audit-log';
import type { ActivityDeps } from './deps';

type Row = { id: string; nodeId: string; round: number; period: number; status: 'filed' | 'missed'; periodStart: Date; periodEnd: Date; dueAt: Date; createdAt: Date };

const result = (row: Row): ReportResult => ({
  reportId: row.id, nodeId: row.nodeId, round: row.round, period: row.period, status: row.status,
  periodStart: row.periodStart.getTime(), periodEnd: row.periodEnd.getTime(), dueAt: row.dueAt.getTime(), createdAt: row.createdAt.getTime(),
});

/**
 * Saves one period of a step's recurring reports — filed by its assignee, or
 * missed at its due time — and audits it as `report.filed` / `report.missed`
 * (timeline and live stream). Idempotent on (job, step, round, period): a
 * retry answers the row already written.
 */
export function recordReportActivity(deps: ActivityDeps) {
  return async function recordReport(input: RecordReportInput): Promise<ReportResult> {
    return deps.db.prisma.$transaction(async (tx) => {
      const key = { jobId_nodeId_round_period: { jobId: input.jobId, nodeId: input.nodeId, round: input.round, period: input.period } };
      const existing = await tx.jobReport.findUnique({ where: key });
      if (existing) return result(existing);
      const filed = input.status === 'filed';
      const row = await tx.jobReport.create({
        data: {
          jobId: input.jobId, nodeId: input.nodeId, round: input.round, period: input.period, status: input.status,
          periodStart: new Date(input.periodStart), periodEnd: new Date(input.periodEnd), dueAt: new Date(input.dueAt),
          answers: (filed ? input.answers ?? {} : {}) as object, note: filed ? input.note ?? null : null, actorId: filed ? input.actor?.userId ?? null : null,
          ...(input.at !== undefined ? { createdAt: new Date(input.at) } : {}),
        },
      });
      await appendAudit(tx, {
        type: `report.${input.status}`,
        actorId: filed ? input.actor?.userId : undefined,
        actorLabel: filed ? input.actor?.name ?? input.actor?.userId ?? 'vendor' : 'workflow',
        jobId: input.jobId,
        ...(input.at !== undefined ? { at: new Date(input.at) } : {}),
        data: { nodeId: input.nodeId, round: input.round, period: input.period, dueAt: new Date(input.dueAt).toISOString(), reportId: row.id },
      });
      return result(row);
    });
  };
}
