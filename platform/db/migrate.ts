import { randomUUID } from 'node:crypto';
import { matchesChecksum, MIGRATIONS_DIR, readMigrations, type MigrationFile } from './migration-files';

/**
 * The least a database connection must offer to be migrated. PGlite fits as it
 * is; a `pg` client through {@link pgExecutor}. Every call must reach the same
 * session (one connection, not a pool): the advisory lock and the transactions
 * are per session.
 */
export interface SqlExecutor {
  /** One statement with `$1…` parameters; rows as objects keyed by column name. */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  /** A script of several statements, no parameters (simple query protocol). */
  exec(script: string): Promise<unknown>;
}

/** Options of {@link applyMigrations}; every field has a default. */
export interface ApplyMigrationsOptions {
  /** Folder holding the migration folders. Default: this repository's `prisma/migrations`. */
  dir?: string;
  /** The migrations themselves, instead of reading `dir` (tests). */
  migrations?: MigrationFile[];
  /** How long to wait for another process that is migrating, in ms. Default 60 000. */
  lockTimeoutMs?: number;
  /** Progress lines. Default: silent. */
  log?: (line: string) => void;
}

/** What {@link applyMigrations} did. */
export interface ApplyMigrationsResult {
  /** Names of the migrations applied by this call, in order (empty when up to date). */
  applied: string[];
}

/** Thrown when an applied migration's script was edited afterwards. Never retry. */
export class MigrationChecksumError extends Error {
  override readonly name = 'MigrationChecksumError';
  constructor(readonly migrationNames: string[]) {
    super(
      `Applied migration(s) ${migrationNames.join(', ')} were modified after they were applied ` +
        '(checksum in _prisma_migrations differs from migration.sql). Restore the original ' +
        'migration.sql and put the change in a new migration (scripts/db-new-migration.ts).',
    );
  }
}

/** Thrown when `_prisma_migrations` records a migration that started and never finished. */
export class FailedMigrationError extends Error {
  override readonly name = 'FailedMigrationError';
  constructor(readonly migrationNames: string[]) {
    super(
      `Migration(s) ${migrationNames.join(', ')} failed earlier and are recorded as unfinished in ` +
        '_prisma_migrations. Repair the database by hand, then mark them rolled back ' +
        '(UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = …).',
    );
  }
}

/** The advisory-lock key Prisma Migrate uses, so that Prisma and this migrator exclude each other. */
export const MIGRATION_LOCK_KEY = 72707369;

// The table exactly as Prisma's schema engine creates it on PostgreSQL.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | string | null;
  rolled_back_at: Date | string | null;
}

/**
 * Applies the pending migrations of `prisma/migrations` in folder order, each
 * in its own transaction together with its `_prisma_migrations` row (written
 * as Prisma writes it, so `prisma migrate deploy/status` agree with the result).
 *
 * - Idempotent: a second call applies nothing.
 * - Concurrent callers on PostgreSQL are serialised by `pg_advisory_lock`
 *   ({@link MIGRATION_LOCK_KEY}); the loser waits, then finds nothing to do.
 * - Refuses ({@link MigrationChecksumError}) when an applied migration.sql was
 *   edited, and ({@link FailedMigrationError}) when a migration is recorded as
 *   unfinished; applies nothing in both cases.
 * - A failing migration is rolled back whole and leaves no row, so it can be
 *   fixed and re-run. Scripts must therefore be transactional (no
 *   `CREATE INDEX CONCURRENTLY`, no `BEGIN`/`COMMIT` of their own).
 */
export async function applyMigrations(
  client: SqlExecutor,
  options: ApplyMigrationsOptions = {},
): Promise<ApplyMigrationsResult> {
  const migrations = options.migrations ?? readMigrations(options.dir ?? MIGRATIONS_DIR);
  const log = options.log ?? (() => undefined);
  await acquireLock(client, options.lockTimeoutMs ?? 60_000);
  try {
    await client.exec(CREATE_MIGRATIONS_TABLE);
    const rows = (
      await client.query<MigrationRow>(
        'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at',
      )
    ).rows.filter((row) => row.rolled_back_at === null);
    checkHistory(migrations, rows);
    const done = new Set(rows.map((row) => row.migration_name));
    const applied: string[] = [];
    for (const migration of migrations.filter((m) => !done.has(m.name))) {
      log(`applying migration ${migration.name}`);
      await applyOne(client, migration);
      applied.push(migration.name);
    }
    log(applied.length === 0 ? 'database schema is up to date' : `applied ${applied.length} migration(s)`);
    return { applied };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
  }
}

function checkHistory(migrations: MigrationFile[], rows: MigrationRow[]): void {
  const unfinished = rows.filter((row) => row.finished_at === null).map((row) => row.migration_name);
  if (unfinished.length > 0) throw new FailedMigrationError(unfinished);
  const byName = new Map(migrations.map((m) => [m.name, m]));
  const edited = rows
    .filter((row) => {
      const local = byName.get(row.migration_name);
      return local !== undefined && !matchesChecksum(local.sql, row.checksum);
    })
    .map((row) => row.migration_name);
  if (edited.length > 0) throw new MigrationChecksumError(edited);
}

/**
 * Runs migration scripts with their `_prisma_migrations` rows inside a
 * transaction the caller holds (a restore builds the schema and loads the
 * rows in one transaction): no lock, no BEGIN/COMMIT of its own.
 */
export async function runMigrationScripts(client: SqlExecutor, migrations: readonly MigrationFile[]): Promise<void> {
  await client.exec(CREATE_MIGRATIONS_TABLE);
  for (const migration of migrations) await runScript(client, migration);
}

async function runScript(client: SqlExecutor, migration: MigrationFile): Promise<void> {
  const id = randomUUID();
  await client.query(
    'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)',
    [id, migration.checksum, migration.name],
  );
  await client.exec(migration.sql);
  await client.query('UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1', [id]);
}

async function applyOne(client: SqlExecutor, migration: MigrationFile): Promise<void> {
  await client.exec('BEGIN');
  try {
    await runScript(client, migration);
    await client.exec('COMMIT');
  } catch (error) {
    await client.exec('ROLLBACK');
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${migration.name} failed and was rolled back: ${reason}`, { cause: error });
  }
}

async function acquireLock(client: SqlExecutor, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      MIGRATION_LOCK_KEY,
    ]);
    if (rows[0]?.locked === true) return;
    if (Date.now() >= deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for the migration lock (pg_advisory_lock ${MIGRATION_LOCK_KEY}): ` +
          'another process is migrating this database, or holds the lock.',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The part of a `pg` `Client`/`PoolClient` that {@link pgExecutor} needs. */
export interface PgLikeClient {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** Wraps one `pg` client (not a pool: the lock and transactions are per session). */
export function pgExecutor(client: PgLikeClient): SqlExecutor {
  return {
    query: async <Row>(sql: string, params?: unknown[]) => ({
      rows: (await client.query(sql, params)).rows as Row[],
    }),
    exec: (script: string) => client.query(script),
  };
}
