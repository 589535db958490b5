/**
 * `npm run restore -- <backup folder> [--replace]`: puts a backup made by
 * `npm run backup` back (platform/backup/restore.ts): the stored files into
 * DATA_DIR/files, the rows into the database. With the embedded default the
 * product must be stopped. A database that holds data is only replaced with
 * --replace. Exit 0 done, 1 failed, 2 bad arguments or an unusable backup.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BackupInvalidError, restoreBackup, RestoreTargetNotEmptyError } from '../platform/backup/restore';
import { loadConfig } from '../platform/config';
import { ProductRunningError, withDatabaseUrl } from '../platform/db/with-database';
import { openFileStorage } from '../platform/storage/open-file-storage';

const log = (line: string) => process.stdout.write(`[restore] ${line}\n`);

function fail(message: string, code: number): never {
  process.stderr.write(`restore: ${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args: process.argv.slice(2), options: { replace: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (error) {
    fail((error as Error).message.split('\n')[0]!, 2);
  }
  if (parsed.positionals.length !== 1) fail('expected one backup folder (usage: npm run restore -- <backup folder> [--replace])', 2);
  const dir = path.resolve(parsed.positionals[0]!);
  const config = loadConfig();
  const storage = openFileStorage(config.storage);
  await withDatabaseUrl(config, { log, requireStopped: true }, (databaseUrl) =>
    restoreBackup({ dir, databaseUrl, storage, replace: parsed.values.replace === true, log }),
  );
  log('done: start the product again with npm start');
}

main().catch((error: Error) => {
  const bad = error instanceof BackupInvalidError || error instanceof RestoreTargetNotEmptyError || error instanceof ProductRunningError;
  fail(error.message, bad ? 2 : 1);
});
