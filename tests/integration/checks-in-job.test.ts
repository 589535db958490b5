/**
 * Automatic checks inside a real job: the demo SOP's check node runs naming,
 * visual diff, OCR and checklist activities on what the vendor uploaded, stores
 * figures and diff images, and routes a failing draft back to the vendor.
 */
import request from 'supertest';
import { renderDemoBanner } from '../../platform/seed/demo-tenant';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { waitFor } from '../support/wait-for';

let h: AppHarness;
beforeAll(async () => {
  h = await startAppHarness('embedded');
});
afterAll(async () => {
  await h?.close();
});

interface CheckRow { kind: string; round: number; passed: boolean; reasons: Array<{ code: string }>; figures: Record<string, any>; artefacts: Array<{ kind: string; fileId?: string; url: string }> }

test('a wrongly named draft with the wrong headline fails naming, visual and OCR checks and goes back to the vendor; the right one passes to QA', async () => {
  const owner = await h.login('owner');
  const started = await request(h.app).post('/api/jobs').set('Authorization', `Bearer ${owner}`).send({
    sop: 'store-decoration', code: 'DEMO-7', title: '双十一首页横幅', vendorOrgId: h.ids.orgs['Vendor A'],
    assignees: { qa: h.ids.users.qa, manager: h.ids.users.manager }, references: { banner: h.ids.referenceFileId },
  });
  expect(started.status).toBe(201);
  const id = started.body.id as string;
  const vendor = await h.login('vendor-a');
  const draftRound = (round: number) =>
    waitFor(async () => {
      const res = await request(h.app).get(`/api/jobs/${id}`).set('Authorization', `Bearer ${vendor}`);
      return res.body.steps?.some((s: { nodeId: string; round: number; status: string }) => s.nodeId === 'draft' && s.round === round && s.status !== 'done') ? true : undefined;
    }, 60_000);
  await draftRound(1);

  const wrong = await request(h.app)
    .post(`/api/jobs/${id}/steps/draft/submissions`)
    .set('Authorization', `Bearer ${vendor}`)
    .attach('banner', await renderDemoBanner('双十二 全场8折'), { filename: 'banner-final.png', contentType: 'image/png' })
    .field('checklist', JSON.stringify({ size: true, layers: true }));
  expect(wrong.status).toBe(201);
  expect(wrong.body.naming[0].passed).toBe(false);
  expect(wrong.body.naming[0].example).toBe('DEMO-7_banner_v01.png');

  await draftRound(2);
  const checks = async () => (await request(h.app).get(`/api/jobs/${id}/checks`).set('Authorization', `Bearer ${vendor}`)).body.items as CheckRow[];
  const round1 = (await checks()).filter((c) => c.round === 1);
  const byKind = Object.fromEntries(round1.map((c) => [c.kind, c]));
  expect(Object.keys(byKind).sort()).toEqual(['checklist', 'naming', 'ocr', 'visual']);
  expect(byKind.naming!.passed).toBe(false);
  expect(byKind.checklist!.passed).toBe(true);
  expect(byKind.visual!.passed).toBe(false);
  expect(byKind.visual!.figures.diffPixels).toBeGreaterThan(1000);
  expect(byKind.visual!.figures.regions.length).toBeGreaterThan(0);
  expect(byKind.visual!.artefacts.map((a) => a.kind)).toEqual(['diff', 'overlay']);
  expect(byKind.ocr!.passed).toBe(false);
  expect(byKind.ocr!.reasons.map((r) => [r.code, (r as { phrase?: string }).phrase])).toEqual([['TEXT_MISSING', '双十一'], ['TEXT_MISSING', '5折']]);
  // the verdict path built no image: the diff is built on its first open, then listed with its stored file
  expect(byKind.visual!.artefacts.map((a) => a.fileId ?? null)).toEqual([null, null]);
  const diff = await request(h.app).get(byKind.visual!.artefacts[0]!.url).set('Authorization', `Bearer ${vendor}`);
  expect(diff.status).toBe(200);
  expect(diff.headers['content-type']).toBe('image/png');
  const opened = (await checks()).find((c) => c.round === 1 && c.kind === 'visual')!;
  const stored = await request(h.app).get(`/api/files/${opened.artefacts[0]!.fileId}/content`).set('Authorization', `Bearer ${vendor}`).buffer(true);
  expect(Buffer.compare(stored.body as Buffer, diff.body as Buffer)).toBe(0);

  const right = await request(h.app)
    .post(`/api/jobs/${id}/steps/draft/submissions`)
    .set('Authorization', `Bearer ${vendor}`)
    .attach('banner', await renderDemoBanner(), { filename: 'DEMO-7_banner_v02.png', contentType: 'image/png' })
    .field('checklist', JSON.stringify({ size: true, layers: true }));
  expect(right.status).toBe(201);
  expect(right.body.files[0]).toMatchObject({ version: 2, name: 'DEMO-7_banner_v02.png' });
  expect(right.body.naming[0]).toMatchObject({ passed: true, reasons: [] });

  const qa = await h.login('qa');
  await waitFor(async () => {
    const res = await request(h.app).get(`/api/jobs/${id}`).set('Authorization', `Bearer ${qa}`);
    return res.body.activeSteps?.includes('qa') ? true : undefined;
  }, 60_000);
  const round2 = (await checks()).filter((c) => c.round === 2);
  expect(round2.map((c) => [c.kind, c.passed]).sort()).toEqual([['checklist', true], ['naming', true], ['ocr', true], ['visual', true]]);
  expect(round2.find((c) => c.kind === 'visual')!.figures.diffPixels).toBe(0);
  const files = await request(h.app).get(`/api/jobs/${id}/files`).set('Authorization', `Bearer ${vendor}`);
  expect(files.body.versions.map((v: { version: number; name: string }) => [v.version, v.name])).toEqual([[1, 'banner-final.png'], [2, 'DEMO-7_banner_v02.png']]);
});
