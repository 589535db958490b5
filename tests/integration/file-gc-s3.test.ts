/**
 * The collector of unreferenced blobs (platform/storage/file-gc.ts) on S3 storage (versitygw):
 * old orphan rows and objects and stale temp objects go; referenced, young and just re-used
 * blobs stay (a re-use renews the object's date through its `touched` metadata). The undo of a
 * failed upload (blob-lifecycle.ts) that the database refused while it was down is done once
 * it answers again, leaving bytes a row names meanwhile; and of several periodic collectors
 * one sweeps at a time.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Client } from 'pg';
import { blobReleasesSettled, releaseCreatedBlobs } from '../../platform/storage/blob-lifecycle';
import { collectUnreferencedFiles, withCollectorLock } from '../../platform/storage/file-gc';
import type { S3FileStorage } from '../../platform/storage/s3-file-storage';
import { seedDemoTenant } from '../../platform/seed/demo-tenant';
import { startS3Gateway, type S3Gateway } from '../support/s3-gateway';
import { openTestDatabase, serverUrl, type TestDatabase } from '../support/test-database';

jest.setTimeout(120_000);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('file collector on S3 storage', () => {
  let gw: S3Gateway;
  let tdb: TestDatabase;
  let storage: S3FileStorage;
  let bucket: string;

  beforeAll(async () => {
    gw = await startS3Gateway();
    ({ storage, bucket } = await gw.storage({ prefix: 'files/' }));
    tdb = await openTestDatabase({ server: 'embedded' });
    await seedDemoTenant(tdb.db, storage, 'gc-test-password', { demoMode: true });
  }, 900_000); // the first run builds versitygw from source
  afterAll(async () => {
    await tdb?.cleanup();
    await gw?.stop();
  });

  /** Ages an object on the gateway's disk (versitygw reports the file's mtime as LastModified). */
  const age = (objectKey: string, ms: number) => {
    const when = new Date(Date.now() - ms);
    fs.utimesSync(path.join(gw.root, bucket, objectKey), when, when);
  };
  async function store(options: { row?: 'old' | 'new'; bytesAge?: number }): Promise<string> {
    const object = await storage.put(Readable.from(randomBytes(2048)), { maxBytes: 1 << 20 });
    if (options.row) {
      await tdb.db.prisma.fileBlob.create({
        data: { sha256: object.sha256, size: object.size, mime: 'application/octet-stream', storageKey: object.key, createdAt: new Date(Date.now() - (options.row === 'old' ? 2 * DAY : 0)) },
      });
    }
    if (options.bytesAge) age(`files/${object.key}`, options.bytesAge);
    return object.sha256;
  }
  const readAll = async (stream: Readable) => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };

  test('removes old unreferenced rows with their objects, old orphan objects and stale temp objects; keeps referenced, young and just re-used blobs', async () => {
    const prisma = tdb.db.prisma;
    const reference = await prisma.storedFile.findFirstOrThrow({ where: { originalName: 'reference-banner.png' } });
    age(`files/${reference.sha256}`, 2 * DAY);
    await prisma.fileBlob.update({ where: { sha256: reference.sha256 }, data: { createdAt: new Date(Date.now() - 2 * DAY) } });

    const oldOrphan = await store({ row: 'old', bytesAge: 2 * DAY });
    const youngRow = await store({ row: 'new', bytesAge: 2 * DAY });
    const freshBytes = await store({ row: 'old', bytesAge: 10 * 60_000 });
    const reused = await store({ row: 'old', bytesAge: 2 * DAY });
    const oldObject = await store({ bytesAge: 2 * DAY });
    const youngObject = await store({});
    // An upload in progress stores the same bytes again: `put` finds them and renews their date.
    const again = await storage.put(Readable.from(await readAll(storage.open(reused))), { maxBytes: 1 << 20 });
    expect(again).toMatchObject({ sha256: reused, created: false });
    await gw.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'files/tmp/1-crashed-write', Body: Buffer.from('half a file') }));
    age('files/tmp/1-crashed-write', 2 * DAY);

    const result = await collectUnreferencedFiles({ prisma, storage, graceMs: HOUR });

    expect(result).toEqual({ blobs: 1, objects: 1, temp: 1 });
    expect(await storage.exists(oldOrphan)).toBe(false);
    expect(await prisma.fileBlob.count({ where: { sha256: oldOrphan } })).toBe(0);
    expect(await storage.exists(oldObject)).toBe(false);
    expect(fs.existsSync(path.join(gw.root, bucket, 'files/tmp/1-crashed-write'))).toBe(false);
    for (const kept of [reference.sha256, youngRow, freshBytes, reused, youngObject]) expect(await storage.exists(kept)).toBe(true);
    expect(await prisma.fileBlob.count({ where: { sha256: { in: [reference.sha256, youngRow, freshBytes, reused] } } })).toBe(4);

    // A second run finds nothing more.
    expect(await collectUnreferencedFiles({ prisma, storage, graceMs: HOUR })).toEqual({ blobs: 0, objects: 0, temp: 0 });
  });

  /** Makes the test database refuse connections (its server stays up for the other test files), as while PostgreSQL restarts. */
  async function databaseDown(down: boolean): Promise<void> {
    const name = new URL(tdb.url).pathname.slice(1);
    const admin = new Client({ connectionString: serverUrl('embedded') });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS ${down ? 'false' : 'true'}`);
      if (down) await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    } finally {
      await admin.end();
    }
  }

  test('an upload\'s bytes whose undo the database refused (it was down) are removed once it answers; bytes a stored file names stay', async () => {
    const prisma = tdb.db.prisma;
    const orphan = await store({});
    const named = await store({});
    // Another upload of the `named` bytes committed its rows (the undo's lock and check see them whenever it runs).
    const owner = await prisma.user.findFirstOrThrow({ where: { email: 'owner@demo.test' } });
    await prisma.fileBlob.create({ data: { sha256: named, size: 2048, mime: 'application/octet-stream', storageKey: named } });
    await prisma.storedFile.create({ data: { sha256: named, originalName: 'named.bin', uploadedById: owner.id, orgId: owner.orgId } });
    const logged: string[] = [];
    await databaseDown(true);
    try {
      // The request's own undo fails (no connection) and returns: the request answers its own error.
      await releaseCreatedBlobs(prisma, storage, [orphan, named], { retryDelaysMs: [200, 500, 1000, 2000, 4000], log: (line) => logged.push(line) });
      expect([await storage.exists(orphan), await storage.exists(named)]).toEqual([true, true]);
    } finally {
      await databaseDown(false);
    }
    await blobReleasesSettled();
    expect([await storage.exists(orphan), await storage.exists(named)]).toEqual([false, true]);
    expect(logged).toEqual([]);
  });

  test('bytes another upload re-used after the failed undo are left to the collector', async () => {
    const prisma = tdb.db.prisma;
    const reused = await store({ bytesAge: 60_000 });
    await databaseDown(true);
    try {
      await releaseCreatedBlobs(prisma, storage, [reused], { retryDelaysMs: [300, 1000, 2000, 4000] });
      // An upload of the same bytes finds them and renews their date (it is about to write its row).
      expect(await storage.put(Readable.from(await readAll(storage.open(reused))), { maxBytes: 1 << 20 })).toMatchObject({ sha256: reused, created: false });
    } finally {
      await databaseDown(false);
    }
    await blobReleasesSettled();
    expect(await storage.exists(reused)).toBe(true);
    expect(await prisma.fileBlob.count({ where: { sha256: reused } })).toBe(0);
  });

  test('of two periodic collectors, one sweeps at a time: the other skips its run while the lock is held', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const first = withCollectorLock(tdb.url, async () => {
      entered();
      await held;
      return 'first';
    });
    await inside;
    expect(await withCollectorLock(tdb.url, async () => 'second')).toBeUndefined();
    release();
    expect(await first).toBe('first');
    expect(await withCollectorLock(tdb.url, async () => 'third')).toBe('third');
  });
});
