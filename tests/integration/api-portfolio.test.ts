/**
 * The portfolio view (项目总览) reads the read model: hand-built jobs and step
 * runs (no workflows) give exact planned/actual/overdue values, milestone flags
 * from the SOP version, paging past the first page, and a burndown of open
 * steps per day (the manager's zone is Asia/Shanghai) with its ideal line.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import request from 'supertest';
import { DateTime } from 'luxon';
import type { SopDefinition } from '../../core/sop/types';
import type { Prisma } from '../../platform/db/prisma-types';
import { databaseKinds, startAppHarness, type AppHarness } from '../support/app-harness';
import { auth, publishSop, strictSop } from '../support/api-fixtures';
import { MAX_STEPS_PER_JOB } from '../../api/portfolio/portfolio-read';

jest.setTimeout(180_000);

const t = (iso: string) => new Date(`2026-${iso}Z`);
const BULK_JOBS = 260;

interface Step { nodeId: string; round: number; status: string; plannedStart: string; plannedEnd: string | null; actualStart: string | null; actualEnd: string | null; overdue: boolean; milestone: boolean }
interface Job { id: string; code: string; steps: Step[] }

describe.each(databaseKinds())('on %s', (kind) => {
  let h: AppHarness;
  let manager: string;
  const id = (name: string) => `${kind}-pf-${name}`;
  const milestones = `pf-milestones-${kind}`.toLowerCase();
  const bulk = `pf-bulk-${kind}`.toLowerCase();

  beforeAll(async () => {
    h = await startAppHarness(kind);
    manager = await h.login('manager');
    const definition = JSON.parse(readFileSync(join(__dirname, '../fixtures/sop/valid/milestones.json'), 'utf8')) as SopDefinition;
    definition.nodes[1]!.title = '设计稿';
    await publishSop(h, { ...definition, key: milestones });
    await publishSop(h, strictSop(bulk));
    const prisma = h.test.db.prisma;
    const [a, b] = [h.ids.orgs['Vendor A']!, h.ids.orgs['Vendor B']!];
    const owner = h.ids.users.owner!;
    const job = (name: string, sopKey: string, vendorOrgId: string, createdAt: Date, completedAt?: string): Prisma.JobCreateManyInput => ({
      id: id(name), code: id(name), title: `Job ${name}`, sopKey, sopVersion: 1, vendorOrgId, ownerId: owner, workflowId: `wf-${id(name)}`,
      status: completedAt ? 'completed' : 'running', createdAt, completedAt: completedAt ? t(completedAt) : null, assignees: { owner },
    });
    await prisma.job.createMany({
      data: [
        job('P1', milestones, a, t('03-01T00:00:00')),
        job('P2', milestones, b, t('03-03T00:00:00'), '03-04T20:00:00'),
        ...Array.from({ length: BULK_JOBS }, (_, i) => job(`bulk-${i}`, bulk, a, new Date(Date.UTC(2026, 4, 1) + Math.floor(i / 2) * 60_000))),
      ],
    });
    const step = (name: string, nodeId: string, type: string, s: { activated: string; due?: string; completed?: string }): Prisma.StepRunCreateManyInput => ({
      jobId: id(name), nodeId, type, round: 1, status: s.completed ? 'done' : 'active', activatedAt: t(s.activated), dueAt: s.due ? t(s.due) : null, completedAt: s.completed ? t(s.completed) : null,
    });
    await prisma.stepRun.createMany({
      data: [
        step('P1', 'draft', 'task', { activated: '03-01T00:00:00', due: '03-02T00:00:00', completed: '03-02T06:00:00' }), // finished late
        step('P1', 'auto', 'check', { activated: '03-02T06:00:00', completed: '03-02T06:01:00' }), // not charted
        step('P1', 'qa', 'review', { activated: '03-02T06:01:00', due: '03-03T00:00:00' }), // open past due
        step('P2', 'draft', 'task', { activated: '03-03T00:00:00', due: '03-04T00:00:00', completed: '03-03T12:00:00' }),
        step('P2', 'qa', 'review', { activated: '03-03T12:01:00', due: '03-05T00:00:00', completed: '03-04T20:00:00' }),
        step('P2', 'done', 'end', { activated: '03-04T20:00:00', completed: '03-04T20:00:00' }), // a milestone without a due time
      ],
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  const get = async (path: string) => request(h.app).get(path).set(auth(manager));

  test('each job carries its steps planned (activation → due) and actual (activation → completion), overdue when late or open past due, milestones flagged from the SOP; a running job also the steps it has not reached, planned from now', async () => {
    const before = Date.now();
    const res = await get(`/api/portfolio?sop=${milestones}`);
    const after = Date.now();
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.items).toEqual([
      {
        id: id('P2'), code: id('P2'), title: 'Job P2', status: 'completed', sop: { key: milestones, version: 1 },
        vendorOrg: { id: h.ids.orgs['Vendor B'], name: 'Vendor B' }, createdAt: '2026-03-03T00:00:00.000Z', completedAt: '2026-03-04T20:00:00.000Z', risk: null,
        steps: [
          { nodeId: 'draft', title: '设计稿', type: 'task', round: 1, status: 'done', plannedStart: '2026-03-03T00:00:00.000Z', plannedEnd: '2026-03-04T00:00:00.000Z', actualStart: '2026-03-03T00:00:00.000Z', actualEnd: '2026-03-03T12:00:00.000Z', overdue: false, milestone: true },
          { nodeId: 'qa', title: null, type: 'review', round: 1, status: 'done', plannedStart: '2026-03-03T12:01:00.000Z', plannedEnd: '2026-03-05T00:00:00.000Z', actualStart: '2026-03-03T12:01:00.000Z', actualEnd: '2026-03-04T20:00:00.000Z', overdue: false, milestone: true },
          { nodeId: 'done', title: null, type: 'end', round: 1, status: 'done', plannedStart: '2026-03-04T20:00:00.000Z', plannedEnd: null, actualStart: '2026-03-04T20:00:00.000Z', actualEnd: '2026-03-04T20:00:00.000Z', overdue: false, milestone: true },
        ],
      },
      {
        id: id('P1'), code: id('P1'), title: 'Job P1', status: 'running', sop: { key: milestones, version: 1 },
        vendorOrg: { id: h.ids.orgs['Vendor A'], name: 'Vendor A' }, createdAt: '2026-03-01T00:00:00.000Z', completedAt: null, risk: null,
        steps: [
          { nodeId: 'draft', title: '设计稿', type: 'task', round: 1, status: 'done', plannedStart: '2026-03-01T00:00:00.000Z', plannedEnd: '2026-03-02T00:00:00.000Z', actualStart: '2026-03-01T00:00:00.000Z', actualEnd: '2026-03-02T06:00:00.000Z', overdue: true, milestone: true },
          { nodeId: 'qa', title: null, type: 'review', round: 1, status: 'active', plannedStart: '2026-03-02T06:01:00.000Z', plannedEnd: '2026-03-03T00:00:00.000Z', actualStart: '2026-03-02T06:01:00.000Z', actualEnd: null, overdue: true, milestone: true },
          // Not reached yet: the end milestone after the review's approval, planned for now (the review is late, it cannot end in the past).
          { nodeId: 'done', title: null, type: 'end', round: 1, status: 'planned', plannedStart: expect.any(String), plannedEnd: null, actualStart: null, actualEnd: null, overdue: false, milestone: true },
        ],
      },
    ]);
    const planned = Date.parse(res.body.items[1].steps[2].plannedStart);
    expect(planned >= before && planned <= after).toBe(true);
  });

  test('a job\'s delay risk is the highest of its scored active steps, with its level; a finished step\'s score does not count', async () => {
    const prisma = h.test.db.prisma;
    const runs = await prisma.stepRun.findMany({ where: { jobId: id('P1') } });
    const runOf = (nodeId: string) => runs.find((r) => r.nodeId === nodeId)!.id;
    const score = (nodeId: string, probability: number) => ({ stepRunId: runOf(nodeId), jobId: id('P1'), probability, atRisk: probability >= 0.5, modelId: 'test-model', scoredAt: new Date() });
    await prisma.stepRisk.createMany({ data: [score('qa', 0.7), score('draft', 0.95)] });
    try {
      const items = (await get(`/api/portfolio?sop=${milestones}`)).body.items as Array<{ code: string; risk: unknown }>;
      // No model row: levels are told against the default threshold 0.5 — 0.7 is at risk, short of critical (0.75).
      expect(items.map((j) => [j.code, j.risk])).toEqual([[id('P2'), null], [id('P1'), { probability: 0.7, level: 'high' }]]);
    } finally {
      await prisma.stepRisk.deleteMany({ where: { jobId: id('P1') } });
    }
  });

  test('filters by vendor, status and period', async () => {
    const codes = async (query: string) => ((await get(`/api/portfolio?sop=${milestones}&${query}`)).body.items as Job[]).map((j) => j.code);
    expect(await codes(`vendor=${h.ids.orgs['Vendor A']!}`)).toEqual([id('P1')]);
    expect(await codes('status=completed')).toEqual([id('P2')]);
    expect(await codes('from=2026-03-04T21:00:00Z&to=2026-03-10T00:00:00Z')).toEqual([id('P1')]);
    expect(await codes('from=2026-02-01T00:00:00Z&to=2026-03-02T00:00:00Z')).toEqual([id('P1')]);
    expect(await codes('from=2026-03-02&to=2026-03-03')).toEqual([id('P2'), id('P1')]);
    // One bound alone leaves the other side open (dates in the manager's zone, UTC+8).
    expect(await codes('from=2026-03-05')).toEqual([id('P2'), id('P1')]); // P2 finished 05:00 on 5 March, local time
    expect(await codes('from=2026-03-06')).toEqual([id('P1')]);
    expect(await codes('to=2026-03-02')).toEqual([id('P1')]);
    expect(await codes('to=2026-03-03')).toEqual([id('P2'), id('P1')]);
  });

  test(`a job reworked ${MAX_STEPS_PER_JOB + 50} rounds carries its latest ${MAX_STEPS_PER_JOB} step runs, oldest first`, async () => {
    const prisma = h.test.db.prisma;
    const sop = `pf-rework-${kind}`.toLowerCase();
    await publishSop(h, strictSop(sop));
    const owner = h.ids.users.owner!;
    await prisma.job.create({ data: { id: id('R'), code: id('R'), title: 'Reworked', sopKey: sop, sopVersion: 1, vendorOrgId: h.ids.orgs['Vendor A']!, ownerId: owner, workflowId: `wf-${id('R')}`, status: 'running', createdAt: t('04-01T00:00:00'), assignees: { owner } } });
    const rounds = MAX_STEPS_PER_JOB + 50;
    await prisma.stepRun.createMany({
      data: Array.from({ length: rounds }, (_, i) => ({
        jobId: id('R'), nodeId: 'draft', type: 'task', round: i + 1, status: i + 1 === rounds ? 'active' as const : 'done' as const,
        activatedAt: new Date(t('04-01T00:00:00').getTime() + i * 3_600_000), completedAt: i + 1 === rounds ? null : new Date(t('04-01T00:30:00').getTime() + i * 3_600_000),
      })),
    });
    const res = await get(`/api/portfolio?sop=${sop}`);
    expect(res.status).toBe(200);
    const all = (res.body.items as Job[])[0]!.steps;
    // The step runs (the latest 200), then what the running job has not reached yet.
    const steps = all.filter((s) => s.status !== 'planned');
    expect(all.slice(steps.length).every((s) => s.status === 'planned' && s.actualStart === null)).toBe(true);
    expect(all.length - steps.length).toBeGreaterThan(0);
    expect(steps).toHaveLength(MAX_STEPS_PER_JOB);
    expect([steps[0]!.round, steps.at(-1)!.round]).toEqual([rounds - MAX_STEPS_PER_JOB + 1, rounds]);
  });

  test(`pages through ${BULK_JOBS} jobs newest first without repeating or skipping one`, async () => {
    const first = await get(`/api/portfolio?sop=${bulk}&limit=200`);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(200);
    expect(typeof first.body.nextCursor).toBe('string');
    const second = await get(`/api/portfolio?sop=${bulk}&limit=200&cursor=${first.body.nextCursor as string}`);
    expect(second.body.items).toHaveLength(BULK_JOBS - 200);
    expect(second.body.nextCursor).toBeNull();
    const seen = [...first.body.items, ...second.body.items].map((j: Job) => j.id);
    expect(new Set(seen).size).toBe(BULK_JOBS);
    expect(seen.at(-1)).toBe(id('bulk-0'));
    const tampered = await get(`/api/portfolio?sop=${bulk}&cursor=bm90LWEtY3Vyc29y`);
    expect([tampered.status, tampered.body.type]).toEqual([422, 'urn:sop:problem:cursor-invalid']);
  });

  test('the burndown counts open steps at the end of each day in the viewer\'s zone, with an ideal line from the first day down to zero', async () => {
    const res = await get(`/api/portfolio/burndown?sop=${milestones}&from=2026-03-01&to=2026-03-05`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      from: '2026-02-28T16:00:00.000Z', to: '2026-03-05T16:00:00.000Z', timezone: 'Asia/Shanghai', counts: 'steps',
      days: [
        { date: '2026-03-01', open: 1, ideal: 1 },
        { date: '2026-03-02', open: 1, ideal: 0.75 },
        { date: '2026-03-03', open: 2, ideal: 0.5 },
        { date: '2026-03-04', open: 2, ideal: 0.25 },
        { date: '2026-03-05', open: 1, ideal: 0 },
      ],
    });
    const vendorB = await get(`/api/portfolio/burndown?sop=${milestones}&vendor=${h.ids.orgs['Vendor B']!}&from=2026-03-03&to=2026-03-05`);
    expect((vendorB.body.days as Array<{ open: number }>).map((d) => d.open)).toEqual([1, 1, 0]);
  });

  test('days of the period still to come have no count; the ideal line still reaches zero on the last day', async () => {
    const today = DateTime.now().setZone('Asia/Shanghai');
    const from = today.minus({ days: 1 }).toISODate()!;
    const to = today.plus({ days: 1 }).toISODate()!;
    const res = await get(`/api/portfolio/burndown?sop=${milestones}&from=${from}&to=${to}`);
    expect(res.body.days).toEqual([
      { date: from, open: 1, ideal: 1 },
      { date: today.toISODate(), open: 1, ideal: 0.5 },
      { date: to, open: null, ideal: 0 },
    ]);
  });

  test('vendors are refused the portfolio (403): it names every vendor', async () => {
    const vendor = await h.login('vendor-a');
    const res = await request(h.app).get('/api/portfolio').set(auth(vendor));
    expect(res.status).toBe(403);
    expect((await request(h.app).get('/api/portfolio/burndown').set(auth(vendor))).status).toBe(403);
  });
});
