/**
 * The scheduled backup's activity: writes a backup of the database and the
 * file store into the backup folder, then applies retention. Heartbeats with
 * each progress line so a stuck backup is noticed (heartbeat timeout).
 */
import { Context } from '@temporalio/activity';
import type { BackupRunResult } from '../core/backup/contract';
import { createBackup, pruneBackups } from '../platform/backup/backup';
import type { FileStorage } from '../platform/storage/file-storage';

export interface BackupActivityDeps {
  databaseUrl: string;
  storage: FileStorage;
  root: string;
  keep: number;
  log: (line: string) => void;
}

export function runBackupActivity(deps: BackupActivityDeps): () => Promise<BackupRunResult> {
  return async () => {
    const context = Context.current();
    const { dir, manifest } = await createBackup({
      databaseUrl: deps.databaseUrl,
      storage: deps.storage,
      root: deps.root,
      log: (line) => {
        context.heartbeat(line);
        deps.log(`[backup] ${line}`);
      },
    });
    const pruned = pruneBackups(deps.root, deps.keep);
    for (const old of pruned) deps.log(`[backup] removed the old backup ${old} (keeping ${deps.keep})`);
    return {
      dir,
      tables: manifest.tables.length,
      rows: manifest.tables.reduce((sum, t) => sum + t.rows, 0),
      files: manifest.files.count,
      bytes: manifest.files.bytes,
      pruned,
    };
  };
}
