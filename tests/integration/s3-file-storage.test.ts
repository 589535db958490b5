import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { CreateMultipartUploadCommand, ListMultipartUploadsCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { loadConfig } from '../../platform/config';
import { FileTooLargeError } from '../../platform/storage/file-storage';
import { openVerifiedFileStorage } from '../../platform/storage/open-file-storage';
import { UploadStalledError } from '../../platform/storage/file-storage-errors';
import { S3FileStorage } from '../../platform/storage/s3-file-storage';
import { startS3Gateway, type S3Gateway } from '../support/s3-gateway';
import { waitFor } from '../support/wait-for';

/** S3FileStorage against a real S3 gateway (versitygw serving a temp folder): the same promises as the local store. */
describe('S3FileStorage', () => {
  let gw: S3Gateway;
  beforeAll(async () => {
    gw = await startS3Gateway();
  }, 900_000); // the first run builds versitygw from source
  afterAll(async () => gw?.stop());

  const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  const readAll = async (stream: Readable) => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };
  /** Every object key and unfinished multipart upload in the bucket, temp ones included. */
  const everything = async (bucket: string) => {
    const objects = (await gw.client.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? [];
    const uploads = (await gw.client.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? [];
    return { objects: objects.map((o) => o.Key).sort(), uploads: uploads.map((u) => u.Key).sort() };
  };
  const keysOf = async (iterable: AsyncIterable<string>) => {
    const out: string[] = [];
    for await (const key of iterable) out.push(key);
    return out.sort();
  };

  it('stores bytes under their SHA-256, opens, lists, dates and removes them, leaving no temp object', async () => {
    const { storage, bucket } = await gw.storage();
    const stored = await storage.put(Readable.from([Buffer.from('hello')]), { maxBytes: 1024 });
    expect(stored).toEqual({
      key: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
      sha256: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
      size: 5,
      head: Buffer.from('hello'),
      created: true,
    });
    expect(await everything(bucket)).toEqual({ objects: [stored.key], uploads: [] });
    expect((await readAll(storage.open(stored.key))).toString()).toBe('hello');
    expect(await storage.exists(stored.key)).toBe(true);
    expect(await storage.touchedAt(stored.key)).toBeInstanceOf(Date);
    expect(await keysOf(storage.keys())).toEqual([stored.key]);
    await storage.remove(stored.key);
    expect(await storage.exists(stored.key)).toBe(false);
    expect(await storage.touchedAt(stored.key)).toBeUndefined();
    expect(await keysOf(storage.keys())).toEqual([]);
  });

  it('de-duplicates identical bytes into one object and renews its date for the garbage collector', async () => {
    const { storage, bucket } = await gw.storage();
    const first = await storage.put(Readable.from([Buffer.from('same bytes')]), { maxBytes: 1024 });
    // Age the object on the gateway's disk (versitygw reports the file's mtime as LastModified).
    const old = new Date('2020-01-01T00:00:00Z');
    fs.utimesSync(path.join(gw.root, bucket, first.key), old, old);
    expect(await storage.touchedAt(first.key)).toEqual(old);
    const again = await storage.put(Readable.from([Buffer.from('same bytes')]), { maxBytes: 1024 });
    expect(again).toMatchObject({ key: first.key, size: 10, created: false });
    expect(await everything(bucket)).toEqual({ objects: [first.key], uploads: [] });
    expect((await storage.touchedAt(first.key))!.getTime()).toBeGreaterThan(new Date('2021-01-01T00:00:00Z').getTime());
    expect((await readAll(storage.open(first.key))).toString()).toBe('same bytes');
  });

  it('refuses bytes past maxBytes and leaves no object, temp object or multipart upload (single part and multipart)', async () => {
    const { storage, bucket } = await gw.storage({ partSize: 5 * 1024 * 1024 });
    await expect(storage.put(Readable.from([Buffer.alloc(2048)]), { maxBytes: 1024 })).rejects.toBeInstanceOf(FileTooLargeError);
    // 12 MB in 1 MB chunks against a 6 MB limit: the first 5 MB part is uploaded before the limit is hit.
    const chunks = Array.from({ length: 12 }, () => randomBytes(1024 * 1024));
    await expect(storage.put(Readable.from(chunks), { maxBytes: 6 * 1024 * 1024 })).rejects.toBeInstanceOf(FileTooLargeError);
    expect(await everything(bucket)).toEqual({ objects: [], uploads: [] });
  });

  it('leaves nothing behind when inspect refuses the bytes or the source fails mid-way', async () => {
    const { storage, bucket } = await gw.storage();
    const inspect = (head: Buffer, size: number) => {
      throw new Error(`refused ${head.subarray(0, 4).toString()} of ${size} bytes`);
    };
    await expect(storage.put(Readable.from([Buffer.from('%PDF not really')]), { maxBytes: 1024, inspect })).rejects.toThrow('refused %PDF of 15 bytes');
    const source = new Readable({ read() {} });
    const put = storage.put(source, { maxBytes: 1 << 20 });
    source.push(Buffer.alloc(1000));
    source.destroy(new Error('client went away'));
    await expect(put).rejects.toThrow('client went away');
    expect(await everything(bucket)).toEqual({ objects: [], uploads: [] });
  });

  it('streams a 12 MB upload in 5 MB parts and stores it under the right SHA-256 with the right bytes', async () => {
    const { storage, bucket } = await gw.storage({ partSize: 5 * 1024 * 1024 });
    const bytes = randomBytes(12 * 1024 * 1024);
    const chunks = Array.from({ length: 48 }, (_, i) => bytes.subarray(i * 256 * 1024, (i + 1) * 256 * 1024));
    const stored = await storage.put(Readable.from(chunks), { maxBytes: 20 * 1024 * 1024 });
    expect(stored).toMatchObject({ key: sha(bytes), size: bytes.length, created: true });
    expect(stored.head).toEqual(bytes.subarray(0, 4100));
    expect(await everything(bucket)).toEqual({ objects: [sha(bytes)], uploads: [] });
    expect(sha(await readAll(storage.open(stored.key)))).toBe(sha(bytes));
  });

  it('streams at most S3_MAX_UPLOADS puts at once; the others wait their turn and all are stored', async () => {
    const { storage, bucket } = await gw.storage({ maxConcurrentUploads: 2 });
    let most = 0;
    const sources = [1, 2, 3, 4, 5].map((n) => Readable.from((async function* () {
      most = Math.max(most, storage.uploads.running);
      yield Buffer.alloc(64 * 1024, n);
      await new Promise((resolve) => setTimeout(resolve, 20));
      yield Buffer.alloc(64 * 1024, n + 10);
    })()));
    const stored = await Promise.all(sources.map((source) => storage.put(source, { maxBytes: 1024 * 1024 })));
    expect(most).toBe(2);
    expect([storage.uploads.running, storage.uploads.waiting, storage.uploads.completed]).toEqual([0, 0, 5]);
    expect(stored.map((s) => s.size)).toEqual([131072, 131072, 131072, 131072, 131072]);
    expect((await everything(bucket)).objects.sort()).toEqual(stored.map((s) => s.key).sort());
  });

  it('drops a put whose sender goes quiet: UploadStalledError, its slot freed for the next upload, nothing left in the bucket', async () => {
    const { storage, bucket } = await gw.storage({ maxConcurrentUploads: 1, uploadIdleMs: 300 });
    const quiet = new PassThrough();
    quiet.write(Buffer.alloc(1024, 7)); // one chunk, then nothing and no end
    const stalled = storage.put(quiet, { maxBytes: 1024 * 1024 });
    const next = storage.put(Readable.from([Buffer.from('next in line')]), { maxBytes: 1024 });
    await expect(stalled).rejects.toThrow(new UploadStalledError(300));
    expect((await next).size).toBe(12);
    expect([storage.uploads.running, storage.uploads.waiting]).toEqual([0, 0]);
    expect(await everything(bucket)).toEqual({ objects: [(await next).key], uploads: [] });
  });

  it('gives a local file with the bytes for localPath, and forgets it on remove', async () => {
    const { storage, cacheDir } = await gw.storage();
    const stored = await storage.put(Readable.from([Buffer.from('decode me')]), { maxBytes: 1024 });
    const file = await storage.localPath(stored.key);
    expect(path.dirname(file)).toBe(cacheDir);
    expect(fs.readFileSync(file, 'utf8')).toBe('decode me');
    expect(await storage.localPath(stored.key)).toBe(file);
    await storage.remove(stored.key);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('removes abandoned temp objects and multipart uploads older than the cutoff, and nothing newer', async () => {
    const { storage, bucket } = await gw.storage({ prefix: 'sop/' });
    const kept = await storage.put(Readable.from([Buffer.from('kept')]), { maxBytes: 1024 });
    await gw.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'sop/tmp/1-crashed', Body: Buffer.from('half') }));
    await gw.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'sop/tmp/2-crashed' }));
    expect(await keysOf(storage.keys())).toEqual([kept.key]);
    expect(await storage.removeStaleTemp(new Date('2000-01-01T00:00:00Z'))).toBe(0);
    expect(await storage.removeStaleTemp(new Date(Date.now() + 60_000))).toBe(2);
    expect(await everything(bucket)).toEqual({ objects: [`sop/${kept.key}`], uploads: [] });
  });

  it('keeps localPath copies under the cache bound: the least recently used copy is evicted once it is over a minute old', async () => {
    const { storage, cacheDir } = await gw.storage({ cache: { dir: path.join(gw.root, '..', `${path.basename(gw.root)}-small-cache`), maxBytes: 1500 } });
    const first = await storage.put(Readable.from([Buffer.alloc(1000, 1)]), { maxBytes: 4096 });
    const second = await storage.put(Readable.from([Buffer.alloc(1000, 2)]), { maxBytes: 4096 });
    const firstFile = await storage.localPath(first.key);
    const old = new Date(Date.now() - 5 * 60_000);
    fs.utimesSync(firstFile, old, old);
    const secondFile = await storage.localPath(second.key);
    // The trim runs behind the caller, who has its file at once.
    expect(fs.readFileSync(secondFile)).toEqual(Buffer.alloc(1000, 2));
    await waitFor(async () => (fs.readdirSync(cacheDir).length === 2 ? true : undefined), 10_000);
    expect(fs.readdirSync(cacheDir).sort()).toEqual([second.key, 'tmp']);
    expect(fs.readFileSync(secondFile)).toEqual(Buffer.alloc(1000, 2));
    // Fetched again on demand.
    expect(fs.readFileSync(await storage.localPath(first.key))).toEqual(Buffer.alloc(1000, 1));
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  it('says what is wrong when the bucket does not exist', async () => {
    const { storage } = await gw.storage();
    const missing = new S3FileStorage(gw.client, {
      bucket: 'no-such-bucket', endpoint: gw.endpoint, region: 'us-east-1', forcePathStyle: true, prefix: '',
      cache: { dir: path.join(gw.root, '..', `${path.basename(gw.root)}-unused-cache`), maxBytes: 1024 },
    });
    await expect(missing.verifyBucket()).rejects.toThrow(`S3 bucket "no-such-bucket" at ${gw.endpoint} is not usable: no such bucket`);
    await expect(storage.verifyBucket()).resolves.toBeUndefined();
    fs.rmSync(path.join(gw.root, '..', `${path.basename(gw.root)}-unused-cache`), { recursive: true, force: true });
  });

  it('opens the store of STORAGE=s3 settings with the credentials of the standard AWS variables', async () => {
    const { bucket } = await gw.storage();
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = gw.credentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = gw.credentials.secretAccessKey;
    const dataDir = fs.mkdtempSync(path.join(gw.root, '..', `${path.basename(gw.root)}-data-`));
    try {
      const config = loadConfig({ DATA_DIR: dataDir, STORAGE: 's3', S3_BUCKET: bucket, S3_ENDPOINT: gw.endpoint, S3_FORCE_PATH_STYLE: '1', S3_PREFIX: 'sop' });
      const storage = await openVerifiedFileStorage(config.storage);
      const stored = await storage.put(Readable.from([Buffer.from('configured')]), { maxBytes: 1024 });
      expect(await everything(bucket)).toEqual({ objects: [`sop/${stored.key}`], uploads: [] });
      expect(fs.readFileSync(await storage.localPath(stored.key), 'utf8')).toBe('configured');
      expect(path.dirname(await storage.localPath(stored.key))).toBe(path.join(dataDir, 's3-cache'));
      await expect(openVerifiedFileStorage({ ...config.storage, bucket: 'not-there' } as typeof config.storage)).rejects.toThrow('is not usable: no such bucket');
    } finally {
      for (const [name, value] of [['AWS_ACCESS_KEY_ID', saved.id], ['AWS_SECRET_ACCESS_KEY', saved.secret]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('fails a stream opened on a missing key with ENOENT', async () => {
    const { storage } = await gw.storage();
    await expect(readAll(storage.open('0'.repeat(64)))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
