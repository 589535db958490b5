/**
 * Recurring reports and check-ins (日报/周报/打卡) through the API:
 * `POST /api/jobs/:id/steps/:nodeId/reports` and `GET /api/jobs/:id/reports`
 * on the whole product (real database, real worker and activities, real
 * Temporal), on every database server of the run.
 */
import request from 'supertest';
import { databaseKinds, startAppHarness, type AppHarness } from '../support/app-harness';
import { auth, startReportingJob, submitDraft } from '../support/api-fixtures';

jest.setTimeout(180_000);

describe.each(databaseKinds())('on %s', (kind) => {
  let h: AppHarness;
  const SOP = `api-reports-${kind}`;

  beforeAll(async () => {
    h = await startAppHarness(kind);
  });
  afterAll(async () => {
    await h?.close();
  });

  const file = async (who: string, jobId: string, body: object, nodeId = 'draft') =>
    request(h.app).post(`/api/jobs/${jobId}/steps/${nodeId}/reports`).set(auth(await h.login(who))).send(body);
  const list = async (who: string, jobId: string, query = '') => request(h.app).get(`/api/jobs/${jobId}/reports${query}`).set(auth(await h.login(who)));

  test('the vendor sees period 1 owed, files it (200, stored, audited as report.filed in the timeline), and it is listed with its answers and no longer owed', async () => {
    const job = await startReportingJob(h, SOP);
    const before = await list('vendor-a', job.id);
    expect(before.status).toBe(200);
    expect(before.body.items).toEqual([]);
    expect(before.body.owed).toHaveLength(1);
    const owed = before.body.owed[0];
    expect(owed).toMatchObject({ nodeId: 'draft', round: 1, period: 1, fields: [{ id: 'progress', label: '进度 %', type: 'number', min: 0, max: 100, required: true }] });
    expect(Date.parse(owed.periodEnd) - Date.parse(owed.periodStart)).toBe(24 * 3600_000);
    expect(Date.parse(owed.dueAt) - Date.parse(owed.periodEnd)).toBe(12 * 3600_000);

    const res = await file('vendor-a', job.id, { answers: { progress: 40 }, note: '初稿 40%' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      reportId: expect.any(String), nodeId: 'draft', round: 1, period: 1, status: 'filed',
      periodStart: owed.periodStart, periodEnd: owed.periodEnd, dueAt: owed.dueAt, at: expect.any(String),
    });
    const row = await h.test.db.prisma.jobReport.findUniqueOrThrow({ where: { id: res.body.reportId } });
    expect([row.status, row.answers, row.note, row.actorId]).toEqual(['filed', { progress: 40 }, '初稿 40%', h.ids.users['vendor-a']]);
    const events = await request(h.app).get(`/api/jobs/${job.id}/events`).set(auth(await h.login('owner')));
    const filed = (events.body.items as Array<{ type: string; data: Record<string, unknown> }>).filter((e) => e.type === 'report.filed');
    expect(filed.map((e) => [e.data.nodeId, e.data.period, e.data.reportId])).toEqual([['draft', 1, res.body.reportId]]);

    for (const who of ['owner', 'vendor-a']) {
      const after = await list(who, job.id);
      expect(after.status).toBe(200);
      expect(after.body.owed).toEqual([]);
      expect(after.body.nextCursor).toBeNull();
      expect(after.body.items).toEqual([{
        id: res.body.reportId, nodeId: 'draft', stepTitle: null, round: 1, period: 1, status: 'filed',
        periodStart: owed.periodStart, periodEnd: owed.periodEnd, dueAt: owed.dueAt, at: res.body.at, note: '初稿 40%',
        filedBy: expect.objectContaining({ id: h.ids.users['vendor-a'] }),
        answers: [{ id: 'progress', label: '进度 %', type: 'number', answer: 40 }],
      }]);
    }
  });

  test('the vendor\'s queue (GET /api/me/tasks) lists the owed period as a `report` item due at its due time, filterable by kind; once filed it is gone', async () => {
    const job = await startReportingJob(h, SOP);
    const vendor = await h.login('vendor-a');
    const queue = async (query = '') => {
      const res = await request(h.app).get(`/api/me/tasks${query}`).set(auth(vendor));
      expect(res.status).toBe(200);
      return res.body as { items: Array<{ id: string; kind: string; dueAt: string; job: { id: string }; step: { nodeId: string; round: number } }>; counts: { total: number; byKind: Record<string, number> } };
    };
    const owed = (await list('vendor-a', job.id)).body.owed[0];
    const mine = (body: Awaited<ReturnType<typeof queue>>) => body.items.filter((i) => i.job.id === job.id).map((i) => [i.kind, i.step.nodeId, i.dueAt]);
    const all = await queue('?limit=200');
    // The task has no deadline (sorted last); the report is due at its period's due time.
    expect(mine(all)).toEqual([['report', 'draft', owed.dueAt], ['task', 'draft', null]]);
    expect(all.counts.byKind.report).toBeGreaterThanOrEqual(1);
    const reports = await queue('?kind=report&limit=200');
    expect(reports.items.every((i) => i.kind === 'report')).toBe(true);
    expect(mine(reports)).toEqual([['report', 'draft', owed.dueAt]]);
    expect(reports.counts).toEqual(all.counts);
    // Other organisations' vendors and internal users get no report items.
    const other = await request(h.app).get('/api/me/tasks?kind=report').set(auth(await h.login('vendor-b')));
    expect(other.body.items).toEqual([]);
    const owner = await request(h.app).get('/api/me/tasks?kind=report').set(auth(await h.login('owner')));
    expect(owner.body.items).toEqual([]);

    expect((await file('vendor-a', job.id, { answers: { progress: 5 } })).status).toBe(200);
    expect(mine(await queue('?kind=report&limit=200'))).toEqual([]);
  });

  test('refusals: a second report for the period (409), wrong answers (422 with the question\'s path), QA (403), another vendor organisation (404), a step that is not active (409), a step without reports (404)', async () => {
    const job = await startReportingJob(h, SOP);
    const wrong = await file('vendor-a', job.id, { answers: { progress: 140, colour: 'red' } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.type).toBe('urn:sop:problem:form-undeclared');
    expect((wrong.body.errors as Array<{ path: string; code: string }>).map((e) => [e.path, e.code])).toEqual([['/answers/colour', 'form-undeclared'], ['/answers/progress', 'form-invalid']]);
    const missing = await file('vendor-a', job.id, {});
    expect([missing.status, missing.body.type]).toEqual([422, 'urn:sop:problem:form-required']);
    const future = await file('vendor-a', job.id, { period: 3, answers: { progress: 1 } });
    expect([future.status, future.body.type]).toEqual([409, 'urn:sop:problem:report-period-closed']);

    expect((await file('vendor-a', job.id, { answers: { progress: 10 } })).status).toBe(200);
    const twice = await file('vendor-a', job.id, { answers: { progress: 20 } });
    expect([twice.status, twice.body.type]).toEqual([409, 'urn:sop:problem:report-already-filed']);

    const qa = await file('qa', job.id, { answers: { progress: 10 } });
    expect([qa.status, qa.body.type]).toEqual([403, 'urn:sop:problem:not-assignee']);
    const other = await file('vendor-b', job.id, { answers: { progress: 10 } });
    expect(other.status).toBe(404);
    expect((await list('vendor-b', job.id)).status).toBe(404);
    const noReports = await file('qa', job.id, {}, 'review');
    expect(noReports.status).toBe(404);

    await submitDraft(h, job);
    const inactive = await file('vendor-a', job.id, { answers: { progress: 100 } });
    expect([inactive.status, inactive.body.type]).toEqual([409, 'urn:sop:problem:step-not-active']);
    expect((await list('owner', job.id)).body.owed).toEqual([]);
    const rows = await h.test.db.prisma.jobReport.findMany({ where: { jobId: job.id } });
    expect(rows.map((r) => [r.period, r.status, r.answers])).toEqual([[1, 'filed', { progress: 10 }]]);
  });
});
