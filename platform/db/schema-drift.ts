import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { applyMigrations } from './migrate';
import { MIGRATIONS_DIR, readMigrations } from './migration-files';
import { diagnoseMigrationHistory, diffDatabaseToSchema, type SchemaDiff } from './schema-diff';

/** This repository's Prisma schema. */
export const SCHEMA_PATH = path.resolve(__dirname, '..', '..', 'prisma', 'schema.prisma');

/** Input of {@link pendingSchemaChange}; defaults are this repository's folders. */
export interface PendingSchemaChangeInput {
  migrationsDir?: string;
  schemaPath?: string;
}

/**
 * What the next migration must contain: replays every committed migration into
 * a throwaway in-memory PGlite (through the runtime migrator, so they are also
 * proven to apply), checks that Prisma's own engine reads the resulting
 * `_prisma_migrations` as fully applied (what `prisma migrate status` would
 * say), then diffs that database to `schema.prisma` with Prisma's WebAssembly
 * schema engine. Development tool (needs the devDependency
 * `@prisma/schema-engine-wasm`); about 3 s.
 */
export async function pendingSchemaChange(input: PendingSchemaChangeInput = {}): Promise<SchemaDiff> {
  const schemaPath = input.schemaPath ?? SCHEMA_PATH;
  const migrationsDir = input.migrationsDir ?? MIGRATIONS_DIR;
  const migrations = readMigrations(migrationsDir);
  // Migrations create the pg_trgm extension (job search): PGlite ships it as a contrib module to load.
  const database = new PGlite({ extensions: { pg_trgm } });
  try {
    await applyMigrations(database, { migrations });
    const status = await diagnoseMigrationHistory(database, migrationsDir, migrations);
    if (status.history !== null || status.failedMigrationNames.length > 0 || status.editedMigrationNames.length > 0) {
      throw new Error(`Prisma's schema engine disagrees with the migrator about the history: ${JSON.stringify(status)}`);
    }
    return await diffDatabaseToSchema({ database, schemaPath, schema: readFileSync(schemaPath, 'utf8') });
  } finally {
    await database.close();
  }
}
