/**
 * The product on S3 storage (STORAGE=s3): app and worker on an S3FileStorage against a real
 * S3 gateway (versitygw). A submission is stored under its SHA-256 in the bucket and downloads
 * byte for byte; an image refused at upload, a file over the upload limit and a submission over
 * the organisation's quota leave no object, temp object or multipart upload.
 */
import { createHash } from 'node:crypto';
import request from 'supertest';
import { ListMultipartUploadsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { storageUsed } from '../../api/files/storage-quota';
import { auth, multipart, pngOf, publishSop, startExtraApp, startJob, strictSop } from '../support/api-fixtures';
import { startS3Gateway, type S3Gateway } from '../support/s3-gateway';
import { noisePng, postSubmission } from '../support/upload-fixtures';

jest.setTimeout(180_000);

describe('uploads on S3 storage', () => {
  let gw: S3Gateway;
  let bucket: string;
  let h: AppHarness;
  const sopKey = 'uploads-s3';

  beforeAll(async () => {
    gw = await startS3Gateway();
    const opened = await gw.storage();
    bucket = opened.bucket;
    h = await startAppHarness('embedded', { storage: opened.storage });
    await publishSop(h, strictSop(sopKey));
  }, 900_000); // the first run builds versitygw from source
  afterAll(async () => {
    await h?.close();
    await gw?.stop();
  });

  /** Every object key and unfinished multipart upload in the bucket. */
  const bucketContents = async () => {
    const objects = (await gw.client.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? [];
    const uploads = (await gw.client.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? [];
    return { objects: objects.map((o) => o.Key).sort(), uploads: uploads.map((u) => u.Key).sort() };
  };

  test('a vendor\'s submission is stored in the bucket under its SHA-256 and downloads byte for byte', async () => {
    const job = await startJob(h, sopKey);
    const vendor = await h.login('vendor-a');
    const png = await noisePng();
    const sha256 = createHash('sha256').update(png).digest('hex');
    const filename = `${job.code}_banner_v01.png`;
    const res = await postSubmission(h.app, vendor, job.id, 'draft', [{ name: 'banner', filename, contentType: 'image/png', data: png }]);
    expect(res.status).toBe(201);
    expect((await bucketContents()).objects).toContain(sha256);
    const file = await h.test.db.prisma.storedFile.findFirstOrThrow({ where: { originalName: filename }, include: { blob: true } });
    expect(file.blob.storageKey).toBe(sha256);
    const download = await request(h.app).get(`/api/files/${file.id}/content`).set(auth(await h.login('owner'))).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(download.status).toBe(200);
    expect(Buffer.compare(download.body as Buffer, png)).toBe(0);
  });

  test('a truncated PNG refused at upload leaves no object, temp object or multipart upload in the bucket', async () => {
    const before = await bucketContents();
    const whole = await pngOf(200, 100, [20, 120, 220]);
    const body = multipart([{ name: 'file', filename: 'truncated.png', contentType: 'image/png', data: whole.subarray(0, Math.floor(whole.length / 2)) }]);
    const res = await request(h.app).post('/api/files').set(auth(await h.login('owner'))).set('Content-Type', body.contentType).send(body.body);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ type: 'urn:sop:problem:image-unreadable' });
    expect(await bucketContents()).toEqual(before);
    expect(before.objects.filter((key) => !/^[a-f0-9]{64}$/.test(key!))).toEqual([]);
  });

  test('a reference file over maxUploadBytes (413) and a submission over the organisation\'s quota (422) leave the bucket as it was', async () => {
    const owner = await h.login('owner');
    const vendor = await h.login('vendor-a');
    const before = await bucketContents();
    const small = await startExtraApp(h, { maxUploadBytes: 1024 });
    try {
      const body = multipart([{ name: 'file', filename: 'big.png', contentType: 'image/png', data: await noisePng(64, 64) }]);
      const res = await request(small.app).post('/api/files').set(auth(owner)).set('Content-Type', body.contentType).send(body.body);
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ type: 'urn:sop:problem:payload-too-large', detail: '"big.png" is larger than 1024 bytes.' });
    } finally {
      await small.close();
    }
    const used = await storageUsed(h.test.db.prisma, h.ids.orgs['Vendor A']!);
    const full = await startExtraApp(h, { orgStorageQuotaBytes: used + 10 });
    try {
      const job = await startJob(h, sopKey);
      const res = await postSubmission(full.app, vendor, job.id, 'draft', [{ name: 'banner', filename: `${job.code}_banner_v01.png`, contentType: 'image/png', data: await noisePng() }]);
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ type: 'urn:sop:problem:storage-quota-exceeded' });
    } finally {
      await full.close();
    }
    expect(await bucketContents()).toEqual(before);
  });
});
