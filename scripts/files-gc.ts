/**
 * `npm run files:gc`: removes unreferenced blobs now (platform/storage/file-gc.ts),
 * with the grace age of `FILE_GC_GRACE_MS`. Works while the product runs or is
 * stopped; workers also run it every `FILE_GC_INTERVAL_MS`. Exit 0 done, 1 failed.
 */
import { loadConfig } from '../platform/config';
import { openDatabase } from '../platform/db/database';
import { withDatabaseUrl } from '../platform/db/with-database';
import { collectUnreferencedFiles } from '../platform/storage/file-gc';
import { openFileStorage } from '../platform/storage/open-file-storage';

const log = (line: string) => process.stdout.write(`[files:gc] ${line}\n`);

async function main(): Promise<void> {
  const config = loadConfig();
  const storage = openFileStorage(config.storage);
  await withDatabaseUrl(config, { log }, async (url) => {
    const db = await openDatabase({ url, poolSize: 2 });
    try {
      const result = await collectUnreferencedFiles({ prisma: db.prisma, storage, graceMs: config.fileGc.graceMs });
      log(`removed ${result.blobs} unreferenced blob(s), ${result.objects} orphan object(s), ${result.temp} temp file(s) (grace ${config.fileGc.graceMs} ms)`);
    } finally {
      await db.close();
    }
  });
}

main().catch((error: Error) => {
  process.stderr.write(`files:gc: ${error.message}\n`);
  process.exit(1);
});
