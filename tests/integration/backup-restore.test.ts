/**
 * Backups (issue 11): the restore drill — a backup taken while the product
 * holds jobs, submissions and an audit trail comes back complete into an empty
 * database and file store; damaged backups and occupied targets are refused
 * before anything is written; retention keeps the newest; the CLI answers bad
 * input with exit 2; and the nightly Temporal Schedule is kept in line with
 * the configuration and really writes a backup when it fires.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync, gunzipSync } from 'node:zlib';
import { Client as PgClient } from 'pg';
import { NIGHTLY_BACKUP_SCHEDULE_ID } from '../../core/backup/contract';
import { runBackupActivity } from '../../activities/run-backup';
import { createActivities } from '../../activities/create-activities';
import { createBackup, listBackups, pruneBackups } from '../../platform/backup/backup';
import { BackupInvalidError, restoreBackup, RestoreTargetNotEmptyError } from '../../platform/backup/restore';
import { audit, verifyAuditChain } from '../../platform/audit/audit-log';
import { countRows, tablesInLoadOrder } from '../../platform/db/table-copy';
import { LocalFileStorage } from '../../platform/storage/file-storage';
import { syncBackupSchedule } from '../../worker/backup-schedule';
import { publishSop, startJob, strictSop, submitDraft } from '../support/api-fixtures';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { openTestDatabase, type TestDatabase } from '../support/test-database';
import { connectClient, startWorker, uniqueTaskQueue } from '../support/temporal';
import { waitFor } from '../support/wait-for';

const ROOT = path.resolve(__dirname, '..', '..');
let h: AppHarness;
let backups: string;
const temp: string[] = [];
const databases: TestDatabase[] = [];

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temp.push(dir);
  return dir;
}

async function emptyDatabase(): Promise<TestDatabase> {
  const db = await openTestDatabase({ migrate: false });
  databases.push(db);
  return db;
}

async function withClient<T>(url: string, work: (client: PgClient) => Promise<T>): Promise<T> {
  const client = new PgClient({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const tableCounts = (url: string) => withClient(url, async (client) => countRows(client, (await tablesInLoadOrder(client)).map((t) => t.name)));

beforeAll(async () => {
  h = await startAppHarness();
  await publishSop(h, strictSop('backup-drill'));
  for (let n = 0; n < 3; n += 1) await submitDraft(h, await startJob(h, 'backup-drill'));
  backups = tempDir('sop-backups-');
});

afterAll(async () => {
  for (const db of databases) await db.cleanup();
  await h?.close();
  for (const dir of temp) fs.rmSync(dir, { recursive: true, force: true });
});

test('a backup restores into an empty database and file store with every row, every file byte for byte and an intact audit chain', async () => {
  const { dir, manifest } = await createBackup({ databaseUrl: h.test.url, storage: h.storage, root: backups });
  expect(listBackups(backups)).toEqual([dir]);
  expect(fs.statSync(dir).mode & 0o777).toBe(0o700); // password hashes and files inside: the product's user only
  const source = await tableCounts(h.test.url);
  expect(manifest.tables.map((t) => [t.name, t.rows])).toEqual(Object.entries(source));
  expect(source.Submission).toBe(3);

  const target = await emptyDatabase();
  const storage = new LocalFileStorage(tempDir('sop-restored-files-'));
  await restoreBackup({ dir, databaseUrl: target.url, storage });

  expect(await tableCounts(target.url)).toEqual(source);
  const blobs = await h.test.db.prisma.fileBlob.findMany({ select: { storageKey: true, sha256: true } });
  expect(blobs.length).toBe(manifest.files.count);
  for (const blob of blobs) {
    const bytes = fs.readFileSync(await storage.localPath(blob.storageKey));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(blob.sha256);
  }
  const original = await verifyAuditChain(h.test.db.prisma);
  const restored = await verifyAuditChain(target.db.prisma);
  expect(restored).toEqual(original);
  expect(restored.valid).toBe(true);
  // The restored database takes new rows after the loaded ones (sequences were moved on) and the chain goes on.
  await audit(target.db.prisma, { type: 'test.after-restore', actorLabel: 'test' });
  expect(await verifyAuditChain(target.db.prisma)).toMatchObject({ valid: true, checked: original.checked + 1 });
});

test('a second backup shares the unchanged stored files with the first (hard links), so nightly backups cost only what changed', async () => {
  const [first] = listBackups(backups);
  const second = await createBackup({ databaseUrl: h.test.url, storage: h.storage, root: backups });
  const files = (dir: string) => fs.readdirSync(path.join(dir, 'files')).flatMap((p) => fs.readdirSync(path.join(dir, 'files', p)).map((n) => path.join(dir, 'files', p, n)));
  const inodes = (dir: string) => files(dir).map((f) => fs.statSync(f).ino).sort();
  expect(inodes(second.dir)).toEqual(inodes(first!));
  expect(listBackups(backups)).toEqual([first, second.dir]);
});

test('a damaged backup is refused before anything is written to the target', async () => {
  const [latest] = listBackups(backups).slice(-1);
  const damaged = path.join(tempDir('sop-damaged-'), 'backup');
  fs.cpSync(latest!, damaged, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(damaged, 'manifest.json'), 'utf8')) as { tables: { name: string; file: string }[] };
  const jobFile = path.join(damaged, manifest.tables.find((t) => t.name === 'Job')!.file);
  fs.writeFileSync(jobFile, gzipSync(gunzipSync(fs.readFileSync(jobFile)).toString().replace('running', 'completed')));
  const target = await emptyDatabase();
  const storageDir = tempDir('sop-untouched-files-');
  const storage = new LocalFileStorage(storageDir);

  const error = await restoreBackup({ dir: damaged, databaseUrl: target.url, storage }).catch((e: Error) => e);
  expect(error).toBeInstanceOf(BackupInvalidError);
  expect((error as Error).message).toMatch(/db\/.*Job.* is missing or damaged \(SHA-256 differs\)/);
  expect(Object.keys(await tableCounts(target.url))).toEqual([]);
  expect(fs.readdirSync(storageDir)).toEqual(['tmp']);
  expect(fs.readdirSync(path.join(storageDir, 'tmp'))).toEqual([]);
});

test('a database that holds data is replaced only when asked to', async () => {
  const [latest] = listBackups(backups).slice(-1);
  const target = await emptyDatabase();
  const storage = new LocalFileStorage(tempDir('sop-replace-files-'));
  await restoreBackup({ dir: latest!, databaseUrl: target.url, storage });
  await target.db.prisma.comment.deleteMany();
  await target.db.prisma.job.updateMany({ data: { title: 'changed after the backup' } });

  await expect(restoreBackup({ dir: latest!, databaseUrl: target.url, storage })).rejects.toBeInstanceOf(RestoreTargetNotEmptyError);
  await restoreBackup({ dir: latest!, databaseUrl: target.url, storage, replace: true });
  expect(await target.db.prisma.job.count({ where: { title: 'changed after the backup' } })).toBe(0);
  expect(await tableCounts(target.url)).toEqual(await tableCounts(h.test.url));
});

test('retention removes the oldest complete backups and never an unfinished one', () => {
  const root = tempDir('sop-retention-');
  for (const name of ['backup-20260101T030000Z', 'backup-20260102T030000Z', 'backup-20260103T030000Z']) {
    fs.mkdirSync(path.join(root, name));
    fs.writeFileSync(path.join(root, name, 'manifest.json'), '{}');
  }
  fs.mkdirSync(path.join(root, 'backup-20260104T030000Z.partial'));
  expect(pruneBackups(root, 2)).toEqual([path.join(root, 'backup-20260101T030000Z')]);
  expect(fs.readdirSync(root).sort()).toEqual(['backup-20260102T030000Z', 'backup-20260103T030000Z', 'backup-20260104T030000Z.partial']);
});

test.each([
  [['backup', '--', '--keep', '0'], /^backup: --keep must be a whole number ≥ 1 \(found "0"\)/],
  [['backup', '--', '--bogus'], /^backup: Unknown option '--bogus'/],
  [['restore'], /^restore: expected one backup folder/],
  [['restore', '--', '/nonexistent/backup-x'], /^restore: \/nonexistent\/backup-x is not a backup \(no manifest\.json/],
])('npm run %j answers bad input with exit 2 and one line on stderr', async (args, message) => {
  const result = await promisify(execFile)('npm', ['run', '--silent', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: h.test.url, DATA_DIR: tempDir('sop-cli-') },
  }).then(
    () => ({ code: 0, stderr: '' }),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );
  expect(result.code).toBe(2);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(message);
});

test('the nightly schedule follows BACKUP_CRON (created, left alone, updated, deleted) and, when it fires, writes a backup and applies retention', async () => {
  const { client, connection } = await connectClient();
  const taskQueue = uniqueTaskQueue('backup');
  const root = tempDir('sop-scheduled-');
  const worker = await startWorker(taskQueue, {
    ...createActivities({ db: h.test.db, storage: h.storage, ocrPool: () => { throw new Error('no OCR here'); }, publicUrl: 'http://localhost' }),
    runBackup: runBackupActivity({ databaseUrl: h.test.url, storage: h.storage, root, keep: 1, log: () => undefined }),
  });
  try {
    const settings = { cron: '0 3 * * *', timezone: 'Asia/Shanghai', taskQueue };
    expect(await syncBackupSchedule(client, settings)).toBe('created');
    expect(await syncBackupSchedule(client, settings)).toBe('unchanged');
    expect(await syncBackupSchedule(client, { ...settings, cron: '30 2 * * 1-5' })).toBe('updated');
    const handle = client.schedule.getHandle(NIGHTLY_BACKUP_SCHEDULE_ID);
    const described = await handle.describe();
    expect(described.spec.timezone).toBe('Asia/Shanghai');
    expect(described.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 2, end: 2, step: 1 }], minute: [{ start: 30, end: 30, step: 1 }] });
    expect(described.policies).toMatchObject({ overlap: 'SKIP', catchupWindow: 86_400_000 });

    fs.mkdirSync(path.join(root, 'backup-20200101T030000Z'), { recursive: true });
    fs.writeFileSync(path.join(root, 'backup-20200101T030000Z', 'manifest.json'), '{}');
    await handle.trigger();
    const made = await waitFor(async () => {
      const list = listBackups(root);
      return list.length === 1 && !list[0]!.endsWith('backup-20200101T030000Z') ? list[0] : undefined;
    }, 60_000);
    expect(JSON.parse(fs.readFileSync(path.join(made, 'manifest.json'), 'utf8'))).toMatchObject({ format: 'waifa-sop-backup/1' });

    expect(await syncBackupSchedule(client, { ...settings, cron: undefined })).toBe('deleted');
    expect(await syncBackupSchedule(client, { ...settings, cron: undefined })).toBe('absent');
  } finally {
    await client.schedule.getHandle(NIGHTLY_BACKUP_SCHEDULE_ID).delete().catch(() => undefined);
    await worker.stop();
    await connection.close();
  }
});
