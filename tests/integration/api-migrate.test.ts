/**
 * Moving running jobs to another SOP version through the API:
 * `POST /api/jobs/:id/migrate` and `POST /api/sops/:key/migrations`, on the
 * whole product (real database, worker, activities and Temporal).
 */
import request from 'supertest';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { WORKWEEK_CALENDAR, auth, checkedSop, publishSop, publishVersion, sharedCalendar, startJob, strictSop, submitDraft, waitForActive } from '../support/api-fixtures';
import type { SopDefinition, SopNode } from '../../core/sop/types';
import { computeStepSchedule } from '../../core/time/step-schedule';
import { waitFor } from '../support/wait-for';

jest.setTimeout(180_000);

let h: AppHarness;

beforeAll(async () => {
  h = await startAppHarness('embedded');
});
afterAll(async () => {
  await h?.close();
});

/** Publishes strictSop(`key`) (version 1), starts `jobs` jobs of it, then publishes checkedSop(`key`) (version 2). */
async function jobsOnVersion1(key: string, jobs = 1): Promise<Array<{ id: string; code: string }>> {
  await publishSop(h, strictSop(key));
  const started = [];
  for (let i = 0; i < jobs; i++) started.push(await startJob(h, key));
  await publishVersion(h, checkedSop(key));
  return started;
}

const migrate = async (jobId: string, body: object, who = 'owner') =>
  request(h.app).post(`/api/jobs/${jobId}/migrate`).set(auth(await h.login(who))).send(body);

test('a dry run answers the plan and moves nothing; the migration then moves the job, which runs the new check and completes', async () => {
  const [job] = await jobsOnVersion1('api-migrate-one');
  const plan = await migrate(job!.id, { version: 2, dryRun: true });
  expect(plan.status).toBe(200);
  expect(plan.body).toEqual({
    jobId: job!.id, jobCode: job!.code, status: 'planned', fromVersion: 1, toVersion: 2,
    moves: [{ from: 'draft', to: 'draft', type: 'task', round: 1, toRound: 1 }],
    changes: { deadlines: [], checks: [{ nodeId: 'auto', change: 'added', kinds: ['naming'] }], assignees: [] },
  });
  expect((await h.test.db.prisma.job.findUniqueOrThrow({ where: { id: job!.id } })).sopVersion).toBe(1);
  expect(await h.test.db.prisma.auditEvent.count({ where: { jobId: job!.id, type: 'job.migrated' } })).toBe(0);

  const moved = await migrate(job!.id, { version: 2 }, 'admin');
  expect(moved.status).toBe(200);
  expect(moved.body).toEqual({ ...plan.body, status: 'migrated' });
  expect((await h.test.db.prisma.job.findUniqueOrThrow({ where: { id: job!.id } })).sopVersion).toBe(2);
  const audit = await h.test.db.prisma.auditEvent.findFirstOrThrow({ where: { jobId: job!.id, type: 'job.migrated' } });
  expect([audit.actorId, audit.data]).toEqual([h.ids.users.admin, {
    sopKey: 'api-migrate-one', from: 1, to: 2, mapping: null,
    moves: [{ from: 'draft', to: 'draft', type: 'task', round: 1, toRound: 1 }],
    changes: { deadlines: [], checks: [{ nodeId: 'auto', change: 'added', kinds: ['naming'] }], assignees: [] },
  }]);
  const detail = await request(h.app).get(`/api/jobs/${job!.id}`).set(auth(await h.login('owner')));
  expect(detail.body.sop).toEqual({ key: 'api-migrate-one', version: 2 });

  await submitDraft(h, job!);
  const checks = await h.test.db.prisma.checkResult.findMany({ where: { jobId: job!.id } });
  expect(checks.map((c) => [c.nodeId, c.kind, c.passed])).toEqual([['auto', 'naming', true]]);
  const approved = await request(h.app).post(`/api/jobs/${job!.id}/steps/review/review`).set(auth(await h.login('qa'))).send({ decision: 'approved' });
  expect(approved.status).toBe(200);
  await waitFor(async () => ((await h.test.db.prisma.job.findUniqueOrThrow({ where: { id: job!.id } })).status === 'completed' ? true : undefined));
});

test('a migration that cannot continue safely answers 422 with its code and every refusal; a mapping makes it safe; an unknown version 404; an ended job 409', async () => {
  const [job] = await jobsOnVersion1('api-migrate-refused');
  // Version 3 renames `draft` to `make`.
  const renamed = checkedSop('api-migrate-refused');
  const rename = (id: string) => (id === 'draft' ? 'make' : id);
  renamed.nodes = renamed.nodes.map((n) => ({ ...n, id: rename(n.id) }));
  renamed.edges = renamed.edges.map((e) => ({ ...e, from: rename(e.from), to: rename(e.to) }));
  await publishVersion(h, renamed);

  const refused = await migrate(job!.id, { version: 3, dryRun: true });
  expect(refused.status).toBe(422);
  expect(refused.body).toMatchObject({
    type: 'urn:sop:problem:migrate-node-missing',
    detail: 'Step "draft" is active, and version 3 has no step "draft": map it to one.',
    errors: [{ path: 'job/steps/draft', code: 'MIGRATE_NODE_MISSING', message: 'Step "draft" is active, and version 3 has no step "draft": map it to one.' }],
  });
  const typeChanged = await migrate(job!.id, { version: 3, mapping: { draft: 'auto' } });
  expect([typeChanged.status, typeChanged.body.type]).toEqual([422, 'urn:sop:problem:migrate-type-changed']);
  const mapped = await migrate(job!.id, { version: 3, mapping: { draft: 'make' }, dryRun: true });
  expect([mapped.status, mapped.body.moves]).toEqual([200, [{ from: 'draft', to: 'make', type: 'task', round: 1, toRound: 1 }]]);
  const same = await migrate(job!.id, { version: 1 });
  expect([same.status, same.body.type]).toEqual([422, 'urn:sop:problem:migrate-same-version']);
  const unknown = await migrate(job!.id, { version: 9 });
  expect(unknown.status).toBe(404);
  expect((await h.test.db.prisma.job.findUniqueOrThrow({ where: { id: job!.id } })).sopVersion).toBe(1);

  const cancelled = await request(h.app).post(`/api/jobs/${job!.id}/cancel`).set(auth(await h.login('owner'))).send({ reason: 'done here' });
  expect(cancelled.status).toBe(200);
  await waitFor(async () => ((await h.test.db.prisma.job.findUniqueOrThrow({ where: { id: job!.id } })).status === 'cancelled' ? true : undefined));
  const ended = await migrate(job!.id, { version: 2 });
  expect([ended.status, ended.body.type]).toEqual([409, 'urn:sop:problem:job-not-running']);
});

test('vendors and QA cannot migrate', async () => {
  const [job] = await jobsOnVersion1('api-migrate-roles');
  expect((await migrate(job!.id, { version: 2, dryRun: true }, 'vendor-a')).status).toBe(403);
  expect((await migrate(job!.id, { version: 2, dryRun: true }, 'qa')).status).toBe(403);
  const bulk = await request(h.app).post('/api/sops/api-migrate-roles/migrations').set(auth(await h.login('vendor-a'))).send({ fromVersion: 1, toVersion: 2 });
  expect(bulk.status).toBe(403);
});

test('the bulk form answers one result per job: a dry run plans each, then every running job of the version moves; a listed job of another version is not eligible', async () => {
  const [first, second] = await jobsOnVersion1('api-migrate-bulk', 2);
  await submitDraft(h, second!); // mid-review
  const owner = await h.login('owner');
  const dry = await request(h.app).post('/api/sops/api-migrate-bulk/migrations').set(auth(owner)).send({ fromVersion: 1, toVersion: 2, dryRun: true });
  expect(dry.status).toBe(200);
  expect(dry.body.dryRun).toBe(true);
  expect(dry.body.more).toBe(false);
  expect((dry.body.results as Array<{ jobId: string; status: string; moves: Array<{ from: string }> }>).map((r) => [r.jobId, r.status, r.moves.map((m) => m.from)])).toEqual([
    [first!.id, 'planned', ['draft']],
    [second!.id, 'planned', ['review']],
  ]);
  expect(await h.test.db.prisma.job.count({ where: { sopKey: 'api-migrate-bulk', sopVersion: 2 } })).toBe(0);
  // The job list's `version` filter lists what the migration screen offers: the running jobs of version 1.
  const listed = async (version: number) => ((await request(h.app).get(`/api/jobs?sop=api-migrate-bulk&version=${version}&status=running`).set(auth(owner))).body.items as Array<{ id: string }>).map((j) => j.id).sort();
  expect(await listed(1)).toEqual([first!.id, second!.id].sort());
  expect(await listed(2)).toEqual([]);

  const done = await request(h.app).post('/api/sops/api-migrate-bulk/migrations').set(auth(owner)).send({ fromVersion: 1, toVersion: 2, jobIds: [second!.id, first!.id, 'no-such-job'] });
  expect(done.status).toBe(200);
  expect((done.body.results as Array<{ jobId: string; status: string; refusals?: Array<{ code: string }> }>).map((r) => [r.jobId, r.status, r.refusals?.map((x) => x.code) ?? []])).toEqual([
    [first!.id, 'migrated', []],
    [second!.id, 'migrated', []],
    ['no-such-job', 'refused', ['MIGRATE_JOB_NOT_ELIGIBLE']],
  ]);
  expect(await h.test.db.prisma.job.count({ where: { sopKey: 'api-migrate-bulk', sopVersion: 2 } })).toBe(2);
  expect([await listed(1), await listed(2)]).toEqual([[], [first!.id, second!.id].sort()]);
  expect(await h.test.db.prisma.auditEvent.count({ where: { jobId: { in: [first!.id, second!.id] }, type: 'job.migrated' } })).toBe(2);
  // The job moved mid-review finishes on version 2: QA approves the review it was in.
  const approved = await request(h.app).post(`/api/jobs/${second!.id}/steps/review/review`).set(auth(await h.login('qa'))).send({ decision: 'approved' });
  expect(approved.status).toBe(200);
  await waitForActive(h, first!.id, 'draft');

  const again = await request(h.app).post('/api/sops/api-migrate-bulk/migrations').set(auth(owner)).send({ fromVersion: 2, toVersion: 2 });
  expect([again.status, again.body.type]).toEqual([422, 'urn:sop:problem:migrate-same-version']);
});

test('a migration to a version on another shared calendar moves the job to that calendar\'s latest version: the dry run shows the deadline re-timed, and later versions of the new calendar reach the job', async () => {
  const owner = await h.login('owner');
  const prisma = h.test.db.prisma;
  const due = { after: 'PT30H', calendar: 'business' } as const;
  const onCalendar = (ref: string): SopDefinition => {
    const base = strictSop('api-migrate-calendar');
    return { ...base, calendar: { ref }, nodes: base.nodes.map((n): SopNode => (n.id === 'draft' ? ({ ...n, due } as SopNode) : n)) };
  };
  const [from, to] = [await sharedCalendar(h, 'migrate-cal-a'), await sharedCalendar(h, 'migrate-cal-b')];
  await publishSop(h, onCalendar(from));
  const job = await startJob(h, 'api-migrate-calendar');
  const step = await prisma.stepRun.findFirstOrThrow({ where: { jobId: job.id, nodeId: 'draft' } });
  const at = step.activatedAt.getTime();
  const dueOn = (calendar: object) => computeStepSchedule({ activatedAt: at, due, calendar: calendar as typeof WORKWEEK_CALENDAR, timezone: 'Asia/Shanghai' }).dueAt;
  const before = dueOn(WORKWEEK_CALENDAR);
  expect(step.dueAt!.getTime()).toBe(before);
  // Calendar B's version 2: the next seven local dates off.
  const weekOff = { ...WORKWEEK_CALENDAR, holidays: Array.from({ length: 7 }, (_, i) => new Date(at + 8 * 3_600_000 + i * 86_400_000).toISOString().slice(0, 10)) };
  expect((await request(h.app).put(`/api/calendars/${to}`).set(auth(owner)).send({ spec: weekOff, timezone: 'Asia/Shanghai' })).body.jobsRetimed).toBe(0);
  await publishVersion(h, onCalendar(to));

  const onB = dueOn(weekOff);
  const plan = await migrate(job.id, { version: 2, dryRun: true });
  expect([plan.status, plan.body.changes]).toEqual([200, {
    deadlines: [{ nodeId: 'draft', kind: 'deadline', from: new Date(before).toISOString(), to: new Date(onB).toISOString() }], checks: [], assignees: [],
  }]);
  expect(await prisma.job.findUniqueOrThrow({ where: { id: job.id }, select: { calendarKey: true, calendarVersion: true } })).toEqual({ calendarKey: from, calendarVersion: 1 });

  const moved = await migrate(job.id, { version: 2 });
  expect([moved.status, moved.body.status]).toEqual([200, 'migrated']);
  expect(await prisma.job.findUniqueOrThrow({ where: { id: job.id }, select: { calendarKey: true, calendarVersion: true } })).toEqual({ calendarKey: to, calendarVersion: 2 });
  await waitFor(async () => ((await prisma.stepRun.findFirstOrThrow({ where: { jobId: job.id, nodeId: 'draft' } })).dueAt?.getTime() === onB ? true : undefined));
  const audit = await prisma.auditEvent.findFirstOrThrow({ where: { jobId: job.id, type: 'job.migrated' } });
  expect((audit.data as { calendar: unknown }).calendar).toEqual({ key: to, version: 2 });

  // The old calendar no longer reaches the job; the new one does.
  expect((await request(h.app).put(`/api/calendars/${from}`).set(auth(owner)).send({ spec: weekOff, timezone: 'Asia/Shanghai' })).body.jobsRetimed).toBe(0);
  const twoWeeksOff = { ...weekOff, holidays: Array.from({ length: 14 }, (_, i) => new Date(at + 8 * 3_600_000 + i * 86_400_000).toISOString().slice(0, 10)) };
  expect((await request(h.app).put(`/api/calendars/${to}`).set(auth(owner)).send({ spec: twoWeeksOff, timezone: 'Asia/Shanghai' })).body.jobsRetimed).toBe(1);
  await waitFor(async () => ((await prisma.stepRun.findFirstOrThrow({ where: { jobId: job.id, nodeId: 'draft' } })).dueAt?.getTime() === dueOn(twoWeeksOff) ? true : undefined));
  expect(await prisma.job.findUniqueOrThrow({ where: { id: job.id }, select: { calendarKey: true, calendarVersion: true } })).toEqual({ calendarKey: to, calendarVersion: 3 });
});
