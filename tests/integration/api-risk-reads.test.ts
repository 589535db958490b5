/**
 * Reading delay risk through the API: `GET /api/analytics/risk` lists the
 * at-risk active steps with their job id and level, `GET /api/jobs/:id` gives
 * staff each active step's risk (null when unscored) and vendors no `risk` key,
 * and vendors are refused the list (403).
 */
import request from 'supertest';
import { RISK_FEATURES } from '../../core/risk/features';
import type { RiskModel } from '../../core/risk/model';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { auth, publishSop, startJob, strictSop } from '../support/api-fixtures';

jest.setTimeout(180_000);

const SOP = 'risk-reads';
let h: AppHarness;
let job: { id: string; code: string };

beforeAll(async () => {
  h = await startAppHarness('embedded');
  await publishSop(h, strictSop(SOP));
  job = await startJob(h, SOP);
  const width = RISK_FEATURES.length;
  const model: RiskModel = { kind: 'logistic-v1', features: [...RISK_FEATURES], mean: new Array(width).fill(0), std: new Array(width).fill(1), weights: [0, ...new Array(width).fill(0)], threshold: 0.6 };
  const prisma = h.test.db.prisma;
  const stored = await prisma.riskModel.create({ data: { status: 'trained', model: model as unknown as object, finishedSteps: 500 } });
  const draft = await prisma.stepRun.findFirstOrThrow({ where: { jobId: job.id, nodeId: 'draft', status: 'active' } });
  await prisma.stepRisk.create({
    data: { stepRunId: draft.id, jobId: job.id, probability: 0.85, atRisk: true, factors: [{ feature: 'vendorLateRate', contribution: 1.2 }], modelId: stored.id, scoredAt: new Date('2026-03-02T03:00:00.000Z') },
  });
});
afterAll(async () => {
  await h?.close();
});

test('the at-risk list names each step with its job id and level (0.85 against a 0.6 threshold is critical)', async () => {
  const res = await request(h.app).get('/api/analytics/risk').set(auth(await h.login('manager')));
  expect(res.status).toBe(200);
  expect(res.body.model).toMatchObject({ status: 'trained', threshold: 0.6 });
  expect(res.body.items).toEqual([{
    jobId: job.id, job: { id: job.id, code: job.code, title: `Job ${job.code}`, sopKey: SOP }, nodeId: 'draft', round: 1, dueAt: null,
    probability: 0.85, level: 'critical', factors: [{ feature: 'vendorLateRate', contribution: 1.2 }], scoredAt: '2026-03-02T03:00:00.000Z',
  }]);
  expect(res.body.nextCursor).toBeNull();
});

test("staff read the risk on the job's active step; vendors get the job without any risk key, and 403 for the list", async () => {
  const staff = await request(h.app).get(`/api/jobs/${job.id}`).set(auth(await h.login('owner')));
  expect(staff.status).toBe(200);
  const draft = (staff.body.steps as Array<{ nodeId: string; risk?: unknown }>).find((s) => s.nodeId === 'draft');
  expect(draft?.risk).toEqual({ probability: 0.85, level: 'critical', atRisk: true, factors: [{ feature: 'vendorLateRate', contribution: 1.2 }], scoredAt: '2026-03-02T03:00:00.000Z' });
  const vendorToken = await h.login('vendor-a');
  const vendor = await request(h.app).get(`/api/jobs/${job.id}`).set(auth(vendorToken));
  expect(vendor.status).toBe(200);
  expect((vendor.body.steps as object[]).every((s) => !('risk' in s))).toBe(true);
  const list = await request(h.app).get('/api/analytics/risk').set(auth(vendorToken));
  expect([list.status, list.body.type]).toEqual([403, 'urn:sop:problem:forbidden']);
});

test("the job's step risk is told against the newest model's threshold, and against 0.5 when the newest model has none", async () => {
  const prisma = h.test.db.prisma;
  const width = RISK_FEATURES.length;
  const strict: RiskModel = { kind: 'logistic-v1', features: [...RISK_FEATURES], mean: new Array(width).fill(0), std: new Array(width).fill(1), weights: [0, ...new Array(width).fill(0)], threshold: 0.95 };
  const levelNow = async () => {
    const res = await request(h.app).get(`/api/jobs/${job.id}`).set(auth(await h.login('manager')));
    return (res.body.steps as Array<{ nodeId: string; risk?: { level: string } }>).find((s) => s.nodeId === 'draft')?.risk?.level;
  };
  await prisma.riskModel.create({ data: { status: 'trained', model: strict as unknown as object, finishedSteps: 600, trainedAt: new Date(Date.now() + 60_000) } });
  expect(await levelNow()).toBe('medium');
  await prisma.riskModel.create({ data: { status: 'not_enough_history', finishedSteps: 3, trainedAt: new Date(Date.now() + 120_000) } });
  expect(await levelNow()).toBe('critical');
});
