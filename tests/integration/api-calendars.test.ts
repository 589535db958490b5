/**
 * Shared organisation calendars over the API: versions, the holiday import
 * with its preview, SOPs that name a calendar, and a new version re-timing a
 * running job's business deadline (audited, the assignee told).
 */
import request from 'supertest';
import type { WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { JOB_WORKFLOW_TYPE } from '../../workflows/definitions';
import type { SopDefinition, SopNode } from '../../core/sop/types';
import { computeStepSchedule } from '../../core/time/step-schedule';
import { databaseKinds, startAppHarness, type AppHarness } from '../support/app-harness';
import { WORKWEEK_CALENDAR, auth, holidayFile, multipart, publishSop, sharedCalendar, startJob, strictSop } from '../support/api-fixtures';
import { waitFor } from '../support/wait-for';

jest.setTimeout(180_000);

const DAY = 86_400_000;

/** strictSop whose draft is due 30 business hours after it starts, on the shared calendar `calendar`. */
function sopOnCalendar(key: string, calendar: string): SopDefinition {
  const base = strictSop(key);
  return {
    ...base,
    calendar: { ref: calendar },
    nodes: base.nodes.map((n): SopNode => (n.id === 'draft' ? ({ ...n, due: { after: 'PT30H', calendar: 'business' } } as SopNode) : n)),
  };
}

/** The payloads of the `calendarChanged` signals a job's workflow received, from its history. */
async function calendarSignals(handle: WorkflowHandle): Promise<unknown[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).flatMap((e) => {
    const a = e.workflowExecutionSignaledEventAttributes;
    return a?.signalName === 'calendarChanged' ? [defaultPayloadConverter.fromPayload(a.input!.payloads![0]!)] : [];
  });
}

/** The next seven local (Shanghai) dates from `at`: holidays that push 30 working hours a week later. */
const weekOff = (at: number) => Array.from({ length: 7 }, (_, i) => new Date(at + 8 * 3_600_000 + i * DAY).toISOString().slice(0, 10));

describe.each(databaseKinds())('on %s', (kind) => {
  let h: AppHarness;
  let owner: string;

  beforeAll(async () => {
    h = await startAppHarness(kind);
    owner = await h.login('owner');
  });
  afterAll(async () => {
    await h?.close();
  });

  test('an owner creates a calendar, adds a version with a note, and reads both; a taken key is 409, a bad calendar 422, an unknown one 404', async () => {
    const key = `cn-${kind}`;
    await sharedCalendar(h, key);
    const put = await request(h.app).put(`/api/calendars/${key}`).set(auth(owner)).send({ spec: { ...WORKWEEK_CALENDAR, holidays: ['2027-10-02', '2027-10-01', '2027-10-01'] }, timezone: 'Asia/Shanghai', note: '国庆' });
    expect([put.status, put.body.version.version, put.body.version.spec.holidays, put.body.version.note, put.body.jobsRetimed]).toEqual([200, 2, ['2027-10-01', '2027-10-02'], '国庆', 0]);
    const read = await request(h.app).get(`/api/calendars/${key}`).set(auth(owner));
    expect(read.body.versions.map((v: { version: number; note: string | null }) => [v.version, v.note])).toEqual([[2, '国庆'], [1, null]]);
    const list = await request(h.app).get('/api/calendars?limit=200').set(auth(await h.login('qa')));
    expect(list.body.items.find((c: { key: string }) => c.key === key).latest.version).toBe(2);

    const taken = await request(h.app).post('/api/calendars').set(auth(owner)).send({ key, name: 'again', spec: WORKWEEK_CALENDAR, timezone: 'Asia/Shanghai' });
    expect([taken.status, taken.body.type]).toEqual([409, 'urn:sop:problem:calendar-key-taken']);
    const reversed = await request(h.app).put(`/api/calendars/${key}`).set(auth(owner)).send({ spec: { workdays: [1], hours: ['18:00', '09:00'] }, timezone: 'Asia/Shanghai' });
    expect([reversed.status, reversed.body.type, reversed.body.errors[0].path]).toEqual([422, 'urn:sop:problem:calendar-invalid', 'body/spec']);
    const zone = await request(h.app).put(`/api/calendars/${key}`).set(auth(owner)).send({ spec: WORKWEEK_CALENDAR, timezone: 'Mars/Olympus' });
    expect([zone.status, zone.body.errors[0].path]).toEqual([422, 'body/timezone']);
    const unknown = await request(h.app).get('/api/calendars/no-such-calendar').set(auth(owner));
    expect([unknown.status, unknown.body.type]).toEqual([404, 'urn:sop:problem:calendar-not-found']);
  });

  test('a holiday import previews the change and stores nothing; with dryRun=false it is a new version; an unreadable file is 422', async () => {
    const key = await sharedCalendar(h, `import-${kind}`);
    const dry = holidayFile();
    const preview = await request(h.app).post(`/api/calendars/${key}/holiday-import`).set(auth(owner)).set('Content-Type', dry.contentType).send(dry.body);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ key, year: 2027, basedOn: 1, dryRun: true, holidays: { added: ['2027-02-06', '2027-02-07'], removed: [] }, makeUpWorkdays: { added: ['2027-02-13'], removed: [] } });
    expect(preview.body.version).toBeUndefined();
    expect((await request(h.app).get(`/api/calendars/${key}`).set(auth(owner))).body.versions).toHaveLength(1);

    const real = holidayFile(false);
    const stored = await request(h.app).post(`/api/calendars/${key}/holiday-import`).set(auth(owner)).set('Content-Type', real.contentType).send(real.body);
    expect([stored.status, stored.body.version.version, stored.body.version.note, stored.body.version.spec.workdaysExtra]).toEqual([200, 2, 'holiday import 2027', ['2027-02-13']]);

    const bad = multipart([{ name: 'file', filename: 'x.csv', contentType: 'text/csv', data: '2027-10-01,国庆节,maybe' }]);
    const refused = await request(h.app).post(`/api/calendars/${key}/holiday-import`).set(auth(owner)).set('Content-Type', bad.contentType).send(bad.body);
    expect([refused.status, refused.body.type, refused.body.errors[0].path]).toEqual([422, 'urn:sop:problem:holiday-file-unreadable', 'body/file']);
  });

  test('publishing an SOP that names a calendar that does not exist is refused (422 at body/definition/calendar)', async () => {
    const definition = sopOnCalendar(`ghost-cal-${kind}`, 'no-such-calendar');
    await request(h.app).post('/api/sops').set(auth(owner)).send({ definition }).expect(201);
    const res = await request(h.app).post(`/api/sops/${definition.key}/publish`).set(auth(owner));
    expect([res.status, res.body.type, res.body.errors[0].path]).toEqual([422, 'urn:sop:problem:calendar-not-found', 'body/definition/calendar']);
  });

  test('a job runs on its SOP\'s shared calendar; a new version re-times its business deadline once, audited, and the vendor is told', async () => {
    const calendar = await sharedCalendar(h, `retime-${kind}`);
    await publishSop(h, sopOnCalendar(`on-cal-${kind}`, calendar));
    const job = await startJob(h, `on-cal-${kind}`);
    const prisma = h.test.db.prisma;
    expect(await prisma.job.findUniqueOrThrow({ where: { id: job.id }, select: { calendarKey: true, calendarVersion: true } })).toEqual({ calendarKey: calendar, calendarVersion: 1 });
    const step = await prisma.stepRun.findFirstOrThrow({ where: { jobId: job.id, nodeId: 'draft' } });
    const due = { after: 'PT30H', calendar: 'business' } as const;
    const before = computeStepSchedule({ activatedAt: step.activatedAt.getTime(), due, calendar: WORKWEEK_CALENDAR, timezone: 'Asia/Shanghai' }).dueAt;
    expect(step.dueAt!.getTime()).toBe(before);

    // The next seven local dates off: the 30 working hours start a week later.
    const holidays = Array.from({ length: 7 }, (_, i) => new Date(step.activatedAt.getTime() + 8 * 3_600_000 + i * DAY).toISOString().slice(0, 10));
    const spec = { ...WORKWEEK_CALENDAR, holidays };
    const put = await request(h.app).put(`/api/calendars/${calendar}`).set(auth(owner)).send({ spec, timezone: 'Asia/Shanghai' });
    expect([put.status, put.body.jobsRetimed]).toEqual([200, 1]);
    const after = computeStepSchedule({ activatedAt: step.activatedAt.getTime(), due, calendar: spec, timezone: 'Asia/Shanghai' }).dueAt;
    expect(after).toBeGreaterThan(before);

    await waitFor(async () => ((await prisma.stepRun.findFirstOrThrow({ where: { jobId: job.id, nodeId: 'draft' } })).dueAt?.getTime() === after ? true : undefined));
    const row = await prisma.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(row.calendarVersion).toBe(2);
    // The re-timing workflow took the key and version only, and signalled them only: the job loaded the spec.
    const retime = h.client.workflow.getHandle(`calendar-retime-${calendar}-v2`);
    expect(await retime.result()).toEqual({ signalled: 1, gone: 0 });
    expect((await retime.fetchHistory()).events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads!.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([{ key: calendar, version: 2 }]);
    expect(await calendarSignals(h.client.workflow.getHandle(row.workflowId))).toEqual([{ key: calendar, version: 2 }]);
    const audited = await prisma.auditEvent.findMany({ where: { jobId: job.id, type: 'step.deadline_changed' } });
    expect(audited.map((a) => a.data)).toEqual([
      { nodeId: 'draft', round: 1, from: new Date(before).toISOString(), to: new Date(after).toISOString(), reason: 'calendar', calendarKey: calendar, calendarVersion: 2 },
    ]);
    const told = await waitFor(async () => {
      const rows = await prisma.notification.findMany({ where: { jobId: job.id, kind: 'notify', channel: 'inbox' } });
      return rows.length > 0 ? rows : undefined;
    });
    expect(told.map((n) => n.userId).sort()).toEqual([h.ids.users.owner, h.ids.users['vendor-a']].sort());
  });

  test('a version stored while a job starts (its calendar read, its workflow not yet running) reaches the job: the start signals it', async () => {
    const calendar = await sharedCalendar(h, `race-${kind}`);
    await publishSop(h, sopOnCalendar(`race-${kind}`, calendar));
    const spec = { ...WORKWEEK_CALENDAR, holidays: weekOff(Date.now()) };
    const workflows = h.client.workflow;
    const start = workflows.start.bind(workflows);
    let put: request.Response | undefined;
    // The window, made to happen: the Job row is written on version 1, then version 2 is stored before the job's workflow starts.
    workflows.start = (async (type: string, options: never) => {
      if (type === JOB_WORKFLOW_TYPE && !put) {
        put = await request(h.app).put(`/api/calendars/${calendar}`).set(auth(owner)).send({ spec, timezone: 'Asia/Shanghai' });
        // The re-timing workflow listed the job and found no workflow to signal.
        expect(await h.client.workflow.getHandle(`calendar-retime-${calendar}-v2`).result()).toEqual({ signalled: 0, gone: 1 });
      }
      return start(type, options);
    }) as unknown as typeof workflows.start;
    let job: { id: string; code: string };
    try {
      job = await startJob(h, `race-${kind}`);
    } finally {
      workflows.start = start;
    }
    expect([put!.status, put!.body.jobsRetimed]).toEqual([200, 1]);
    const prisma = h.test.db.prisma;
    const row = await prisma.job.findUniqueOrThrow({ where: { id: job.id } });
    expect([row.calendarKey, row.calendarVersion]).toEqual([calendar, 2]);
    const step = await prisma.stepRun.findFirstOrThrow({ where: { jobId: job.id, nodeId: 'draft' } });
    const due = { after: 'PT30H', calendar: 'business' } as const;
    const before = computeStepSchedule({ activatedAt: step.activatedAt.getTime(), due, calendar: WORKWEEK_CALENDAR, timezone: 'Asia/Shanghai' }).dueAt;
    const after = computeStepSchedule({ activatedAt: step.activatedAt.getTime(), due, calendar: spec, timezone: 'Asia/Shanghai' }).dueAt;
    await waitFor(async () => ((await prisma.stepRun.findFirstOrThrow({ where: { jobId: job.id, nodeId: 'draft' } })).dueAt?.getTime() === after ? true : undefined));
    expect(await calendarSignals(h.client.workflow.getHandle(row.workflowId))).toEqual([{ key: calendar, version: 2 }]);
    const audited = await prisma.auditEvent.findMany({ where: { jobId: job.id, type: 'step.deadline_changed' } });
    expect(audited.map((a) => a.data)).toEqual([
      { nodeId: 'draft', round: 1, from: new Date(before).toISOString(), to: new Date(after).toISOString(), reason: 'calendar', calendarKey: calendar, calendarVersion: 2 },
    ]);
  });
});
