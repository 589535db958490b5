/**
 * The scheduled monthly report's activity: the month before the scheduled
 * time, in the organisation's zone, built once (api/reports/monthly-build.ts).
 * An organisation that is gone or no longer internal fails for good (no retry).
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { MonthlyReportInput, MonthlyReportResult } from '../core/reports/monthly-contract';
import { previousMonth } from '../core/reports/monthly-period';
import { NotAnInternalOrgError, buildMonthlyReport } from '../api/reports/monthly-build';
import type { ActivityDeps } from './deps';

export function buildMonthlyReportActivity(deps: ActivityDeps, log: (line: string) => void = () => undefined) {
  return async (input: MonthlyReportInput): Promise<MonthlyReportResult> => {
    const prisma = deps.db.prisma;
    const org = await prisma.org.findUnique({ where: { id: input.orgId }, select: { timezone: true } });
    if (!org) throw ApplicationFailure.nonRetryable(`organisation ${input.orgId} no longer exists`, 'OrgNotFound');
    const month = previousMonth(new Date(input.scheduledAt), org.timezone);
    try {
      Context.current().heartbeat(month.period);
    } catch {
      // called outside an activity (tests)
    }
    try {
      const result = await buildMonthlyReport({ prisma, storage: deps.storage, publicUrl: deps.publicUrl }, { orgId: input.orgId, month, trigger: 'schedule' });
      log(`[monthly-report] ${month.period} of organisation ${input.orgId}: ${result.created ? 'built' : 'already built'}, ${result.notices} new notice(s)`);
      return { reportId: result.report.id, period: month.period, created: result.created, notices: result.notices };
    } catch (error) {
      if (error instanceof NotAnInternalOrgError) throw ApplicationFailure.nonRetryable(error.message, 'NotAnInternalOrg');
      throw error;
    }
  };
}
