/**
 * Restores a backup (platform/backup/backup.ts) into a database and a file
 * store. Everything is checked before anything is written: the manifest's
 * format, the SHA-256 of every database file, that every stored file is
 * present, and that the backup's migrations are ones this code knows (a
 * backup from a newer version is refused). The stored files are put back
 * first (each verified by its content address), so no restored row ever names
 * bytes that are not there; then, in one transaction, the schema is rebuilt to
 * the backup's migration level and the rows are loaded and counted (a failure
 * leaves the database as it was); then the migrations added since the backup
 * are applied.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { Client } from 'pg';
import type { FileStorage } from '../storage/file-storage';
import { applyMigrations, pgExecutor, runMigrationScripts } from '../db/migrate';
import { readMigrations, type MigrationFile } from '../db/migration-files';
import { copyTableIn, countRows, resetSequences } from '../db/table-copy';
import { BACKUP_FORMAT, type BackupManifest } from './backup';

/** A backup that cannot be restored as it is (exit 2 in the CLI). */
export class BackupInvalidError extends Error {
  override readonly name = 'BackupInvalidError';
}

/** The target database holds data and `replace` was not given. */
export class RestoreTargetNotEmptyError extends Error {
  override readonly name = 'RestoreTargetNotEmptyError';
}

export interface RestoreOptions {
  dir: string;
  databaseUrl: string;
  storage: FileStorage;
  /** Replace a database that holds data (its schema is dropped first). Default false: refuse. */
  replace?: boolean;
  log?: (line: string) => void;
}

function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Reads and checks a backup folder without touching any database; returns its manifest. */
export function verifyBackup(dir: string, known: MigrationFile[] = readMigrations()): BackupManifest {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new BackupInvalidError(`${dir} is not a backup (no manifest.json; a folder ending in .partial is an unfinished backup)`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as BackupManifest;
  } catch (error) {
    throw new BackupInvalidError(`${dir}/manifest.json cannot be read (${(error as Error).message})`);
  }
  if (manifest.format !== BACKUP_FORMAT) throw new BackupInvalidError(`${dir}: unknown backup format "${String(manifest.format)}" (expected ${BACKUP_FORMAT})`);
  manifest.migrations.forEach((migration, index) => {
    const local = known[index];
    if (!local || local.name !== migration.name) {
      throw new BackupInvalidError(`${dir} was made by a newer or different version (migration ${migration.name} is unknown here): restore it with that version`);
    }
    if (local.checksum !== migration.checksum) throw new BackupInvalidError(`${dir}: migration ${migration.name} differs from this version's`);
  });
  for (const table of manifest.tables) {
    if (!/^db\/[\w.-]+\.copy\.gz$/.test(String(table.file)) || !/^[A-Za-z_][\w]*$/.test(String(table.name))) {
      throw new BackupInvalidError(`${dir}: the manifest names an unexpected table or file (${JSON.stringify(table.name)}, ${JSON.stringify(table.file)})`);
    }
    const file = path.join(dir, table.file);
    if (!fs.existsSync(file) || sha256File(file) !== table.sha256) throw new BackupInvalidError(`${dir}: ${table.file} is missing or damaged (SHA-256 differs)`);
  }
  const files = listStoredFiles(dir);
  if (files.length !== manifest.files.count) throw new BackupInvalidError(`${dir}: ${manifest.files.count} stored files expected, ${files.length} found`);
  return manifest;
}

function listStoredFiles(dir: string): string[] {
  const root = path.join(dir, 'files');
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root).flatMap((prefix) => fs.readdirSync(path.join(root, prefix)).map((name) => path.join(root, prefix, name)));
}

/** Restores the backup in `dir`; resolves to the rows loaded per table. */
export async function restoreBackup(options: RestoreOptions): Promise<Record<string, number>> {
  const log = options.log ?? (() => undefined);
  const known = readMigrations();
  const manifest = verifyBackup(options.dir, known);
  log(`backup of ${manifest.createdAt}: ${manifest.tables.length} tables, ${manifest.files.count} files — verified`);
  const client = new Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    const used = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'`,
    );
    const occupied = Number(used.rows[0]?.n ?? 0) > 0;
    if (occupied && !options.replace) {
      throw new RestoreTargetNotEmptyError('the target database already has tables: restore into an empty database, or pass --replace to drop what it holds');
    }
    // Files first: content-addressed, so putting them twice is harmless, and no row is ever loaded without its bytes.
    let restored = 0;
    for (const file of listStoredFiles(options.dir)) {
      const stored = await options.storage.put(fs.createReadStream(file), { maxBytes: Number.MAX_SAFE_INTEGER });
      if (stored.key !== path.basename(file)) throw new Error(`${file} does not hold the bytes its name promises (SHA-256 ${stored.sha256})`);
      restored += 1;
      if (restored % 500 === 0) log(`files: ${restored} of ${manifest.files.count}`);
    }
    log(`files: ${restored} restored`);
    // The schema (at the backup's migration level) and the rows in one transaction: a failure leaves the database as it was.
    await client.query('BEGIN');
    try {
      if (occupied) {
        log('replacing what the database held (--replace)');
        await client.query('DROP SCHEMA public CASCADE');
        await client.query('CREATE SCHEMA public');
      }
      await runMigrationScripts(pgExecutor(client), known.slice(0, manifest.migrations.length));
      for (const table of manifest.tables) {
        await copyTableIn(client, table.name, fs.createReadStream(path.join(options.dir, table.file)).pipe(createGunzip()));
      }
      await resetSequences(client);
      const loaded = await countRows(client, manifest.tables.map((t) => t.name));
      const differ = manifest.tables.filter((t) => loaded[t.name] !== t.rows).map((t) => t.name);
      if (differ.length > 0) throw new Error(`row counts differ after loading ${differ.join(', ')}`);
      await client.query('COMMIT');
      log(`database: ${Object.values(loaded).reduce((a, b) => a + b, 0)} rows loaded`);
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
    const newer = await applyMigrations(pgExecutor(client));
    if (newer.applied.length > 0) log(`applied ${newer.applied.length} migration(s) added since the backup`);
    return Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows]));
  } finally {
    await client.end();
  }
}
