/**
 * Vendor KPIs and the overview are computed from the read model: a hand-built
 * dataset (jobs, step runs, reviews written directly, no workflows) gives
 * exact numbers. Also: step titles in job reads, and QA reviews as the vendor
 * sees them.
 */
import request from 'supertest';
import type { Prisma } from '../../platform/db/prisma-types';
import { databaseKinds, startAppHarness, type AppHarness } from '../support/app-harness';
import { auth } from '../support/api-fixtures';

jest.setTimeout(180_000);

const t = (iso: string) => new Date(`2026-${iso}Z`);

describe.each(databaseKinds())('on %s', (kind) => {
  let h: AppHarness;
  let manager: string;
  const id = (name: string) => `${kind}-${name}`;

  beforeAll(async () => {
    h = await startAppHarness(kind);
    manager = await h.login('manager');
    const prisma = h.test.db.prisma;
    const [a, b] = [h.ids.orgs['Vendor A']!, h.ids.orgs['Vendor B']!];
    const { owner, qa } = h.ids.users;
    const vendorA = h.ids.users['vendor-a']!;
    const job = (name: string, vendorOrgId: string, createdAt: string, completedAt?: string): Prisma.JobCreateManyInput => ({
      id: id(name), code: id(name), title: `Job ${name}`, sopKey: 'store-decoration', sopVersion: 1, vendorOrgId, ownerId: owner!, workflowId: `wf-${id(name)}`,
      status: completedAt ? 'completed' : 'running', createdAt: t(createdAt), completedAt: completedAt ? t(completedAt) : null, assignees: { owner: owner!, qa: qa! },
    });
    await prisma.job.createMany({
      data: [
        job('J1', a, '03-01T00:00:00', '03-03T00:00:00'), // 48 h
        job('J2', a, '03-05T00:00:00', '03-06T00:00:00'), // 24 h
        job('J3', a, '03-10T00:00:00'),
        job('J4', a, '02-20T00:00:00', '03-02T00:00:00'), // started before the window, 240 h
        job('J5', a, '03-20T00:00:00'),
        job('K1', b, '03-15T00:00:00', '03-16T12:00:00'), // 36 h
      ],
    });
    const step = (name: string, nodeId: string, type: string, round: number, s: { activated: string; due?: string; completed?: string; outcome?: string; role?: string; userId?: string }): Prisma.StepRunCreateManyInput => ({
      jobId: id(name), nodeId, type, round, status: s.completed ? 'done' : 'active', activatedAt: t(s.activated), dueAt: s.due ? t(s.due) : null,
      completedAt: s.completed ? t(s.completed) : null, outcome: s.outcome ?? null, assigneeRole: s.role ?? null, assigneeUserId: s.userId ?? null,
    });
    await prisma.stepRun.createMany({
      data: [
        step('J1', 'draft', 'task', 1, { activated: '03-01T00:00:00', due: '03-02T00:00:00', completed: '03-01T12:00:00', outcome: 'submitted', role: 'vendor' }), // on time
        step('J1', 'auto', 'check', 1, { activated: '03-01T12:00:00', completed: '03-01T12:01:00', outcome: 'failed' }),
        step('J1', 'draft', 'task', 2, { activated: '03-01T12:01:00', due: '03-02T12:00:00', completed: '03-02T18:00:00', outcome: 'submitted', role: 'vendor' }), // late
        step('J1', 'auto', 'check', 2, { activated: '03-02T18:00:00', completed: '03-02T18:01:00', outcome: 'passed' }),
        step('J1', 'qa', 'review', 1, { activated: '03-02T18:01:00', due: '03-03T18:00:00', completed: '03-03T00:00:00', outcome: 'approved', role: 'qa' }),
        step('J2', 'draft', 'task', 1, { activated: '03-05T00:00:00', due: '03-06T00:00:00', completed: '03-05T10:00:00', outcome: 'submitted', role: 'vendor' }), // on time
        step('J2', 'extra', 'task', 1, { activated: '03-05T00:00:00', completed: '03-05T11:00:00', outcome: 'submitted', role: 'vendor' }), // no due time: not measured
        step('J2', 'auto', 'check', 1, { activated: '03-05T10:00:00', completed: '03-05T10:01:00', outcome: 'passed' }),
        step('J2', 'qa', 'review', 1, { activated: '03-05T10:01:00', completed: '03-05T12:00:00', outcome: 'rejected', role: 'qa' }),
        step('J2', 'qa', 'review', 2, { activated: '03-05T14:00:00', completed: '03-06T00:00:00', outcome: 'approved', role: 'qa' }),
        step('J3', 'draft', 'task', 1, { activated: '03-10T00:00:00', due: '03-12T00:00:00', role: 'vendor', userId: vendorA }), // open, overdue
        step('J4', 'draft', 'task', 1, { activated: '02-20T00:00:00', due: '02-21T00:00:00', completed: '02-22T00:00:00', outcome: 'submitted', role: 'vendor' }), // before the window
        step('J4', 'auto', 'check', 1, { activated: '02-22T00:00:00', completed: '02-22T00:01:00', outcome: 'failed' }), // before the window
        step('J5', 'qa', 'review', 1, { activated: '03-20T00:00:00', due: '03-21T00:00:00', role: 'qa' }), // open, overdue, not the vendor's
        step('K1', 'draft', 'task', 1, { activated: '03-15T00:00:00', due: '03-16T00:00:00', completed: '03-15T08:00:00', outcome: 'submitted', role: 'vendor' }),
        step('K1', 'auto', 'check', 1, { activated: '03-15T08:00:00', completed: '03-15T08:01:00', outcome: 'passed' }),
      ],
    });
    await prisma.review.createMany({
      data: [
        { jobId: id('J1'), nodeId: 'qa', round: 1, reviewerId: qa!, decision: 'rejected', reasons: ['WRONG_SIZE', 'TEXT_ERROR'], comment: '尺寸应为 1920×600', createdAt: t('03-02T00:00:00') },
        { jobId: id('J1'), nodeId: 'qa', round: 2, reviewerId: qa!, decision: 'approved', reasons: [], comment: null, createdAt: t('03-03T00:00:00') },
        { jobId: id('J2'), nodeId: 'qa', round: 1, reviewerId: qa!, decision: 'rejected', reasons: ['WRONG_SIZE'], comment: null, createdAt: t('03-05T12:00:00') },
        { jobId: id('J4'), nodeId: 'qa', round: 1, reviewerId: qa!, decision: 'rejected', reasons: ['OFF_BRAND'], comment: null, createdAt: t('02-21T00:00:00') }, // before the window
      ],
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  test('vendor KPIs over March count what happened in March, per vendor organisation', async () => {
    const res = await request(h.app).get('/api/analytics/vendors?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z').set(auth(manager));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
      vendors: [
        {
          org: { id: h.ids.orgs['Vendor A'], name: 'Vendor A' },
          jobsStarted: 4, jobsCompleted: 3,
          onTimeRate: 0.6667, onTime: { onTime: 2, due: 3 },
          avgDeliveryCycleHours: 104,
          firstPassRate: 0.5, firstPass: { passed: 1, checked: 2 },
          avgReworkRounds: 0.67,
          overdueOpenSteps: 1,
          rejections: 2,
          delayCauses: [{ code: 'WRONG_SIZE', label: '尺寸不符', count: 2 }, { code: 'TEXT_ERROR', label: '文案错误', count: 1 }],
        },
        {
          org: { id: h.ids.orgs['Vendor B'], name: 'Vendor B' },
          jobsStarted: 1, jobsCompleted: 1,
          onTimeRate: 1, onTime: { onTime: 1, due: 1 },
          avgDeliveryCycleHours: 36,
          firstPassRate: 1, firstPass: { passed: 1, checked: 1 },
          avgReworkRounds: 0,
          overdueOpenSteps: 0,
          rejections: 0,
          delayCauses: [],
        },
      ],
    });
  });

  test('dates without a time are whole days in the caller\'s time zone (Asia/Shanghai), both ends included', async () => {
    const res = await request(h.app).get('/api/analytics/vendors?from=2026-03-01&to=2026-03-31').set(auth(manager));
    expect(res.status).toBe(200);
    expect([res.body.from, res.body.to]).toEqual(['2026-02-28T16:00:00.000Z', '2026-03-31T16:00:00.000Z']);
  });

  test('a window that ends before it starts answers 400; vendors may not read analytics (403)', async () => {
    const backwards = await request(h.app).get('/api/analytics/vendors?from=2026-04-01&to=2026-03-01').set(auth(manager));
    expect(backwards.status).toBe(400);
    expect(backwards.body).toMatchObject({ detail: '`from` must be before `to`.', errors: [{ path: 'query/from', message: '2026-03-31T16:00:00.000Z is not before 2026-03-01T16:00:00.000Z' }] });
    const vendor = await request(h.app).get('/api/analytics/vendors').set(auth(await h.login('vendor-a')));
    expect(vendor.status).toBe(403);
  });

  test('a window of a whole year (366 days) answers; one of 367 days or more answers 422 analytics-range-too-long', async () => {
    const year = await request(h.app).get('/api/analytics/vendors?from=2025-03-01T00:00:00Z&to=2026-03-02T00:00:00Z').set(auth(manager));
    expect(year.status).toBe(200);
    const tooLong = await request(h.app).get('/api/analytics/vendors?from=2025-03-01T00:00:00Z&to=2026-03-02T00:00:00.001Z').set(auth(manager));
    expect(tooLong.status).toBe(422);
    expect(tooLong.body).toMatchObject({
      type: 'urn:sop:problem:analytics-range-too-long',
      detail: 'The window from 2025-03-01T00:00:00.000Z to 2026-03-02T00:00:00.001Z is longer than 366 days: ask for a year or less at a time.',
      errors: [{ path: 'query/from', message: 'at most 366 days before `to`' }],
    });
    const decades = await request(h.app).get('/api/analytics/vendors?from=1970-01-01&to=2026-03-01').set(auth(manager));
    expect([decades.status, decades.body.type]).toEqual([422, 'urn:sop:problem:analytics-range-too-long']);
  });

  test('the overview counts jobs by status overall and per vendor organisation, lists overdue steps most late first with who is assigned, and a 30-day burndown', async () => {
    const res = await request(h.app).get('/api/analytics/overview').set(auth(manager));
    expect(res.status).toBe(200);
    const at = Date.parse(res.body.at as string);
    const late = (due: string) => Number(((at - t(due).getTime()) / 3_600_000).toFixed(2));
    expect(res.body.jobsByStatus).toEqual({ running: 2, completed: 4, cancelled: 0, failed: 0, stuck: 0 });
    const byVendor = new Map((res.body.byVendor as Array<{ vendorOrg: { id: string; name: string } }>).map((v) => [v.vendorOrg.name, v]));
    expect(byVendor.get('Vendor A')).toEqual({ vendorOrg: { id: h.ids.orgs['Vendor A'], name: 'Vendor A' }, jobsByStatus: { running: 2, completed: 3, cancelled: 0, failed: 0, stuck: 0 }, overdueSteps: 2 });
    expect(byVendor.get('Vendor B')).toEqual({ vendorOrg: { id: h.ids.orgs['Vendor B'], name: 'Vendor B' }, jobsByStatus: { running: 0, completed: 1, cancelled: 0, failed: 0, stuck: 0 }, overdueSteps: 0 });
    expect(res.body.overdue).toEqual([
      {
        job: { id: id('J3'), code: id('J3'), title: 'Job J3', vendorOrg: { id: h.ids.orgs['Vendor A'], name: 'Vendor A' } },
        nodeId: 'draft', stepTitle: '外包方提交设计稿', type: 'task', round: 1, dueAt: '2026-03-12T00:00:00.000Z', lateHours: late('03-12T00:00:00'),
        assignee: { role: 'vendor', userId: h.ids.users['vendor-a'], name: '外包方 A' },
      },
      {
        job: { id: id('J5'), code: id('J5'), title: 'Job J5', vendorOrg: { id: h.ids.orgs['Vendor A'], name: 'Vendor A' } },
        nodeId: 'qa', stepTitle: 'QA 审核', type: 'review', round: 1, dueAt: '2026-03-21T00:00:00.000Z', lateHours: late('03-21T00:00:00'),
        assignee: { role: 'qa', userId: h.ids.users.qa, name: '质检 Quinn' },
      },
    ]);
    expect(res.body.burndown).toHaveLength(30);
    expect(new Set((res.body.burndown as Array<{ open: number }>).map((d) => d.open))).toEqual(new Set([2]));
    expect((res.body.burndown as Array<{ date: string }>).at(-1)!.date).toBe(new Date(at + 8 * 3_600_000).toISOString().slice(0, 10));
  });

  test('job reads carry step titles from the SOP version', async () => {
    const one = await request(h.app).get(`/api/jobs/${id('J1')}`).set(auth(manager));
    expect((one.body.steps as Array<{ nodeId: string; round: number; title: string | null }>).map((s) => [s.nodeId, s.round, s.title])).toEqual([
      ['draft', 1, '外包方提交设计稿'], ['auto', 1, '自动检查'], ['draft', 2, '外包方提交设计稿'], ['auto', 2, '自动检查'], ['qa', 1, 'QA 审核'],
    ]);
    const list = await request(h.app).get(`/api/jobs?status=running&vendorOrgId=${h.ids.orgs['Vendor A']!}`).set(auth(await h.login('vendor-a')));
    const j3 = (list.body.items as Array<{ id: string; activeSteps: unknown[] }>).find((j) => j.id === id('J3'))!;
    expect(j3.activeSteps).toEqual([{ nodeId: 'draft', title: '外包方提交设计稿', type: 'task', round: 1, dueAt: '2026-03-12T00:00:00.000Z', assigneeRole: 'vendor' }]);
  });

  test('the vendor reads QA decisions on its job: reason codes with labels, comment, reviewer and round', async () => {
    const res = await request(h.app).get(`/api/jobs/${id('J1')}/reviews`).set(auth(await h.login('vendor-a')));
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        id: expect.any(String), nodeId: 'qa', stepTitle: 'QA 审核', round: 1, decision: 'rejected',
        reasons: [{ code: 'WRONG_SIZE', label: '尺寸不符' }, { code: 'TEXT_ERROR', label: '文案错误' }],
        comment: '尺寸应为 1920×600', reviewer: { id: h.ids.users.qa, name: '质检 Quinn' }, at: '2026-03-02T00:00:00.000Z',
      },
      { id: expect.any(String), nodeId: 'qa', stepTitle: 'QA 审核', round: 2, decision: 'approved', reasons: [], comment: null, reviewer: { id: h.ids.users.qa, name: '质检 Quinn' }, at: '2026-03-03T00:00:00.000Z' },
    ]);
    const other = await request(h.app).get(`/api/jobs/${id('J1')}/reviews`).set(auth(await h.login('vendor-b')));
    expect(other.status).toBe(404);
  });
});
