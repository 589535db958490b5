/**
 * One scheduled monthly report: a single activity (building it twice is
 * harmless — the activity makes at most one per organisation and month).
 * The month is taken from the time the schedule meant to run, so a run
 * caught up after downtime still builds the month it was due for.
 */
import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { MonthlyReportActivities, MonthlyReportResult } from '../core/reports/monthly-contract';

const { buildMonthlyReport } = proxyActivities<MonthlyReportActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '5 minutes',
  retry: { maximumAttempts: 5, initialInterval: '1 minute' },
});

const SCHEDULED_START = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

export async function monthlyReportWorkflow(input: { orgId: string }): Promise<MonthlyReportResult> {
  const info = workflowInfo();
  // Set by the schedule on every workflow it starts; a workflow started by hand falls back to its start time.
  const scheduled = info.typedSearchAttributes.get(SCHEDULED_START);
  const scheduledAt = (scheduled ?? info.startTime).toISOString();
  return buildMonthlyReport({ orgId: input.orgId, scheduledAt });
}
