/**
 * `npm run backup [-- --to <folder>] [--keep N]`: a consistent backup of the
 * database and the stored files (platform/backup/backup.ts) into
 * `<folder>/backup-<UTC time>` (default BACKUP_DIR, i.e. DATA_DIR/backups).
 * Works while the product runs or is stopped. With --keep, older backups
 * beyond N are removed afterwards. Exit 0 done, 1 failed, 2 bad arguments.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createBackup, pruneBackups } from '../platform/backup/backup';
import { loadConfig } from '../platform/config';
import { withDatabaseUrl } from '../platform/db/with-database';
import { openFileStorage } from '../platform/storage/open-file-storage';

const log = (line: string) => process.stdout.write(`[backup] ${line}\n`);

function usage(message: string): never {
  process.stderr.write(`backup: ${message} (usage: npm run backup -- [--to <folder>] [--keep N])\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: { to?: string; keep?: string };
  try {
    ({ values } = parseArgs({ args: process.argv.slice(2), options: { to: { type: 'string' }, keep: { type: 'string' } }, strict: true }));
  } catch (error) {
    usage((error as Error).message.split('\n')[0]!);
  }
  const keep = values.keep === undefined ? undefined : Number(values.keep);
  if (keep !== undefined && (!Number.isInteger(keep) || keep < 1)) usage(`--keep must be a whole number ≥ 1 (found "${values.keep}")`);
  const config = loadConfig();
  const root = path.resolve(values.to ?? config.backup.dir);
  const storage = openFileStorage(config.storage);
  await withDatabaseUrl(config, { log }, async (databaseUrl) => {
    await createBackup({ databaseUrl, storage, root, log });
  });
  if (keep !== undefined) for (const removed of pruneBackups(root, keep)) log(`removed the old backup ${removed}`);
}

main().catch((error: Error) => {
  process.stderr.write(`backup: ${error.message}\n`);
  process.exit(1);
});
