/**
 * Check results are cached by file bytes and check configuration — within one
 * vendor organisation only. Two vendors who submit the same bytes each get a
 * visual check of their own, with diff images that belong to them (another
 * vendor's cached result would hand them file ids of the first vendor).
 */
import fs from 'node:fs';
import request from 'supertest';
import type { SopDefinition } from '../../core/sop/types';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { auth, publishSop, uniqueCode } from '../support/api-fixtures';
import { sop } from '../support/sop-builder';
import { waitFor } from '../support/wait-for';

jest.setTimeout(180_000);

const VISUAL_SOP: SopDefinition = sop(
  [
    { id: 'start', type: 'start' },
    { id: 'draft', type: 'task', assignee: 'vendor', produces: ['banner'] },
    { id: 'auto', type: 'check', checks: [{ kind: 'visual', deliverable: 'banner', resize: 'fit' }] },
    { id: 'review', type: 'review', assignee: 'qa' },
    { id: 'end', type: 'end' },
  ],
  [
    { from: 'start', to: 'draft' },
    { from: 'draft', to: 'auto' },
    { from: 'auto', to: 'review', on: 'passed' },
    { from: 'auto', to: 'draft', on: 'failed' },
    { from: 'review', to: 'end', on: 'approved' },
    { from: 'review', to: 'draft', on: 'rejected' },
  ],
  { key: 'cache-scope', name: 'Cache scope' },
);

interface CheckRow { kind: string; artefacts: Array<{ kind: string; fileId?: string; url: string }> }

let h: AppHarness;
beforeAll(async () => {
  h = await startAppHarness('embedded');
  await publishSop(h, VISUAL_SOP);
});
afterAll(async () => {
  await h?.close();
});

/** Starts a job for `vendorOrg`, lets `vendorLogin` submit the reference bytes, and returns the visual check's row as that vendor sees it. */
async function visualCheckOf(vendorOrg: string, vendorLogin: string, bytes: Buffer): Promise<{ jobId: string; token: string; row: CheckRow }> {
  const owner = await h.login('owner');
  const code = uniqueCode('CACHE');
  const started = await request(h.app).post('/api/jobs').set(auth(owner)).send({
    sop: 'cache-scope', code, title: code, vendorOrgId: h.ids.orgs[vendorOrg],
    assignees: { vendor: h.ids.users[vendorLogin], qa: h.ids.users.qa }, references: { banner: h.ids.referenceFileId },
  });
  expect(started.status).toBe(201);
  const jobId = started.body.id as string;
  const token = await h.login(vendorLogin);
  await waitFor(async () => ((await request(h.app).get(`/api/jobs/${jobId}`).set(auth(token))).body.activeSteps?.includes('draft') ? true : undefined), 60_000);
  const submitted = await request(h.app).post(`/api/jobs/${jobId}/steps/draft/submissions`).set(auth(token)).attach('banner', bytes, { filename: `${code}_banner_v01.png`, contentType: 'image/png' });
  expect(submitted.status).toBe(201);
  const row = await waitFor(async () => {
    const res = await request(h.app).get(`/api/jobs/${jobId}/checks`).set(auth(token));
    return (res.body.items as CheckRow[] | undefined)?.find((c) => c.kind === 'visual');
  }, 60_000);
  return { jobId, token, row };
}

test('two vendors submitting the same bytes each get their own visual check, whose diff images they (and only they) can open', async () => {
  const reference = await h.test.db.prisma.storedFile.findUniqueOrThrow({ where: { id: h.ids.referenceFileId }, include: { blob: true } });
  const bytes = fs.readFileSync(await h.storage.localPath(reference.blob.storageKey));
  const a = await visualCheckOf('Vendor A', 'vendor-a', bytes);
  const b = await visualCheckOf('Vendor B', 'vendor-b', bytes);
  expect(a.row.artefacts.map((x) => x.kind)).toEqual(['diff', 'overlay']);
  expect(b.row.artefacts.map((x) => x.kind)).toEqual(['diff', 'overlay']);
  // the images are built on the first open of their URLs, each vendor's on their own job; not one of another vendor's
  for (const x of a.row.artefacts) expect((await request(h.app).get(x.url).set(auth(b.token))).status).toBe(404);
  for (const x of [...a.row.artefacts, ...b.row.artefacts]) expect((await request(h.app).get(x.url).set(auth(x === a.row.artefacts[0] || x === a.row.artefacts[1] ? a.token : b.token))).status).toBe(200);
  const built = async (v: typeof a) => ((await request(h.app).get(`/api/jobs/${v.jobId}/checks`).set(auth(v.token))).body.items as CheckRow[]).find((c) => c.kind === 'visual')!.artefacts.map((x) => x.fileId!);
  const aIds = await built(a);
  const bIds = await built(b);
  expect([...aIds, ...bIds].every((id) => typeof id === 'string')).toBe(true);
  expect(bIds.filter((id) => aIds.includes(id))).toEqual([]);
  for (const id of bIds) expect((await request(h.app).get(`/api/files/${id}/content`).set(auth(b.token))).status).toBe(200);
  for (const id of aIds) expect((await request(h.app).get(`/api/files/${id}/content`).set(auth(b.token))).status).toBe(404);
  const orgs = await h.test.db.prisma.storedFile.findMany({ where: { id: { in: bIds } }, select: { orgId: true } });
  expect(orgs.map((o) => o.orgId)).toEqual([h.ids.orgs['Vendor B'], h.ids.orgs['Vendor B']]);
});
