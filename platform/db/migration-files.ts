import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** `prisma/migrations` of this repository: Prisma's own layout, one folder per migration. */
export const MIGRATIONS_DIR = path.resolve(__dirname, '..', '..', 'prisma', 'migrations');

/** The lock file Prisma writes beside the migration folders. */
export const MIGRATION_LOCK_FILE = 'migration_lock.toml';

/** One folder `<timestamp>_<name>/migration.sql` of the migrations directory. */
export interface MigrationFile {
  /** Folder name, e.g. `20261127160000_init`; what `_prisma_migrations.migration_name` holds. */
  name: string;
  /** The script exactly as stored on disk. */
  sql: string;
  /** sha256 hex of the script: what Prisma stores in `_prisma_migrations.checksum`. */
  checksum: string;
}

/** sha256 hex of a migration script, as Prisma computes it. */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

/**
 * Whether `sql` matches a checksum recorded earlier. Like Prisma, a script whose
 * line endings were changed (git on Windows) still matches.
 */
export function matchesChecksum(sql: string, checksum: string): boolean {
  const candidates = [sql, sql.replace(/\r\n/g, '\n'), sql.replace(/\r?\n/g, '\r\n')];
  return candidates.some((candidate) => migrationChecksum(candidate) === checksum.toLowerCase());
}

/**
 * Reads every migration folder of `dir` in the order Prisma applies them
 * (folder names sorted, i.e. by timestamp). Files beside the folders
 * (`migration_lock.toml`) are ignored; a folder without `migration.sql` is an error.
 */
export function readMigrations(dir: string = MIGRATIONS_DIR): MigrationFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b)) // as Prisma's CLI sorts them
    .map((name) => {
      const file = path.join(dir, name, 'migration.sql');
      if (!existsSync(file)) {
        throw new Error(`Migration folder ${name} has no migration.sql (in ${dir})`);
      }
      const sql = readFileSync(file, 'utf8');
      return { name, sql, checksum: migrationChecksum(sql) };
    });
}
