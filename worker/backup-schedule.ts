/**
 * Keeps the nightly backup's Temporal Schedule in line with the configuration
 * (BACKUP_CRON, BACKUP_TIMEZONE): created when a cron is set, updated when it
 * changed, deleted when it is `off`. Every worker calls this at start; racing
 * workers converge (create loses → update). Overlapping runs are skipped, and
 * a run missed while the server was down is caught up within a day.
 */
import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type Client, type ScheduleOptionsStartWorkflowAction } from '@temporalio/client';
import { NIGHTLY_BACKUP_SCHEDULE_ID, NIGHTLY_BACKUP_WORKFLOW_TYPE } from '../core/backup/contract';

export interface BackupScheduleSettings {
  /** 5-field cron expression; undefined = no schedule. */
  cron?: string;
  timezone: string;
  taskQueue: string;
}

export type BackupScheduleChange = 'created' | 'updated' | 'unchanged' | 'deleted' | 'absent';

/** The schedule's note records what it was made from, so an unchanged configuration is left alone. */
function noteOf(settings: BackupScheduleSettings): string {
  return `nightly backup: cron "${settings.cron}" in ${settings.timezone}, task queue ${settings.taskQueue} (set by BACKUP_CRON / BACKUP_TIMEZONE)`;
}

function action(settings: BackupScheduleSettings): ScheduleOptionsStartWorkflowAction<() => Promise<unknown>> {
  return { type: 'startWorkflow', workflowType: NIGHTLY_BACKUP_WORKFLOW_TYPE, taskQueue: settings.taskQueue, workflowId: 'waifa-sop-backup' };
}

export async function syncBackupSchedule(client: Client, settings: BackupScheduleSettings): Promise<BackupScheduleChange> {
  const handle = client.schedule.getHandle(NIGHTLY_BACKUP_SCHEDULE_ID);
  if (!settings.cron) {
    try {
      await handle.delete();
      return 'deleted';
    } catch (error) {
      if (error instanceof ScheduleNotFoundError) return 'absent';
      throw error;
    }
  }
  const spec = { cronExpressions: [settings.cron], timezone: settings.timezone };
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' as const };
  const note = noteOf(settings);
  try {
    await client.schedule.create({ scheduleId: NIGHTLY_BACKUP_SCHEDULE_ID, spec, action: action(settings), policies, state: { note } });
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  const current = await handle.describe();
  if (current.state.note === note) return 'unchanged';
  await handle.update((previous) => ({ ...previous, spec, action: action(settings), policies, state: { ...previous.state, note } }));
  return 'updated';
}
