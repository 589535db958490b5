/**
 * Applies pending migrations (`npm run db:migrate`) to the database the
 * environment names: `DATABASE_URL` (postgres://…) or else the embedded
 * PGlite under `DATA_DIR` (default ./.data). Exit 0 when up to date afterwards.
 */
import { openDatabase } from '../platform/db/database';
import { loadConfig } from '../platform/config';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  const where = db.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
  try {
    console.log(`migrating ${where}`);
    await db.migrate({ log: (line) => console.log(line) });
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(`db-migrate: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
