/**
 * One-time move of a data directory's old embedded database (PGlite, in
 * `DATA_DIR/pglite`, the default before the embedded PostgreSQL server) into
 * the server. Every row moves in one transaction, checked by counting; then
 * the old directory is renamed (never deleted) and named in the log. A PGlite
 * directory that no longer opens stops the start with what to do: it is never
 * silently replaced by an empty database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { applyMigrations, pgExecutor } from './migrate';
import { copyTableIn, countRows, quoteIdent, resetSequences, tablesInLoadOrder } from './table-copy';

/** Thrown when the old PGlite directory cannot be opened: the start stops, nothing is changed. */
export class PgliteUnreadableError extends Error {
  override readonly name = 'PgliteUnreadableError';
  constructor(
    readonly directory: string,
    reason: string,
  ) {
    super(
      `The old embedded database in ${directory} cannot be opened (${reason}). It was left exactly as it is. ` +
        `To restore a backup instead: npm run restore -- <backup folder>. To start with an empty database and keep ` +
        `the old files aside: mv "${directory}" "${directory}.unreadable", then start again.`,
    );
  }
}

export interface PgliteImportResult {
  /** What happened: nothing to import, rows imported, or the database already had data (an import that finished before). */
  outcome: 'none' | 'imported' | 'already-imported';
  /** Where the old directory now is. */
  keptAt?: string;
  rows?: Record<string, number>;
}

/** The PGlite directory of a data directory, if there is one to import. */
export function pgliteDirectory(dataDir: string): string | undefined {
  const dir = path.join(dataDir, 'pglite');
  return fs.existsSync(path.join(dir, 'PG_VERSION')) ? dir : undefined;
}

function stamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
}

/**
 * Imports `DATA_DIR/pglite` into the (migrated or empty) database at
 * `targetUrl` when the target holds no accounts yet. Both sides are brought to
 * this code's migration level first.
 */
export async function importPglite(dataDir: string, targetUrl: string, log: (line: string) => void): Promise<PgliteImportResult> {
  const directory = pgliteDirectory(dataDir);
  if (!directory) return { outcome: 'none' };
  const keptAt = `${directory}.imported-${stamp()}`;
  const target = new Client({ connectionString: targetUrl });
  await target.connect();
  try {
    await applyMigrations(pgExecutor(target));
    const existing = await target.query<{ n: string }>('SELECT count(*) AS n FROM "User"');
    if (Number(existing.rows[0]?.n ?? 0) > 0) {
      // An earlier start imported it and stopped before renaming the directory.
      fs.renameSync(directory, keptAt);
      log(`the database already holds the data of ${directory}; the old directory is kept at ${keptAt}`);
      return { outcome: 'already-imported', keptAt };
    }
    log(`importing the old embedded database (PGlite) from ${directory} into PostgreSQL…`);
    const { PGlite } = await import('@electric-sql/pglite');
    // Migrations create the pg_trgm extension (job search), applied to the old database before its rows are read.
    const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
    let source: InstanceType<typeof PGlite>;
    const exitCode = process.exitCode;
    try {
      source = await PGlite.create(directory, { extensions: { pg_trgm } });
      await source.query('SELECT 1');
    } catch (error) {
      // PGlite's Emscripten runtime sets process.exitCode when it aborts: the caller decides how this process ends.
      process.exitCode = exitCode;
      throw new PgliteUnreadableError(directory, (error as Error).message || String(error));
    }
    try {
      await applyMigrations(source);
      const tables = await tablesInLoadOrder(target);
      const expected = await countRows(source, tables.map((t) => t.name));
      await target.query('BEGIN');
      try {
        for (const table of tables) {
          const result = await source.query(`COPY ${quoteIdent(table.name)} TO '/dev/blob'`);
          const blob = (result as { blob?: Blob }).blob;
          const text = blob ? Buffer.from(await blob.arrayBuffer()) : Buffer.alloc(0);
          await copyTableIn(target, table.name, Readable.from([text]));
        }
        await resetSequences(target);
        const loaded = await countRows(target, tables.map((t) => t.name));
        const differ = Object.keys(expected).filter((name) => expected[name] !== loaded[name]);
        if (differ.length > 0) throw new Error(`row counts differ after the copy for ${differ.join(', ')}`);
        await target.query('COMMIT');
      } catch (error) {
        await target.query('ROLLBACK');
        throw error;
      }
      await source.close();
      fs.renameSync(directory, keptAt);
      const total = Object.values(expected).reduce((a, b) => a + b, 0);
      log(`imported ${total} rows from ${directory}; the old directory is kept at ${keptAt}`);
      return { outcome: 'imported', keptAt, rows: expected };
    } finally {
      await source.close().catch(() => undefined);
    }
  } finally {
    await target.end();
  }
}
