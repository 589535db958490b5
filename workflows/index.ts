/** Workflow entry points bundled for the worker. */
export { jobWorkflow } from './job-workflow';
export { nightlyBackupWorkflow } from './backup-workflow';
export { monthlyReportWorkflow } from './monthly-report-workflow';
export { riskRetrainWorkflow, riskScoreWorkflow } from './risk-workflow';
export { calendarRetimeWorkflow } from './calendar-retime-workflow';
