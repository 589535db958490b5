/**
 * The delay-risk scoring pass against a real database: risks are written for
 * active vendor steps, a `step.at_risk` notice reaches the owner and the bound
 * manager exactly once per step run (never the vendor), and retraining without
 * enough history stores a `not_enough_history` model.
 */
import os from 'node:os';
import { recordEventsActivity } from '../../activities/record-events';
import { RISK_FEATURES } from '../../core/risk/features';
import { MIN_FINISHED_STEPS } from '../../core/risk/dataset';
import type { RiskModel } from '../../core/risk/model';
import { retrainRiskModel } from '../../platform/risk/retrain';
import { scoreActiveSteps } from '../../platform/risk/score-pass';
import { LocalFileStorage } from '../../platform/storage/file-storage';
import { openTestDatabase, type TestDatabase } from '../support/test-database';

jest.setTimeout(60_000);

let test: TestDatabase;
const now = new Date('2026-03-02T03:00:00.000Z');

beforeAll(async () => {
  test = await openTestDatabase();
  const prisma = test.db.prisma;
  await prisma.org.create({ data: { id: 'buyer', name: 'Buyer', kind: 'internal' } });
  await prisma.org.create({ data: { id: 'vendor-org', name: 'Vendor', kind: 'vendor' } });
  for (const [id, roles, orgId] of [['owner-1', ['owner'], 'buyer'], ['manager-1', ['manager'], 'buyer'], ['vendor-1', ['vendor'], 'vendor-org']] as const) {
    await prisma.user.create({ data: { id, email: `${id}@risk.test`, name: id, passwordHash: '!', roles: [...roles], orgId, notificationChannels: ['inbox'] } });
  }
  await prisma.sop.create({ data: { key: 'risk-sop', name: 'Risk SOP', ownerId: 'owner-1' } });
  await prisma.sopVersion.create({
    data: { sopKey: 'risk-sop', version: 1, definition: { key: 'risk-sop', timezone: 'Asia/Shanghai', nodes: [{ id: 'make', type: 'task', title: 'Make it' }] }, plan: {}, publishedById: 'owner-1' },
  });
  await prisma.job.create({
    data: {
      id: 'job-1', code: 'RISK-1', title: 'Risky job', sopKey: 'risk-sop', sopVersion: 1, vendorOrgId: 'vendor-org', ownerId: 'owner-1', workflowId: 'risk-wf-1',
      assignees: { owner: 'owner-1', manager: 'manager-1', vendor: 'vendor-1' },
    },
  });
  const recordEvents = recordEventsActivity({ db: test.db, storage: new LocalFileStorage(os.tmpdir()), ocrPool: () => { throw new Error('unused'); }, publicUrl: 'http://risk.test' });
  const activatedAt = now.getTime() - 3 * 86_400_000;
  await recordEvents({
    jobId: 'job-1',
    events: [{
      kind: 'step', at: activatedAt,
      step: { nodeId: 'make', type: 'task', round: 1, status: 'active', activatedAt, dueAt: now.getTime() + 86_400_000, assigneeRole: 'vendor', deadlineEpoch: 0, reminders: [], escalations: [] },
    }],
  });
});

afterAll(async () => {
  await test?.cleanup();
});

let trainings = 0;
/** A hand-set model, newer than any before: the intercept alone decides (every feature weight 0). */
async function storeModel(intercept: number, threshold: number): Promise<void> {
  const width = RISK_FEATURES.length;
  const model: RiskModel = { kind: 'logistic-v1', features: [...RISK_FEATURES], mean: new Array(width).fill(0), std: new Array(width).fill(1), weights: [intercept, ...new Array(width).fill(0)], threshold };
  await test.db.prisma.riskModel.create({ data: { status: 'trained', model: model as unknown as object, finishedSteps: 500, trainedAt: new Date(now.getTime() + ++trainings * 1000) } });
}

const atRiskRows = () => test.db.prisma.notification.findMany({ where: { kind: 'step.at_risk' }, orderBy: { userId: 'asc' }, select: { userId: true, channel: true, nodeId: true, round: true } });

describe('delay-risk scoring pass', () => {
  it('stores "not enough history" when fewer steps than the minimum have finished, and scores nothing under it', async () => {
    const retrained = await retrainRiskModel(test.db, now);
    expect(retrained).toMatchObject({ status: 'not_enough_history', finishedSteps: 0, threshold: null });
    expect(MIN_FINISHED_STEPS).toBe(200);
    expect(await scoreActiveSteps(test.db, { publicUrl: 'http://risk.test', now })).toEqual({ status: 'not_enough_history', scored: 0, atRisk: 0, notified: 0 });
    expect(await test.db.prisma.stepRisk.count()).toBe(0);
  });

  it('writes the risk of an active vendor step below the threshold without a notice', async () => {
    await storeModel(-2, 0.5);
    const result = await scoreActiveSteps(test.db, { publicUrl: 'http://risk.test', now });
    expect(result).toMatchObject({ status: 'scored', scored: 1, atRisk: 0, notified: 0 });
    const risk = await test.db.prisma.stepRisk.findFirstOrThrow();
    expect({ jobId: risk.jobId, probability: risk.probability, atRisk: risk.atRisk, notifiedAt: risk.notifiedAt }).toEqual({ jobId: 'job-1', probability: 0.1192, atRisk: false, notifiedAt: null });
    expect(await atRiskRows()).toEqual([]);
  });

  it('sends step.at_risk to the owner and the manager once when the risk crosses the threshold, however often it is scored', async () => {
    await storeModel(2, 0.5);
    expect(await scoreActiveSteps(test.db, { publicUrl: 'http://risk.test', now })).toMatchObject({ scored: 1, atRisk: 1, notified: 1 });
    expect(await scoreActiveSteps(test.db, { publicUrl: 'http://risk.test', now: new Date(now.getTime() + 900_000) })).toMatchObject({ scored: 1, atRisk: 1, notified: 0 });
    expect(await atRiskRows()).toEqual([
      { userId: 'manager-1', channel: 'inbox', nodeId: 'make', round: 1 },
      { userId: 'owner-1', channel: 'inbox', nodeId: 'make', round: 1 },
    ]);
    const risk = await test.db.prisma.stepRisk.findFirstOrThrow();
    expect({ probability: risk.probability, atRisk: risk.atRisk, notifiedAt: risk.notifiedAt?.toISOString() }).toEqual({ probability: 0.8808, atRisk: true, notifiedAt: now.toISOString() });
  });
});
