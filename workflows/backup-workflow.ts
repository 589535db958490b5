/**
 * One scheduled backup: a single activity, retried a few times (a backup that
 * failed half-way leaves only a `.partial` folder, removed by the next try).
 */
import { proxyActivities } from '@temporalio/workflow';
import type { BackupActivities, BackupRunResult } from '../core/backup/contract';

const { runBackup } = proxyActivities<BackupActivities>({
  startToCloseTimeout: '6 hours',
  heartbeatTimeout: '10 minutes',
  retry: { maximumAttempts: 3, initialInterval: '1 minute' },
});

export async function nightlyBackupWorkflow(): Promise<BackupRunResult> {
  return runBackup();
}
