/**
 * GET /api/jobs/:id/files/compare: any two files of a job (versions of a
 * deliverable, or a version and the reference) compared on demand with the
 * visual check's engine and the product's OCR (the SOP here has no OCR
 * check), cached, scoped like the job and its files.
 */
import request from 'supertest';
import sharp from 'sharp';
import pixelmatch from 'pixelmatch';
import { sharedOcrPool, type OcrPool } from '../../checks/ocr-pool';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { auth, checkedSop, pngOf, publishSop, startExtraApp, startJob, strictSop, submitDraft, waitForActive } from '../support/api-fixtures';
import { until } from '../support/engine-waits';

jest.setTimeout(240_000);

const SOP = 'compare-versions';
let h: AppHarness;
let job: { id: string; code: string };
let v1: string;
let v2: string;
let v1Png: Buffer;
let v2Png: Buffer;

/** 40×30 red with a 10×5 blue block at (5, 8): 50 pixels differ from plain red. */
const blockPng = () => sharp(Buffer.from([200, 30, 30].flatMap((c, i, rgb) => (i === 0 ? Array.from({ length: 40 * 30 }, (_, p) => {
  const x = p % 40;
  const y = Math.floor(p / 40);
  return x >= 5 && x < 15 && y >= 8 && y < 13 ? [20, 30, 220] : rgb;
}).flat() : []))), { raw: { width: 40, height: 30, channels: 3 } }).png().toBuffer();

/** White, with `lines` in bold black DejaVu Sans: Latin capitals the OCR reads exactly (tried: SPRING/SUMMER/WINTER SALE, FREE SHIPPING/DELIVERY). */
const textPng = (lines: string[]) => sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="480" height="${40 + lines.length * 56}">
  <rect width="100%" height="100%" fill="#ffffff"/>
  ${lines.map((line, i) => `<text x="24" y="${68 + i * 56}" font-family="DejaVu Sans, sans-serif" font-size="40" font-weight="bold" fill="#111111">${line}</text>`).join('')}
</svg>`)).png().toBuffer();

async function submit(bytes: Buffer, version: number, into = job): Promise<string> {
  const res = await request(h.app).post(`/api/jobs/${into.id}/steps/draft/submissions`).set(auth(await h.login('vendor-a')))
    .attach('banner', bytes, { filename: `${into.code}_banner_v0${version}.png`, contentType: 'image/png' });
  expect(res.status).toBe(201);
  await waitForActive(h, into.id, 'review');
  const row = await h.test.db.prisma.deliverableVersion.findFirstOrThrow({ where: { jobId: into.id, version } });
  return row.fileId;
}

async function reject(into: { id: string }): Promise<void> {
  const rejected = await request(h.app).post(`/api/jobs/${into.id}/steps/review/review`).set(auth(await h.login('qa'))).send({ decision: 'rejected', reasons: ['color'], comment: '改' });
  expect(rejected.status).toBe(200);
  await waitForActive(h, into.id, 'draft');
}

const compare = async (token: string, a: string, b: string, app = h.app, of = job) => request(app).get(`/api/jobs/${of.id}/files/compare?a=${a}&b=${b}`).set(auth(token));

beforeAll(async () => {
  h = await startAppHarness('embedded');
  await publishSop(h, strictSop(SOP));
  job = await startJob(h, SOP);
  v1Png = await pngOf(40, 30, [200, 30, 30]);
  v2Png = await blockPng();
  v1 = await submit(v1Png, 1);
  await reject(job);
  v2 = await submit(v2Png, 2);
});
afterAll(async () => {
  await h?.close();
});

test('v1 against v2 counts the changed pixels as pixelmatch does, with one region and a diff image the vendor can open', async () => {
  const [a, b] = await Promise.all([sharp(v1Png).ensureAlpha().raw().toBuffer(), sharp(v2Png).ensureAlpha().raw().toBuffer()]);
  const expected = pixelmatch(a, b, undefined, 40, 30, { threshold: 0.1 });
  expect(expected).toBe(50);
  const res = await compare(await h.login('qa'), v1, v2);
  expect(res.status).toBe(200);
  expect(res.body.a).toEqual({ fileId: v1, kind: 'version', deliverable: 'banner', version: 1, round: 1, name: `${job.code}_banner_v01.png` });
  expect(res.body.b).toMatchObject({ fileId: v2, kind: 'version', version: 2, round: 2 });
  expect(res.body.cached).toBe(false);
  expect(res.body.settings).toHaveProperty('resize', 'fit');
  expect(res.body.visual.figures).toMatchObject({ width: 40, height: 30, diffPixels: expected, regions: [{ x: 5, y: 8, width: 10, height: 5, pixels: 50 }] });
  expect(res.body.visual.artefacts.map((x: { kind: string }) => x.kind)).toEqual(['diff', 'overlay']);
  // No OCR check in the SOP: both plain images were read now, and hold no text.
  expect(res.body.ocr).toEqual({ figures: { text: '', comparison: { identical: true, similarity: 1, ops: [], referenceText: '' } } });
  const diff = await request(h.app).get(`/api/files/${res.body.visual.artefacts[0].fileId}/content`).set(auth(await h.login('vendor-a')));
  expect(diff.status).toBe(200);
  expect(diff.headers['content-type']).toBe('image/png');
});

test('a second call answers from the cache: same figures and images, no new stored file, and the checks list does not show it', async () => {
  const qa = await h.login('qa');
  const first = await compare(qa, v1, v2);
  const files = await h.test.db.prisma.storedFile.count();
  const second = await compare(qa, v1, v2);
  expect(second.status).toBe(200);
  expect(second.body.cached).toBe(true);
  expect(second.body.visual).toEqual(first.body.visual);
  expect(second.body.ocr).toEqual(first.body.ocr);
  expect(await h.test.db.prisma.storedFile.count()).toBe(files);
  const checks = await request(h.app).get(`/api/jobs/${job.id}/checks`).set(auth(qa));
  expect((checks.body.items as Array<{ kind: string }>).map((c) => c.kind)).not.toContain('compare');
});

test('the reference against v1 is allowed for the vendor and counts every pixel of a different colour, without the check\'s settings', async () => {
  const res = await compare(await h.login('vendor-a'), h.ids.referenceFileId, v1);
  expect(res.status).toBe(200);
  expect(res.body).not.toHaveProperty('settings');
  expect(res.body.a).toMatchObject({ kind: 'reference', version: null, round: null, deliverable: 'banner' });
  expect(res.body.visual.figures.diffPixels).toBeGreaterThan(0);
});

test('the old version stays downloadable for the vendor and QA after a newer one was handed in', async () => {
  for (const login of ['vendor-a', 'qa']) {
    const res = await request(h.app).get(`/api/files/${v1}/content?download=true`).set(auth(await h.login(login)));
    expect([login, res.status, res.headers['content-disposition']]).toEqual([login, 200, `attachment; filename="${job.code}_banner_v01.png"; filename*=UTF-8''${job.code}_banner_v01.png`]);
  }
});

test('another job\'s file and an unknown id answer 404, as does the job for Vendor B', async () => {
  const other = await startJob(h, SOP);
  await submitDraft(h, other);
  const otherFile = (await h.test.db.prisma.deliverableVersion.findFirstOrThrow({ where: { jobId: other.id } })).fileId;
  const qa = await h.login('qa');
  const foreign = await compare(qa, v1, otherFile);
  expect(foreign.status).toBe(404);
  expect(foreign.body).toMatchObject({ type: 'urn:sop:problem:not-found', detail: `File ${otherFile} was not found.` });
  expect((await compare(qa, 'no-such-file', v2)).status).toBe(404);
  const vendorB = await compare(await h.login('vendor-b'), v1, v2);
  expect(vendorB.status).toBe(404);
  expect(vendorB.body).toMatchObject({ type: 'urn:sop:problem:not-found', detail: `Job ${job.id} was not found.` });
});

test('an image over the pixel limit answers 413 image-too-large as problem+json', async () => {
  const small = await startExtraApp(h, { maxImageMegapixels: 0.001 });
  try {
    const res = await compare(await h.login('qa'), h.ids.referenceFileId, v2, small.app);
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'urn:sop:problem:image-too-large', status: 413 });
  } finally {
    await small.close();
  }
});

test("diff images count against the organisation's storage quota: a comparison whose images do not fit answers 422 storage-quota-exceeded and leaves no file", async () => {
  const prisma = h.test.db.prisma;
  const used = Number((await prisma.$queryRaw<Array<{ used: bigint }>>`
    SELECT COALESCE(SUM(b.size), 0)::bigint AS used FROM "StoredFile" f JOIN "FileBlob" b ON b.sha256 = f.sha256 WHERE f."orgId" = ${h.ids.orgs['Vendor A']}`)[0]!.used);
  const full = await startExtraApp(h, { orgStorageQuotaBytes: used + 1 });
  try {
    const before = await prisma.storedFile.count();
    // The reference against v2: not compared before, so its images would be new files of Vendor A.
    const res = await compare(await h.login('vendor-a'), h.ids.referenceFileId, v2, full.app);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ type: 'urn:sop:problem:storage-quota-exceeded', status: 422 });
    expect(await prisma.storedFile.count()).toBe(before);
  } finally {
    await full.close();
  }
});

test('after the job moved to Vendor B, Vendor B may compare the reference but not Vendor A\'s versions', async () => {
  const moved = await request(h.app).post(`/api/jobs/${job.id}/vendor`).set(auth(await h.login('owner'))).send({ vendorOrgId: h.ids.orgs['Vendor B'] });
  expect(moved.status).toBe(200);
  const vendorB = await h.login('vendor-b');
  const own = await compare(vendorB, h.ids.referenceFileId, h.ids.referenceFileId);
  expect(own.status).toBe(200);
  expect(own.body.visual.figures.diffPixels).toBe(0);
  const theirs = await compare(vendorB, h.ids.referenceFileId, v1);
  expect(theirs.status).toBe(404);
  expect(theirs.body).toMatchObject({ type: 'urn:sop:problem:not-found', detail: `File ${v1} was not found.` });
});

describe('the OCR text diff, read on demand when no OCR check read the files', () => {
  let textJob: { id: string; code: string };
  const t: string[] = [];
  /** The names the OCR pool was asked to read, through `app`, and the languages of each reading. */
  const reads: string[] = [];
  const languagesRead: string[] = [];
  let app: Awaited<ReturnType<typeof startExtraApp>>;
  const countingPool = (): OcrPool => {
    const pool = sharedOcrPool();
    return { ...pool, size: pool.size, recognize: (image, languages, options) => {
      reads.push(options?.name ?? '');
      languagesRead.push(typeof languages === 'string' ? languages : (languages ?? []).join('+'));
      return pool.recognize(image, languages, options);
    } };
  };
  const textRows = () => h.test.db.prisma.checkResult.count({ where: { kind: 'compare-ocr' } });
  const changes = (body: { ocr: { figures: { comparison: { ops: Array<{ op: string; text: string }> } } } }) => body.ocr.figures.comparison.ops.filter((o) => o.op !== 'equal');

  beforeAll(async () => {
    textJob = await startJob(h, SOP);
    const versions = [['SPRING SALE', 'FREE DELIVERY'], ['SUMMER SALE', 'FREE SHIPPING'], ['WINTER SALE', 'FREE SHIPPING']];
    for (const [i, lines] of versions.entries()) {
      if (i > 0) await reject(textJob);
      t.push(await submit(await textPng(lines), i + 1, textJob));
    }
    app = await startExtraApp(h, { ocrPool: countingPool });
  });
  afterAll(async () => {
    await app?.close();
  });

  test('v2 against v3 answers the changed word, both texts read by the OCR once and stored', async () => {
    const rows = await textRows();
    const res = await compare(await h.login('qa'), t[1]!, t[2]!, app.app, textJob);
    expect(res.status).toBe(200);
    expect(res.body.cached).toBe(false);
    expect(res.body.ocr.figures.comparison.referenceText).toMatch(/SUMMER SALE\s+FREE SHIPPING/);
    expect(res.body.ocr.figures.text).toMatch(/WINTER SALE\s+FREE SHIPPING/);
    expect(res.body.ocr.figures.comparison.identical).toBe(false);
    expect(changes(res.body)).toEqual([{ op: 'delete', text: 'summer' }, { op: 'insert', text: 'winter' }]);
    expect(reads).toEqual([`${textJob.code}_banner_v02.png`, `${textJob.code}_banner_v03.png`]);
    expect(languagesRead).toEqual(['chi_sim+eng', 'chi_sim+eng']);
    expect(await textRows()).toBe(rows + 2);
  });

  test('a second call is a cache hit: the same diff, cached, no OCR and no new row; the checks list does not show the texts', async () => {
    const qa = await h.login('qa');
    const first = await compare(qa, t[1]!, t[2]!, app.app, textJob);
    const [readsBefore, rows] = [reads.length, await textRows()];
    const second = await compare(qa, t[1]!, t[2]!, app.app, textJob);
    expect(second.status).toBe(200);
    expect(second.body.cached).toBe(true);
    expect(second.body.ocr).toEqual(first.body.ocr);
    expect(reads.length).toBe(readsBefore);
    expect(await textRows()).toBe(rows);
    const checks = await request(h.app).get(`/api/jobs/${textJob.id}/checks`).set(auth(qa));
    expect((checks.body.items as Array<{ kind: string }>).map((c) => c.kind)).not.toContain('compare-ocr');
  });

  test('an OCR reading that outlasts the time limit answers 503 ocr-unavailable with Retry-After, and goes on to be stored', async () => {
    const hasty = await startExtraApp(h, { ocrPool: countingPool, compareOcrTimeoutMs: 1 });
    try {
      const rows = await textRows();
      const res = await compare(await h.login('qa'), t[0]!, t[2]!, hasty.app, textJob);
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('30');
      expect(res.body).toMatchObject({ type: 'urn:sop:problem:ocr-unavailable', status: 503, detail: `The text of ${textJob.code}_banner_v01.png could not be read now; try again in a minute.` });
      await until('the reading of v1 stored', async () => (await textRows()) === rows + 1);
    } finally {
      await hasty.close();
    }
  });

  test('v1, superseded twice, against the latest v3 gets its OCR diff from the stored reading, v1 read once', async () => {
    const res = await compare(await h.login('qa'), t[0]!, t[2]!, app.app, textJob);
    expect(res.status).toBe(200);
    expect(res.body.a).toMatchObject({ version: 1, round: 1 });
    expect(res.body.ocr.figures.comparison.referenceText).toMatch(/SPRING SALE\s+FREE DELIVERY/);
    expect(changes(res.body)).toEqual([{ op: 'delete', text: 'spring' }, { op: 'insert', text: 'winter' }, { op: 'delete', text: 'delivery' }, { op: 'insert', text: 'shipping' }]);
    expect(reads.filter((name) => name.endsWith('_v01.png'))).toEqual([`${textJob.code}_banner_v01.png`]);
  });

  test('the vendor compares the reference with v3: the reference\'s text is side A, as read for the other job of Vendor A', async () => {
    const res = await compare(await h.login('vendor-a'), h.ids.referenceFileId, t[2]!, app.app, textJob);
    expect(res.status).toBe(200);
    expect(reads).not.toContain('reference-banner.png');
    expect(res.body.ocr.figures.comparison.referenceText).toMatch(/Double 11/);
    expect(res.body.ocr.figures.text).toMatch(/WINTER SALE/);
    expect(changes(res.body).length).toBeGreaterThan(0);
  });

  test('with an OCR check in the SOP, its reading of the version is reused and the reference is read in the check\'s languages', async () => {
    const key = 'compare-versions-ocr';
    const base = checkedSop(key);
    await publishSop(h, { ...base, nodes: base.nodes.map((n) => (n.type === 'check' ? { ...n, checks: [{ kind: 'ocr' as const, deliverable: 'banner', languages: ['eng' as const] }] } : n)) });
    const checked = await startJob(h, key);
    const v1Text = await submit(await textPng(['AUTUMN SALE']), 1, checked);
    const checkRow = await h.test.db.prisma.checkResult.findFirstOrThrow({ where: { jobId: checked.id, kind: 'ocr' } });
    const readsBefore = reads.length;
    const res = await compare(await h.login('qa'), h.ids.referenceFileId, v1Text, app.app, checked);
    expect(res.status).toBe(200);
    expect(res.body.ocr.figures.text).toBe((checkRow.figures as { text: string }).text);
    expect(res.body.ocr.figures.text).toMatch(/AUTUMN SALE/);
    expect(reads.slice(readsBefore)).toEqual(['reference-banner.png']);
    expect(languagesRead.slice(readsBefore)).toEqual(['eng']);
  });
});
