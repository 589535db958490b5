/**
 * The collector of unreferenced blobs (platform/storage/file-gc.ts) on a real
 * database and storage folder: it removes blob rows no file names and objects
 * no row names once both are older than the grace age, and stale temp files;
 * it keeps every referenced blob, anything younger than the grace age, and
 * bytes that an upload in progress has just re-used (their time is refreshed
 * by `put`), also while an upload's commit holds the blob's lock.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { lockBlob } from '../../platform/storage/blob-lifecycle';
import { collectUnreferencedFiles } from '../../platform/storage/file-gc';
import { LocalFileStorage } from '../../platform/storage/file-storage';
import { seedDemoTenant } from '../../platform/seed/demo-tenant';
import { databaseServers, openTestDatabase, type TestDatabase } from '../support/test-database';

jest.setTimeout(120_000);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(databaseServers())('on %s', (server) => {
  let tdb: TestDatabase;
  let dir: string;
  let storage: LocalFileStorage;

  beforeAll(async () => {
    tdb = await openTestDatabase({ server });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-gc-'));
    storage = new LocalFileStorage(dir);
    await seedDemoTenant(tdb.db, storage, 'gc-test-password', { demoMode: true });
  });
  afterAll(async () => {
    await tdb?.cleanup();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const objectPath = (sha: string) => path.join(dir, sha.slice(0, 2), sha);
  const age = (sha: string, ms: number) => {
    const when = new Date(Date.now() - ms);
    fs.utimesSync(objectPath(sha), when, when);
  };
  async function store(options: { row?: 'old' | 'new'; bytesAge?: number }): Promise<string> {
    const object = await storage.put(Readable.from(randomBytes(2048)), { maxBytes: 1 << 20 });
    if (options.row) {
      await tdb.db.prisma.fileBlob.create({
        data: { sha256: object.sha256, size: object.size, mime: 'application/octet-stream', storageKey: object.key, createdAt: new Date(Date.now() - (options.row === 'old' ? 2 * DAY : 0)) },
      });
    }
    if (options.bytesAge) age(object.sha256, options.bytesAge);
    return object.sha256;
  }

  test('removes old unreferenced rows with their bytes, old orphan objects and stale temp files; keeps referenced, young and just re-used blobs', async () => {
    const prisma = tdb.db.prisma;
    const reference = await prisma.storedFile.findFirstOrThrow({ where: { originalName: 'reference-banner.png' } });
    age(reference.sha256, 2 * DAY);
    await prisma.fileBlob.update({ where: { sha256: reference.sha256 }, data: { createdAt: new Date(Date.now() - 2 * DAY) } });

    const oldOrphan = await store({ row: 'old', bytesAge: 2 * DAY });
    const youngRow = await store({ row: 'new', bytesAge: 2 * DAY });
    const freshBytes = await store({ row: 'old', bytesAge: 10 * 60_000 });
    const reused = await store({ row: 'old', bytesAge: 2 * DAY });
    const oldObject = await store({ bytesAge: 2 * DAY });
    const youngObject = await store({});
    // An upload in progress stores the same bytes again: `put` finds them and refreshes their time.
    const again = await storage.put(Readable.from(fs.readFileSync(objectPath(reused))), { maxBytes: 1 << 20 });
    expect(again).toMatchObject({ sha256: reused, created: false });
    const staleTemp = path.join(dir, 'tmp', 'crashed-write');
    fs.writeFileSync(staleTemp, 'half a file');
    fs.utimesSync(staleTemp, new Date(Date.now() - 2 * DAY), new Date(Date.now() - 2 * DAY));

    const result = await collectUnreferencedFiles({ prisma, storage, graceMs: HOUR });

    expect(result).toEqual({ blobs: 1, objects: 1, temp: 1 });
    expect(fs.existsSync(objectPath(oldOrphan))).toBe(false);
    expect(await prisma.fileBlob.count({ where: { sha256: oldOrphan } })).toBe(0);
    expect(fs.existsSync(objectPath(oldObject))).toBe(false);
    expect(fs.existsSync(staleTemp)).toBe(false);
    for (const kept of [reference.sha256, youngRow, freshBytes, reused, youngObject]) expect(fs.existsSync(objectPath(kept))).toBe(true);
    expect(await prisma.fileBlob.count({ where: { sha256: { in: [reference.sha256, youngRow, freshBytes, reused] } } })).toBe(4);

    // A second run finds nothing more.
    expect(await collectUnreferencedFiles({ prisma, storage, graceMs: HOUR })).toEqual({ blobs: 0, objects: 0, temp: 0 });
  });

  test('an old unreferenced blob that an upload\'s commit names while the collector runs is kept, row and bytes', async () => {
    const prisma = tdb.db.prisma;
    const sha = await store({ row: 'old', bytesAge: 2 * DAY });
    const owner = await prisma.user.findFirstOrThrow({ where: { email: 'owner@demo.test' } });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    // The commit of an upload of these bytes: lock, then the file row, then commit.
    const commit = prisma.$transaction(async (tx) => {
      await lockBlob(tx, sha);
      locked();
      await held;
      await tx.storedFile.create({ data: { sha256: sha, originalName: 'late.bin', uploadedById: owner.id, orgId: owner.orgId } });
    }, { timeout: 60_000 });
    await isLocked;
    const collecting = collectUnreferencedFiles({ prisma, storage, graceMs: HOUR });
    release();
    await commit;
    const result = await collecting;
    expect(result.blobs).toBe(0);
    expect(fs.existsSync(objectPath(sha))).toBe(true);
    expect(await prisma.fileBlob.count({ where: { sha256: sha } })).toBe(1);
  });
});
