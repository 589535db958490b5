/**
 * A visual check's diff and overlay images are built when someone first opens
 * them (api/files/check-artefacts.ts), not with the verdict: the first open
 * builds exactly what the check used to build with its verdict, stores it and
 * records it on the result; later opens are served from storage; concurrent
 * first opens (in one process or two) build and record once; a vendor of
 * another organisation gets 404.
 */
import fs from 'node:fs';
import request from 'supertest';
import sharp from 'sharp';
import { runVisualCheck } from '../../checks/visual-check';
import { checkArtefactFileId } from '../../api/files/check-artefacts';
import { createComputeLimiter } from '../../api/files/compute-limiter';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { auth, publishSop, startJob, strictSop, waitForActive } from '../support/api-fixtures';
import { lazyVisualResult } from '../support/check-artefact-fixture';

jest.setTimeout(180_000);

let h: AppHarness;
let job: { id: string; code: string };
let referencePath: string;
let draftPath: string;
let draftFileId: string;

beforeAll(async () => {
  h = await startAppHarness('embedded');
  await publishSop(h, strictSop('lazy-artefacts'));
  job = await startJob(h, 'lazy-artefacts');
  const reference = await h.test.db.prisma.storedFile.findUniqueOrThrow({ where: { id: h.ids.referenceFileId }, include: { blob: true } });
  referencePath = await h.storage.localPath(reference.blob.storageKey);
  // the reference with a dark box laid on it: one changed region
  const { width, height } = await sharp(referencePath).metadata();
  const box = await sharp({ create: { width: 120, height: 60, channels: 3, background: { r: 20, g: 20, b: 20 } } }).png().toBuffer();
  const draft = await sharp(fs.readFileSync(referencePath)).composite([{ input: box, left: Math.floor(width! / 3), top: Math.floor(height! / 3) }]).png().toBuffer();
  const res = await request(h.app).post(`/api/jobs/${job.id}/steps/draft/submissions`).set(auth(await h.login('vendor-a')))
    .attach('banner', draft, { filename: `${job.code}_banner_v01.png`, contentType: 'image/png' });
  expect(res.status).toBe(201);
  await waitForActive(h, job.id, 'review');
  draftFileId = (await h.test.db.prisma.deliverableVersion.findFirstOrThrow({ where: { jobId: job.id } })).fileId;
  draftPath = await h.storage.localPath((await h.test.db.prisma.storedFile.findUniqueOrThrow({ where: { id: draftFileId }, include: { blob: true } })).blob.storageKey);
});

afterAll(async () => {
  await h?.close();
});

const artefactFiles = (resultId: string) => h.test.db.prisma.checkResult.findUniqueOrThrow({ where: { id: resultId } })
  .then((r) => (r.artefacts as Array<{ kind: string; fileId?: string }>).map((a) => [a.kind, a.fileId ?? null]));

test('the first open builds the diff and overlay images the verdict path used to build, byte for byte, and records them on the result', async () => {
  const resultId = await lazyVisualResult(h, job.id, h.ids.referenceFileId, draftFileId);
  expect(await artefactFiles(resultId)).toEqual([['diff', null], ['overlay', null]]);
  const eager = await runVisualCheck({ reference: referencePath, draft: draftPath, resize: 'fit', returnImages: true });
  expect(eager.diffPixels).toBeGreaterThan(1000);
  const vendor = await h.login('vendor-a');
  const diff = await request(h.app).get(`/api/jobs/${job.id}/checks/${resultId}/artefacts/diff`).set(auth(vendor)).buffer(true);
  expect(diff.status).toBe(200);
  expect(diff.headers['content-type']).toBe('image/png');
  expect(Buffer.compare(diff.body as Buffer, eager.images!.diff)).toBe(0);
  const overlay = await request(h.app).get(`/api/jobs/${job.id}/checks/${resultId}/artefacts/overlay`).set(auth(await h.login('qa'))).buffer(true);
  expect(Buffer.compare(overlay.body as Buffer, eager.images!.overlay)).toBe(0);
  const recorded = await artefactFiles(resultId);
  expect(recorded.map(([kind, id]) => [kind, typeof id])).toEqual([['diff', 'string'], ['overlay', 'string']]);
  const files = await h.test.db.prisma.storedFile.findMany({ where: { id: { in: recorded.map(([, id]) => id!) } }, select: { orgId: true, originalName: true } });
  expect(files.map((f) => [f.orgId, f.originalName]).sort()).toEqual([
    [h.ids.orgs['Vendor A'], `${job.code}_banner_v01.diff.png`], [h.ids.orgs['Vendor A'], `${job.code}_banner_v01.overlay.png`],
  ]);
});

test('a second open is served from storage: the same bytes, the same recorded file, no new file', async () => {
  const resultId = await lazyVisualResult(h, job.id, h.ids.referenceFileId, draftFileId);
  const qa = await h.login('qa');
  const first = await request(h.app).get(`/api/jobs/${job.id}/checks/${resultId}/artefacts/diff`).set(auth(qa)).buffer(true);
  const recorded = await artefactFiles(resultId);
  const filesBefore = await h.test.db.prisma.storedFile.count();
  const second = await request(h.app).get(`/api/jobs/${job.id}/checks/${resultId}/artefacts/diff`).set(auth(qa)).buffer(true);
  expect(second.status).toBe(200);
  expect(Buffer.compare(second.body as Buffer, first.body as Buffer)).toBe(0);
  expect(await artefactFiles(resultId)).toEqual(recorded);
  expect(await h.test.db.prisma.storedFile.count()).toBe(filesBefore);
  const listed = await request(h.app).get(`/api/jobs/${job.id}/checks`).set(auth(qa));
  expect(listed.status).toBe(200);
});

test('concurrent first opens in one process build once and all get the same bytes', async () => {
  const resultId = await lazyVisualResult(h, job.id, h.ids.referenceFileId, draftFileId);
  const filesBefore = await h.test.db.prisma.storedFile.count();
  const qa = await h.login('qa');
  const answers = await Promise.all([0, 1, 2].map(() => request(h.app).get(`/api/jobs/${job.id}/checks/${resultId}/artefacts/diff`).set(auth(qa)).buffer(true)));
  expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
  expect(answers.map((a) => Buffer.compare(a.body as Buffer, answers[0]!.body as Buffer))).toEqual([0, 0, 0]);
  expect(await h.test.db.prisma.storedFile.count()).toBe(filesBefore + 2);
});

test('concurrent first opens in two processes record one pair of files, and both answer with it', async () => {
  const resultId = await lazyVisualResult(h, job.id, h.ids.referenceFileId, draftFileId);
  const filesBefore = await h.test.db.prisma.storedFile.count();
  const owner = await h.test.db.prisma.job.findUniqueOrThrow({ where: { id: job.id }, select: { id: true, vendorOrgId: true, ownerId: true } });
  // two limiters: what two API processes hold (no shared promise between them)
  const open = () => checkArtefactFileId({ prisma: h.test.db.prisma, storage: h.storage, limiter: createComputeLimiter(2, 8), maxMegapixels: 40, job: owner }, resultId, 'diff');
  const [a, b] = await Promise.all([open(), open()]);
  expect(a).toBe(b);
  expect((await artefactFiles(resultId))[0]).toEqual(['diff', a]);
  expect(await h.test.db.prisma.storedFile.count()).toBe(filesBefore + 2);
});

test('a vendor of another organisation, and a result of another job, get 404 and build nothing', async () => {
  const resultId = await lazyVisualResult(h, job.id, h.ids.referenceFileId, draftFileId);
  const other = await request(h.app).get(`/api/jobs/${job.id}/checks/${resultId}/artefacts/diff`).set(auth(await h.login('vendor-b')));
  expect(other.status).toBe(404);
  const otherJob = await startJob(h, 'lazy-artefacts');
  const elsewhere = await request(h.app).get(`/api/jobs/${otherJob.id}/checks/${resultId}/artefacts/diff`).set(auth(await h.login('vendor-a')));
  expect(elsewhere.status).toBe(404);
  expect(await artefactFiles(resultId)).toEqual([['diff', null], ['overlay', null]]);
});
