/**
 * The collector of unreferenced blobs (platform/storage/file-gc.ts) on S3 storage (versitygw):
 * old orphan rows and objects and stale temp objects go; referenced, young and just re-used
 * blobs stay (a re-use renews the object's date through its `touched` metadata).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { collectUnreferencedFiles } from '../../platform/storage/file-gc';
import type { S3FileStorage } from '../../platform/storage/s3-file-storage';
import { seedDemoTenant } from '../../platform/seed/demo-tenant';
import { startS3Gateway, type S3Gateway } from '../support/s3-gateway';
import { openTestDatabase, type TestDatabase } from '../support/test-database';

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
});
