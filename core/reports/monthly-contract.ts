/**
 * The monthly vendor report as the worker runs it: one Temporal Schedule per
 * internal organisation (id `waifa-sop-monthly-report-<orgId>`, the 1st of the
 * month at 09:00 in the organisation's zone) starts `monthlyReportWorkflow`,
 * whose one activity builds the previous month's report (PDF + XLSX), stores
 * it and queues the e-mails — at most once per organisation and month.
 */

export interface MonthlyReportInput {
  orgId: string;
  /** When the schedule meant to run (ISO); the report covers the month before it, in the org's zone. */
  scheduledAt: string;
}

export interface MonthlyReportResult {
  reportId: string;
  period: string;
  /** False when the report of this period existed already (a catch-up or a second run). */
  created: boolean;
  /** Outbox rows written (0 when they existed). */
  notices: number;
}

export interface MonthlyReportActivities {
  buildMonthlyReport(input: MonthlyReportInput): Promise<MonthlyReportResult>;
}

/** Workflow type and schedule id prefix: stable, running schedules refer to them. */
export const MONTHLY_REPORT_WORKFLOW_TYPE = 'monthlyReportWorkflow';
export const MONTHLY_REPORT_SCHEDULE_PREFIX = 'waifa-sop-monthly-report-';
/** 1st of the month, 09:00 (in the organisation's zone). */
export const MONTHLY_REPORT_CRON = '0 9 1 * *';
