/**
 * Applies pending migrations (`npm run db:migrate`) to the database the
 * environment names: `DATABASE_URL` (postgres://…), or else the embedded
 * server of `DATA_DIR` (default ./.data), started for the purpose when the
 * product is stopped. Exit 0 when up to date afterwards.
 */
import { openDatabase } from '../platform/db/database';
import { withDatabaseUrl } from '../platform/db/with-database';
import { loadConfig } from '../platform/config';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = (line: string) => console.log(line);
  await withDatabaseUrl(config, { log }, async (url) => {
    const db = await openDatabase({ url });
    try {
      console.log(config.databaseUrl ? 'migrating the PostgreSQL server of DATABASE_URL' : `migrating the embedded PostgreSQL of ${config.dataDir}`);
      await db.migrate({ log });
    } finally {
      await db.close();
    }
  });
}

main().catch((error: unknown) => {
  console.error(`db-migrate: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
