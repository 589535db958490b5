/**
 * Keeps one monthly-report Temporal Schedule per internal organisation in
 * line with the organisations (worker start; the API when an admin creates an
 * internal organisation): created for a new one, updated when its zone
 * (or the task queue) changed. Organisations are never deleted by the product;
 * a schedule whose organisation went away fails its run for good (no retry). Every
 * worker calls this at start, as the backup schedule; racing workers converge
 * (create loses → update). Overlapping runs are skipped, and a run missed
 * while the server was down is caught up within `catchupWindow` (default
 * 7 days); the build itself is idempotent per organisation and month, so a
 * catch-up next to a regular run never makes a second report.
 *
 * `spec` overrides the 1st-of-month cron (tests use a short interval).
 */
import type { Duration } from '@temporalio/common';
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptionsStartWorkflowAction, type ScheduleSpec } from '@temporalio/client';
import { MONTHLY_REPORT_CRON, MONTHLY_REPORT_SCHEDULE_PREFIX, MONTHLY_REPORT_WORKFLOW_TYPE } from '../../core/reports/monthly-contract';
import type { PrismaClient } from '../db/prisma-types';

export interface MonthlyScheduleSettings {
  taskQueue: string;
  /** Default: `0 9 1 * *` in the organisation's zone. */
  spec?: (zone: string) => ScheduleSpec;
  catchupWindow?: Duration;
}

export type MonthlyScheduleChanges = Record<string, 'created' | 'updated' | 'unchanged'>;

export const monthlyScheduleId = (orgId: string) => `${MONTHLY_REPORT_SCHEDULE_PREFIX}${orgId}`;
const defaultSpec = (zone: string): ScheduleSpec => ({ cronExpressions: [MONTHLY_REPORT_CRON], timezone: zone });

function action(orgId: string, taskQueue: string): ScheduleOptionsStartWorkflowAction<(input: { orgId: string }) => Promise<unknown>> {
  return { type: 'startWorkflow', workflowType: MONTHLY_REPORT_WORKFLOW_TYPE, taskQueue, workflowId: `waifa-sop-monthly-report-run-${orgId}`, args: [{ orgId }] };
}

/** The schedule of one organisation: created, or updated when its zone or task queue changed. */
export async function syncMonthlyReportSchedule(client: Client, org: { id: string; timezone: string }, settings: MonthlyScheduleSettings): Promise<'created' | 'updated' | 'unchanged'> {
  const scheduleId = monthlyScheduleId(org.id);
  const spec = (settings.spec ?? defaultSpec)(org.timezone);
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: settings.catchupWindow ?? ('7 days' as const) };
  const note = `monthly vendor report of organisation ${org.id}: ${JSON.stringify(spec)}, task queue ${settings.taskQueue}`;
  try {
    await client.schedule.create({ scheduleId, spec, action: action(org.id, settings.taskQueue), policies, state: { note } });
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  const handle = client.schedule.getHandle(scheduleId);
  if ((await handle.describe()).state.note === note) return 'unchanged';
  await handle.update((previous) => ({ ...previous, spec, action: action(org.id, settings.taskQueue), policies, state: { ...previous.state, note } }));
  return 'updated';
}

export async function syncMonthlyReportSchedules(client: Client, prisma: PrismaClient, settings: MonthlyScheduleSettings): Promise<MonthlyScheduleChanges> {
  const orgs = await prisma.org.findMany({ where: { kind: 'internal' }, select: { id: true, timezone: true }, orderBy: { id: 'asc' } });
  const changes: MonthlyScheduleChanges = {};
  for (const org of orgs) changes[org.id] = await syncMonthlyReportSchedule(client, org, settings);
  return changes;
}
