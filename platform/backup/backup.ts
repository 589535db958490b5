/**
 * A backup is a folder: the database's rows (one gzipped COPY file per
 * table, all read in one REPEATABLE READ snapshot), the stored files those
 * rows reference (content-addressed, so a file named in the snapshot never
 * changes afterwards), and `manifest.json` listing the migration level, the
 * row counts and a SHA-256 of every database file. It is written as
 * `<name>.partial` and renamed when complete, so a folder without that suffix
 * is always whole. Files already in the previous backup are hard-linked, not
 * copied again (nightly backups cost what changed).
 *
 * Temporal's own state (the running workflows) is not in it: see
 * docs/OPERATIONS.md, "Backups", for what a restore means for running jobs.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { Client } from 'pg';
import type { FileStorage } from '../storage/file-storage';
import { copyTableOut, countRows, tablesInLoadOrder } from '../db/table-copy';

export const BACKUP_FORMAT = 'waifa-sop-backup/1';

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  /** The migrations applied in the backed-up database, in order (name and checksum). */
  migrations: { name: string; checksum: string }[];
  /** Tables in load order, each with its row count and the SHA-256 of its gzipped COPY file. */
  tables: { name: string; rows: number; file: string; sha256: string }[];
  files: { count: number; bytes: number };
}

export interface BackupOptions {
  databaseUrl: string;
  storage: FileStorage;
  /** Folder holding the backups (each backup is a subfolder). */
  root: string;
  /** Folder name; default `backup-<UTC timestamp>`. */
  name?: string;
  log?: (line: string) => void;
}

/** `backup-20261203T084842.123Z`: UTC to the millisecond (two backups in one second — a manual one beside the nightly one — do not collide); sorts by time. */
function timestampName(now = new Date()): string {
  return `backup-${now.toISOString().replace(/[-:]/g, '')}`;
}

/** A default folder name no backup under `root` uses yet (`-2`, `-3`… after the timestamp in the rare same-millisecond case). */
function freshName(root: string): string {
  const base = timestampName();
  let name = base;
  for (let n = 2; fs.existsSync(path.join(root, name)) || fs.existsSync(path.join(root, `${name}.partial`)); n += 1) name = `${base}-${n}`;
  return name;
}

/** Complete backups under `root`, oldest first (folders with a manifest and without `.partial`). */
export function listBackups(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .filter((name) => !name.includes('.partial') && fs.existsSync(path.join(root, name, 'manifest.json')))
    .sort()
    .map((name) => path.join(root, name));
}

/** Writes a backup; resolves to its folder and manifest. Nothing named like a backup exists until it is complete. */
export async function createBackup(options: BackupOptions): Promise<{ dir: string; manifest: BackupManifest }> {
  const log = options.log ?? (() => undefined);
  const dir = path.join(options.root, options.name ?? freshName(options.root));
  if (fs.existsSync(dir)) throw new Error(`${dir} exists already`);
  const partial = `${dir}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  // A backup holds password hashes and every stored file: only the product's own user may open it.
  fs.mkdirSync(options.root, { recursive: true, mode: 0o700 });
  fs.mkdirSync(partial, { mode: 0o700 });
  fs.chmodSync(partial, 0o700); // mkdir's mode is filtered by the umask
  fs.mkdirSync(path.join(partial, 'db'));
  const previous = listBackups(options.root).at(-1);
  const client = new Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const migrations = (
      await client.query<{ name: string; checksum: string }>(
        'SELECT migration_name AS name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY started_at',
      )
    ).rows;
    const tables = await tablesInLoadOrder(client);
    const counts = await countRows(client, tables.map((t) => t.name));
    const tableEntries: BackupManifest['tables'] = [];
    for (const table of tables) {
      const file = `db/${table.name}.copy.gz`;
      const hash = createHash('sha256');
      const tap = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          done(null, chunk);
        },
      });
      const gzip = createGzip();
      const out = fs.createWriteStream(path.join(partial, file), { flags: 'wx' });
      const written = pipeline(gzip, tap, out);
      await copyTableOut(client, table.name, gzip);
      await written;
      tableEntries.push({ name: table.name, rows: counts[table.name] ?? 0, file, sha256: hash.digest('hex') });
    }
    const blobs = (await client.query<{ storageKey: string; size: number }>('SELECT "storageKey", size FROM "FileBlob" ORDER BY "storageKey"')).rows;
    await client.query('COMMIT');
    log(`database: ${tables.length} tables, ${Object.values(counts).reduce((a, b) => a + b, 0)} rows`);
    let bytes = 0;
    let done = 0;
    for (const blob of blobs) {
      const relative = path.join('files', blob.storageKey.slice(0, 2), blob.storageKey);
      const target = path.join(partial, relative);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const earlier = previous ? path.join(previous, relative) : undefined;
      if (earlier && fs.existsSync(earlier) && linkOrFalse(earlier, target)) {
        // unchanged since the previous backup: shared, not copied
      } else {
        if (!(await options.storage.exists(blob.storageKey))) {
          throw new Error(`stored file ${blob.storageKey} is in the database but missing from the file store: the backup would be incomplete`);
        }
        await pipeline(options.storage.open(blob.storageKey), fs.createWriteStream(target, { flags: 'wx' }));
      }
      bytes += blob.size;
      done += 1;
      if (done % 500 === 0) log(`files: ${done} of ${blobs.length}`);
    }
    log(`files: ${blobs.length} (${(bytes / 1024 / 1024).toFixed(1)} MB)`);
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      createdAt: new Date().toISOString(),
      migrations,
      tables: tableEntries,
      files: { count: blobs.length, bytes },
    };
    fs.writeFileSync(path.join(partial, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    fs.renameSync(partial, dir);
    log(`backup written to ${dir}`);
    return { dir, manifest };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    fs.rmSync(partial, { recursive: true, force: true });
    throw error;
  } finally {
    await client.end();
  }
}

function linkOrFalse(from: string, to: string): boolean {
  try {
    fs.linkSync(from, to);
    return true;
  } catch {
    return false;
  }
}

/** Deletes the oldest complete backups beyond `keep`; returns what was removed. */
export function pruneBackups(root: string, keep: number): string[] {
  if (keep < 1) throw new Error(`keep must be at least 1 (found ${keep})`);
  const removed: string[] = [];
  const complete = listBackups(root);
  for (const dir of complete.slice(0, Math.max(0, complete.length - keep))) {
    fs.rmSync(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}
