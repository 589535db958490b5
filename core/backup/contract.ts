/**
 * The nightly backup as the worker runs it: a Temporal Schedule starts
 * `nightlyBackupWorkflow`, whose one activity writes a backup (database and
 * files, platform/backup/backup.ts) and removes the oldest beyond retention.
 */

/** What one scheduled backup did. */
export interface BackupRunResult {
  /** Folder of the new backup. */
  dir: string;
  tables: number;
  rows: number;
  files: number;
  bytes: number;
  /** Older backups removed by retention. */
  pruned: string[];
}

export interface BackupActivities {
  runBackup(): Promise<BackupRunResult>;
}

/** Workflow type and schedule id: stable, running schedules refer to them. */
export const NIGHTLY_BACKUP_WORKFLOW_TYPE = 'nightlyBackupWorkflow';
export const NIGHTLY_BACKUP_SCHEDULE_ID = 'waifa-sop-nightly-backup';
