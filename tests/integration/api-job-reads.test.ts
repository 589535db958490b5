/**
 * The job reads (one job, the filtered list) are single SQL statements
 * (api/jobs/job-reads.ts): these pin what they answer on both databases —
 * exact job detail with ordered steps and UTC timestamps, keyset pagination
 * that visits every job once newest first (ties on the creation instant broken
 * by id), filters, the vendor scope, restricted fields by role, and bad cursors.
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
  const id = (name: string) => `reads-${kind}-${name}`;

  beforeAll(async () => {
    h = await startAppHarness(kind);
    manager = await h.login('manager');
    const [a, b] = [h.ids.orgs['Vendor A']!, h.ids.orgs['Vendor B']!];
    const { owner } = h.ids.users;
    const job = (name: string, vendorOrgId: string, createdAt: string, status: 'running' | 'completed' = 'running'): Prisma.JobCreateManyInput => ({
      id: id(name), code: id(name), title: `Job ${name} 横幅`, sopKey: 'store-decoration', sopVersion: 1, vendorOrgId, ownerId: owner!, workflowId: `wf-${id(name)}`,
      status, createdAt: t(createdAt), completedAt: status === 'completed' ? t('04-01T00:00:00') : null, assignees: { owner: owner! },
      fields: { budget: 1200, contractNo: 'HT-7', priority: 'high' },
    });
    await h.test.db.prisma.job.createMany({
      data: [
        job('A1', a, '03-01T00:00:00.001'),
        job('A2', a, '03-02T00:00:00'),
        job('A3', a, '03-03T00:00:00'), // A3, A4, A5 share their creation instant: id decides
        job('A4', a, '03-03T00:00:00'),
        job('A5', a, '03-03T00:00:00'),
        job('A6', a, '03-04T00:00:00', 'completed'),
        job('A7', a, '03-05T00:00:00'),
        job('B1', b, '03-06T00:00:00'),
      ],
    });
    await h.test.db.prisma.stepRun.createMany({
      data: [
        { jobId: id('A1'), nodeId: 'qa', type: 'review', round: 1, status: 'active', activatedAt: t('03-01T12:00:00'), dueAt: t('03-02T12:00:00.250'), assigneeRole: 'qa' },
        { jobId: id('A1'), nodeId: 'draft', type: 'task', round: 1, status: 'done', activatedAt: t('03-01T00:00:00.001'), dueAt: t('03-01T08:00:00'), completedAt: t('03-01T06:00:00'), outcome: 'submitted', assigneeRole: 'vendor' },
        { jobId: id('A1'), nodeId: 'auto', type: 'check', round: 1, status: 'done', activatedAt: t('03-01T06:00:00'), completedAt: t('03-01T06:00:01'), outcome: 'passed' },
        { jobId: id('A1'), nodeId: 'brief', type: 'task', round: 1, status: 'active', activatedAt: t('03-01T12:00:00'), dueAt: null, assigneeRole: 'owner' },
      ],
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  test('one job answers in full: vendor organisation with its name, steps in the order they ran, UTC timestamps, overdue derived from the due time', async () => {
    const res = await request(h.app).get(`/api/jobs/${id('A1')}`).set(auth(manager));
    expect(res.status).toBe(200);
    const { definition, ...job } = res.body as { definition: { key: string } } & Record<string, unknown>;
    expect(definition.key).toBe('store-decoration');
    expect(job).toEqual({
      id: id('A1'), code: id('A1'), title: 'Job A1 横幅', status: 'running', workflowId: `wf-${id('A1')}`,
      sop: { key: 'store-decoration', version: 1 }, vendorOrg: { id: h.ids.orgs['Vendor A'], name: 'Vendor A' },
      ownerId: h.ids.users.owner, assignees: { owner: h.ids.users.owner }, createdAt: '2026-03-01T00:00:00.001Z', completedAt: null,
      fields: { priority: 'high' }, // budget and contractNo are for owner, procurement and admin only
      steps: [
        { nodeId: 'draft', title: '外包方提交设计稿', type: 'task', status: 'done', round: 1, activatedAt: '2026-03-01T00:00:00.001Z', dueAt: '2026-03-01T08:00:00.000Z', completedAt: '2026-03-01T06:00:00.000Z', outcome: 'submitted', assigneeRole: 'vendor', assigneeUserId: null },
        { nodeId: 'auto', title: '自动检查', type: 'check', status: 'done', round: 1, activatedAt: '2026-03-01T06:00:00.000Z', dueAt: null, completedAt: '2026-03-01T06:00:01.000Z', outcome: 'passed', assigneeRole: null, assigneeUserId: null },
        { nodeId: 'brief', title: null, type: 'task', status: 'active', round: 1, activatedAt: '2026-03-01T12:00:00.000Z', dueAt: null, completedAt: null, outcome: null, assigneeRole: 'owner', assigneeUserId: null },
        { nodeId: 'qa', title: 'QA 审核', type: 'review', status: 'overdue', round: 1, activatedAt: '2026-03-01T12:00:00.000Z', dueAt: '2026-03-02T12:00:00.250Z', completedAt: null, outcome: null, assigneeRole: 'qa', assigneeUserId: null },
      ],
      activeSteps: ['brief', 'qa'],
    });
    const owner = await request(h.app).get(`/api/jobs/${id('A1')}`).set(auth(await h.login('owner')));
    expect(owner.body.fields).toEqual({ budget: 1200, contractNo: 'HT-7', priority: 'high' });
  });

  test('a vendor reads its own organisation\'s job; another vendor\'s and an unknown id answer the same 404', async () => {
    const own = await request(h.app).get(`/api/jobs/${id('A2')}`).set(auth(await h.login('vendor-a')));
    expect(own.status).toBe(200);
    expect(own.body.steps).toEqual([]);
    const other = await request(h.app).get(`/api/jobs/${id('B1')}`).set(auth(await h.login('vendor-a')));
    const unknown = await request(h.app).get(`/api/jobs/${id('nope')}`).set(auth(await h.login('vendor-a')));
    expect([other.status, unknown.status]).toEqual([404, 404]);
    expect(other.body.title).toBe(unknown.body.title);
  });

  test('following nextCursor visits every matching job once, newest first, ties on the creation instant in descending id order', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await request(h.app)
        .get(`/api/jobs?vendorOrgId=${h.ids.orgs['Vendor A']!}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .set(auth(manager));
      expect(res.status).toBe(200);
      seen.push(...(res.body.items as Array<{ id: string }>).map((j) => j.id));
      cursor = res.body.nextCursor as string | null;
      pages += 1;
    } while (cursor);
    expect(seen.filter((j) => j.startsWith(`reads-${kind}-`))).toEqual(['A7', 'A6', 'A5', 'A4', 'A3', 'A2', 'A1'].map(id));
    expect(pages).toBe(Math.ceil(seen.length / 2));
  });

  test('the list filters by status and SOP, shows active steps with due times, and keeps a vendor to its own organisation', async () => {
    const running = await request(h.app).get(`/api/jobs?status=completed&vendorOrgId=${h.ids.orgs['Vendor A']!}`).set(auth(manager));
    expect((running.body.items as Array<{ id: string }>).map((j) => j.id)).toEqual([id('A6')]);
    const a1 = (await request(h.app).get(`/api/jobs?status=running&sop=store-decoration&limit=100`).set(auth(manager))).body.items.find((j: { id: string }) => j.id === id('A1'));
    expect(a1.vendorOrg).toEqual({ id: h.ids.orgs['Vendor A'], name: 'Vendor A' });
    expect(a1.activeSteps).toEqual([
      { nodeId: 'brief', title: null, type: 'task', round: 1, dueAt: null, assigneeRole: 'owner' },
      { nodeId: 'qa', title: 'QA 审核', type: 'review', round: 1, dueAt: '2026-03-02T12:00:00.250Z', assigneeRole: 'qa' },
    ]);
    const none = await request(h.app).get('/api/jobs?sop=no-such-sop').set(auth(manager));
    expect(none.body).toEqual({ items: [], nextCursor: null });
    const vendorB = await request(h.app).get(`/api/jobs?vendorOrgId=${h.ids.orgs['Vendor A']!}&limit=100`).set(auth(await h.login('vendor-b')));
    expect(vendorB.body.items).toEqual([]);
    const ownB = await request(h.app).get('/api/jobs?limit=100').set(auth(await h.login('vendor-b')));
    expect((ownB.body.items as Array<{ id: string }>).map((j) => j.id)).toContain(id('B1'));
    expect((ownB.body.items as Array<{ vendorOrg: { name: string } }>).every((j) => j.vendorOrg.name === 'Vendor B')).toBe(true);
  });

  test('a job in the list reads exactly as in its detail (the list\'s JSON is rendered by PostgreSQL), restricted fields included only for owners', async () => {
    for (const who of ['manager', 'owner', 'vendor-a']) {
      const token = await h.login(who);
      const detail = (await request(h.app).get(`/api/jobs/${id('A6')}`).set(auth(token))).body as Record<string, unknown>;
      const { steps: _steps, activeSteps: _active, definition: _definition, ...summary } = detail;
      const list = await request(h.app).get(`/api/jobs?status=completed&vendorOrgId=${h.ids.orgs['Vendor A']!}`).set(auth(token));
      expect(list.headers['content-type']).toBe('application/json; charset=utf-8');
      const { activeSteps, ...item } = (list.body.items as Array<Record<string, unknown>>).find((j) => j.id === id('A6'))!;
      expect(item).toEqual(summary);
      expect(Object.keys(item)).toEqual(Object.keys(summary));
      expect(activeSteps).toEqual([]);
      expect(item.fields).toEqual(who === 'owner' ? { budget: 1200, contractNo: 'HT-7', priority: 'high' } : { priority: 'high' });
      expect(item.completedAt).toBe('2026-04-01T00:00:00.000Z');
    }
  });

  test('a cursor this API did not issue answers 422 cursor-invalid', async () => {
    const res = await request(h.app).get(`/api/jobs?cursor=${Buffer.from('yesterday|x').toString('base64url')}`).set(auth(manager));
    expect(res.status).toBe(422);
    expect(res.body.type).toBe('urn:sop:problem:cursor-invalid');
  });
});
