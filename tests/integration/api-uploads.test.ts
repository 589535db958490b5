/**
 * Images are decoded at upload: a truncated PNG, PNG bytes that turn into
 * garbage after the signature, and an image over the pixel limit are refused
 * (422 image-unreadable, 413 image-too-large) before any row is written and
 * with no stored object left behind — as reference files and as deliverables.
 */
import request from 'supertest';
import sharp from 'sharp';
import { databaseKinds, startAppHarness, type AppHarness } from '../support/app-harness';
import { auth, multipart, pngOf, publishSop, startJob, storedPaths, strictSop, uploadRowCounts } from '../support/api-fixtures';

jest.setTimeout(180_000);

const PROBLEM = /^application\/problem\+json/;

interface BadImage {
  what: string;
  name: string;
  bytes: () => Promise<Buffer>;
  status: number;
  type: string;
  detail: (name: string) => string;
}

const BAD_IMAGES: BadImage[] = [
  {
    what: 'a truncated PNG', name: 'truncated.png', status: 422, type: 'urn:sop:problem:image-unreadable',
    bytes: async () => {
      const whole = await pngOf(200, 100, [20, 120, 220]);
      return whole.subarray(0, Math.floor(whole.length / 2));
    },
    detail: (name) => `"${name}": image is corrupt or truncated (vipspng: libpng read error).`,
  },
  {
    what: 'a PNG signature followed by garbage', name: 'garbage.png', status: 422, type: 'urn:sop:problem:image-unreadable',
    bytes: async () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(600, 0x37)]),
    detail: (name) => `"${name}": image is corrupt or truncated (Input buffer has corrupt header:).`,
  },
  {
    what: 'an 8000×6000 PNG (48 MP, over the 40 MP limit)', name: 'huge.png', status: 413, type: 'urn:sop:problem:image-too-large',
    bytes: () => sharp({ create: { width: 8000, height: 6000, channels: 3, background: { r: 250, g: 250, b: 250 } } }).png().toBuffer(),
    detail: (name) => `"${name}": image is 8000×6000 (48 MP), over the 40 MP limit.`,
  },
];

describe.each(databaseKinds())('on %s', (kind) => {
  let h: AppHarness;
  let owner: string;
  let vendor: string;
  const sopKey = `uploads-${kind}`;
  const images = new Map<string, Buffer>();

  beforeAll(async () => {
    h = await startAppHarness(kind);
    owner = await h.login('owner');
    vendor = await h.login('vendor-a');
    await publishSop(h, strictSop(sopKey));
    for (const bad of BAD_IMAGES) images.set(bad.name, await bad.bytes());
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Runs `act` and asserts it wrote no upload row and no stored object. */
  async function expectNothingWritten(act: () => Promise<void>): Promise<void> {
    const [rowsBefore, filesBefore] = [await uploadRowCounts(h), storedPaths(h)];
    await act();
    expect(await uploadRowCounts(h)).toEqual(rowsBefore);
    expect(storedPaths(h)).toEqual(filesBefore);
  }

  test.each(BAD_IMAGES.map((b) => [b.what, b] as const))('%s as a reference file is refused and leaves nothing behind', async (_what, bad) => {
    await expectNothingWritten(async () => {
      const body = multipart([{ name: 'file', filename: bad.name, contentType: 'image/png', data: images.get(bad.name)! }]);
      const res = await request(h.app).post('/api/files').set(auth(owner)).set('Content-Type', body.contentType).send(body.body);
      expect(res.status).toBe(bad.status);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toEqual({ type: bad.type, title: bad.status === 413 ? 'Payload too large' : 'Unprocessable content', status: bad.status, detail: bad.detail(bad.name), instance: '/api/files' });
    });
  });

  test.each(BAD_IMAGES.map((b) => [b.what, b] as const))('%s as a deliverable is refused, leaves nothing behind, and the step stays open', async (_what, bad) => {
    const job = await startJob(h, sopKey);
    const name = `${job.code}_banner_v01.png`;
    await expectNothingWritten(async () => {
      const body = multipart([{ name: 'banner', filename: name, contentType: 'image/png', data: images.get(bad.name)! }]);
      const res = await request(h.app).post(`/api/jobs/${job.id}/steps/draft/submissions`).set(auth(vendor)).set('Content-Type', body.contentType).send(body.body);
      expect(res.status).toBe(bad.status);
      expect(res.body).toMatchObject({ type: bad.type, status: bad.status, detail: bad.detail(name) });
    });
    const after = await request(h.app).get(`/api/jobs/${job.id}`).set(auth(vendor));
    expect(after.body.activeSteps).toEqual(['draft']);
    const ok = multipart([{ name: 'banner', filename: name, contentType: 'image/png', data: await pngOf(6, 6) }]);
    const res = await request(h.app).post(`/api/jobs/${job.id}/steps/draft/submissions`).set(auth(vendor)).set('Content-Type', ok.contentType).send(ok.body);
    expect(res.status).toBe(201);
  });

  test('a JPEG reference that decodes is stored (201) with its sniffed type', async () => {
    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 1, g: 2, b: 3 } } }).jpeg().toBuffer();
    const body = multipart([{ name: 'file', filename: 'ok.jpg', contentType: 'image/jpeg', data: jpeg }]);
    const res = await request(h.app).post('/api/files').set(auth(owner)).set('Content-Type', body.contentType).send(body.body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'ok.jpg', mime: 'image/jpeg', size: jpeg.length });
  });

  test('a file that is not an image (a PDF reference) is not decoded and is stored', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
    const body = multipart([{ name: 'file', filename: 'brief.pdf', contentType: 'application/pdf', data: pdf }]);
    const res = await request(h.app).post('/api/files').set(auth(owner)).set('Content-Type', body.contentType).send(body.body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'brief.pdf', mime: 'application/pdf' });
  });
});
