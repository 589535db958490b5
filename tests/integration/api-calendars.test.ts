/**
 * Shared organisation calendars over the API: versions, the holiday import
 * with its preview, SOPs that name a calendar, and a new version re-timing a
 * running job's business deadline (audited, the assignee told).
 */
import request from 'supertest';
import type { WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { JOB_WORKFLOW_TYPE } from '../../workflows/definitions';
import { CALENDAR_RETIME_WORKFLOW_TYPE } from '../../workflows/calendar-retime-workflow';
import type { SopDefinition, SopNode } from '../../core/sop/types';
import { computeStepSchedule } from '../../core/time/step-schedule';
import { loadRiskData } from '../../platform/risk/risk-data';
import { businessCycles } from '../../api/reports/business-cycle';
import { createPlanCache } from '../../api/sops/plan-cache';
import { DELIVERY_GRACE_MS, sweepCalendarDeliveries } from '../../api/calendars/delivery-sweep';
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
    expect((await request(h.app).get(`/api/calendars/${key}`).set(auth(owner))).body.versions.map((v: { version: number }) => v.version)).toEqual([1]);

    const real = holidayFile(false);
    const stored = await request(h.app).post(`/api/calendars/${key}/holiday-import`).set(auth(owner)).set('Content-Type', real.contentType).send(real.body);
    expect([stored.status, stored.body.version.version, stored.body.version.note, stored.body.version.spec.workdaysExtra]).toEqual([200, 2, 'holiday import 2027', ['2027-02-13']]);

    const bad = multipart([{ name: 'file', filename: 'x.csv', contentType: 'text/csv', data: '2027-10-01,国庆节,maybe' }]);
    const refused = await request(h.app).post(`/api/calendars/${key}/holiday-import`).set(auth(owner)).set('Content-Type', bad.contentType).send(bad.body);
    expect([refused.status, refused.body.type, refused.body.errors[0].path]).toEqual([422, 'urn:sop:problem:holiday-file-unreadable', 'body/file']);
  });

  test('reading a calendar answers the latest version\'s spec and the versions as metadata only, newest first; one version is read by number; an unknown one is 404', async () => {
    const key = await sharedCalendar(h, `read-${kind}`);
    const prisma = h.test.db.prisma;
    const ownerId = h.ids.users.owner!;
    const ownerName = (await prisma.user.findUniqueOrThrow({ where: { id: ownerId } })).name;
    await request(h.app).put(`/api/calendars/${key}`).set(auth(owner)).send({ spec: { ...WORKWEEK_CALENDAR, holidays: ['2027-10-01'] }, timezone: 'Asia/Shanghai', note: '国庆' }).expect(200);

    const read = await request(h.app).get(`/api/calendars/${key}`).set(auth(await h.login('qa')));
    expect(read.status).toBe(200);
    expect(read.body).toEqual({
      key, name: `Calendar ${key}`, createdAt: expect.any(String),
      latest: { version: 2, spec: { ...WORKWEEK_CALENDAR, holidays: ['2027-10-01'], workdaysExtra: [] }, timezone: 'Asia/Shanghai', note: '国庆', createdById: ownerId, createdAt: expect.any(String) },
      versions: [
        { version: 2, timezone: 'Asia/Shanghai', note: '国庆', createdAt: expect.any(String), createdBy: { id: ownerId, name: ownerName } },
        { version: 1, timezone: 'Asia/Shanghai', note: null, createdAt: expect.any(String), createdBy: { id: ownerId, name: ownerName } },
      ],
      moreVersions: false,
    });

    const first = await request(h.app).get(`/api/calendars/${key}/versions/1`).set(auth(owner));
    expect([first.status, first.body.key, first.body.version, first.body.spec, first.body.note, first.body.createdBy]).toEqual([200, key, 1, { ...WORKWEEK_CALENDAR, holidays: [], workdaysExtra: [] }, null, { id: ownerId, name: ownerName }]);
    for (const path of [`/api/calendars/${key}/versions/3`, `/api/calendars/${key}/versions/99999999999`]) {
      const missing = await request(h.app).get(path).set(auth(owner));
      expect([path, missing.status, missing.body.type]).toEqual([path, 404, 'urn:sop:problem:calendar-version-not-found']);
    }
    const noCalendar = await request(h.app).get('/api/calendars/no-such-calendar/versions/1').set(auth(owner));
    expect([noCalendar.status, noCalendar.body.type]).toEqual([404, 'urn:sop:problem:calendar-not-found']);

    // 101 versions: the newest 100 are listed, and the answer says older ones exist.
    await prisma.calendarVersion.createMany({ data: Array.from({ length: 99 }, (_, i) => ({ calendarKey: key, version: i + 3, spec: WORKWEEK_CALENDAR, timezone: 'Asia/Shanghai', createdById: ownerId })) });
    const long = await request(h.app).get(`/api/calendars/${key}`).set(auth(owner));
    expect([long.body.latest.version, long.body.versions.length, long.body.versions[0].version, long.body.versions.at(-1).version, long.body.moreVersions]).toEqual([101, 100, 101, 2, true]);
  });

  test('a change made on a version that is no longer the latest is refused with 409 calendar-version-stale and stores nothing; basedOn stays optional', async () => {
    const key = await sharedCalendar(h, `stale-${kind}`);
    const prisma = h.test.db.prisma;
    const versions = async () => (await prisma.calendarVersion.findMany({ where: { calendarKey: key }, orderBy: { version: 'asc' } })).map((v) => v.version);
    const put = (basedOn: number | undefined, holiday: string) =>
      request(h.app).put(`/api/calendars/${key}`).set(auth(owner)).send({ spec: { ...WORKWEEK_CALENDAR, holidays: [holiday] }, timezone: 'Asia/Shanghai', ...(basedOn === undefined ? {} : { basedOn }) });

    expect((await put(1, '2027-10-01')).body.version.version).toBe(2);
    const stale = await put(1, '2027-10-02');
    expect([stale.status, stale.body.type, stale.body.detail]).toEqual([409, 'urn:sop:problem:calendar-version-stale', `Calendar "${key}" is at version 2; this change was made on version 1. Reload the calendar and make the change again.`]);
    expect(await versions()).toEqual([1, 2]);
    expect((await put(undefined, '2027-10-03')).body.version.version).toBe(3);

    // Two editors of version 3 at once: one is stored, the other refused (the check runs under the calendar's row lock).
    const both = await Promise.all([put(3, '2027-10-04'), put(3, '2027-10-05')]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await versions()).toEqual([1, 2, 3, 4]);

    // An import previewed on version 4, stored after someone else stored version 5: refused; on the latest it is stored.
    const preview = holidayFile(true);
    expect((await request(h.app).post(`/api/calendars/${key}/holiday-import`).set(auth(owner)).set('Content-Type', preview.contentType).send(preview.body)).body.basedOn).toBe(4);
    await put(4, '2027-10-06').expect(200);
    const late = holidayFile(false, 4);
    const refused = await request(h.app).post(`/api/calendars/${key}/holiday-import`).set(auth(owner)).set('Content-Type', late.contentType).send(late.body);
    expect([refused.status, refused.body.type]).toEqual([409, 'urn:sop:problem:calendar-version-stale']);
    expect(await versions()).toEqual([1, 2, 3, 4, 5]);
    const current = holidayFile(false, 5);
    const stored = await request(h.app).post(`/api/calendars/${key}/holiday-import`).set(auth(owner)).set('Content-Type', current.contentType).send(current.body);
    // The file's year replaces 2027 whole: version 5's 2027-10-06 is not in the file.
    expect([stored.status, stored.body.basedOn, stored.body.holidays.removed, stored.body.version.version, stored.body.version.spec.holidays]).toEqual([200, 5, ['2027-10-06'], 6, ['2027-02-06', '2027-02-07']]);
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

  test('business time runs in the shared calendar\'s own zone, not the SOP\'s: the deadline, the risk model\'s calendar and the vendor report\'s clock all use it', async () => {
    const calendar = `new-york-${kind}`;
    await request(h.app).post('/api/calendars').set(auth(owner)).send({ key: calendar, name: 'New York office', spec: WORKWEEK_CALENDAR, timezone: 'America/New_York' }).expect(201);
    await publishSop(h, sopOnCalendar(`ny-cal-${kind}`, calendar));
    const job = await startJob(h, `ny-cal-${kind}`);
    const prisma = h.test.db.prisma;
    const step = await prisma.stepRun.findFirstOrThrow({ where: { jobId: job.id, nodeId: 'draft' } });
    const due = { after: 'PT30H', calendar: 'business' } as const;
    const inNewYork = computeStepSchedule({ activatedAt: step.activatedAt.getTime(), due, calendar: WORKWEEK_CALENDAR, timezone: 'America/New_York' }).dueAt;
    const inShanghai = computeStepSchedule({ activatedAt: step.activatedAt.getTime(), due, calendar: WORKWEEK_CALENDAR, timezone: 'Asia/Shanghai' }).dueAt;
    expect(inNewYork).not.toBe(inShanghai);
    expect(step.dueAt!.getTime()).toBe(inNewYork);

    // The risk model reads the job's calendar version (an SOP naming a shared calendar has none of its own).
    const { steps } = await loadRiskData(h.test.db);
    const risk = steps.find((s) => s.jobId === job.id && s.nodeId === 'draft');
    expect([risk?.calendar.timezone, [...(risk?.calendar.calendar.workdays ?? [])]]).toEqual(['America/New_York', WORKWEEK_CALENDAR.workdays]);

    // The vendor report counts the job's working hours on the same calendar: Monday 08:00 to Tuesday 10:00 New York
    // time is 9 + 1 working hours there (Shanghai's clock would count 9: Monday 21:00 to Tuesday 23:00).
    const createdAt = new Date('2027-03-01T13:00:00Z');
    await prisma.job.update({ where: { id: job.id }, data: { status: 'completed', createdAt, completedAt: new Date('2027-03-02T15:00:00Z') } });
    const cycles = await businessCycles(prisma, createPlanCache(prisma), { from: createdAt, to: new Date('2027-03-03T00:00:00Z'), sop: `ny-cal-${kind}`, fallbackZone: 'Asia/Shanghai' });
    expect(cycles.get(h.ids.orgs['Vendor A']!)).toEqual({ avg: 10, p90: 10 });
  });

  test('a version stored whose delivery failed to start (500) is delivered when the edit is retried: the retry is 409 calendar-version-stale and the running job is re-timed to that version once', async () => {
    const calendar = await sharedCalendar(h, `lost-start-${kind}`);
    await publishSop(h, sopOnCalendar(`lost-start-${kind}`, calendar));
    const job = await startJob(h, `lost-start-${kind}`);
    const prisma = h.test.db.prisma;
    const spec = { ...WORKWEEK_CALENDAR, holidays: weekOff(Date.now()) };
    const workflows = h.client.workflow;
    const start = workflows.start.bind(workflows);
    // Temporal unreachable for the delivery's start only, once: the version is stored, the answer is a 500.
    let failed = 0;
    workflows.start = (async (type: string, options: never) => {
      if (type === CALENDAR_RETIME_WORKFLOW_TYPE && failed === 0) {
        failed += 1;
        throw new Error('14 UNAVAILABLE: connection refused');
      }
      return start(type, options);
    }) as unknown as typeof workflows.start;
    try {
      const first = await request(h.app).put(`/api/calendars/${calendar}`).set(auth(owner)).send({ spec, timezone: 'Asia/Shanghai', basedOn: 1 });
      expect(first.status).toBe(500);
      expect((await prisma.calendarVersion.findMany({ where: { calendarKey: calendar } })).map((v) => v.version).sort()).toEqual([1, 2]);
      const retry = await request(h.app).put(`/api/calendars/${calendar}`).set(auth(owner)).send({ spec, timezone: 'Asia/Shanghai', basedOn: 1 });
      expect([retry.status, retry.body.type]).toEqual([409, 'urn:sop:problem:calendar-version-stale']);
    } finally {
      workflows.start = start;
    }
    expect(await h.client.workflow.getHandle(`calendar-retime-${calendar}-v2`).result()).toEqual({ signalled: 1, gone: 0 });
    const row = await prisma.job.findUniqueOrThrow({ where: { id: job.id } });
    await waitFor(async () => ((await calendarSignals(h.client.workflow.getHandle(row.workflowId))).length === 1 ? true : undefined));
    // Asked again after the delivery closed: refused as a duplicate, so the job is not signalled twice.
    const again = await request(h.app).put(`/api/calendars/${calendar}`).set(auth(owner)).send({ spec, timezone: 'Asia/Shanghai', basedOn: 1 });
    expect(again.status).toBe(409);
    expect(await calendarSignals(h.client.workflow.getHandle(row.workflowId))).toEqual([{ key: calendar, version: 2 }]);
  });

  test('a version whose delivery failed to start and was never retried is delivered by the sweep once its minute has passed, once, however often it sweeps', async () => {
    const calendar = await sharedCalendar(h, `sweep-${kind}`);
    await publishSop(h, sopOnCalendar(`sweep-${kind}`, calendar));
    const job = await startJob(h, `sweep-${kind}`);
    const prisma = h.test.db.prisma;
    const workflows = h.client.workflow;
    const start = workflows.start.bind(workflows);
    workflows.start = (async (type: string, options: never) => {
      if (type === CALENDAR_RETIME_WORKFLOW_TYPE) throw new Error('14 UNAVAILABLE: connection refused');
      return start(type, options);
    }) as unknown as typeof workflows.start;
    try {
      const put = await request(h.app).put(`/api/calendars/${calendar}`).set(auth(owner)).send({ spec: { ...WORKWEEK_CALENDAR, holidays: weekOff(Date.now()) }, timezone: 'Asia/Shanghai' });
      expect(put.status).toBe(500);
    } finally {
      workflows.start = start;
    }
    const stored = await prisma.calendarVersion.findUniqueOrThrow({ where: { calendarKey_version: { calendarKey: calendar, version: 2 } } });
    expect(stored.deliveryStartedAt).toBeNull();
    const mine = (swept: { started: string[] }) => swept.started.filter((s) => s.startsWith(`${calendar}@`));
    // Within its first minute the request that stored it is (as far as the sweep knows) still starting it.
    expect(DELIVERY_GRACE_MS).toBe(60_000);
    expect(mine(await sweepCalendarDeliveries(prisma, h.client, h.taskQueue))).toEqual([]);
    expect(mine(await sweepCalendarDeliveries(prisma, h.client, h.taskQueue, 0))).toEqual([`${calendar}@2`]);
    expect(await h.client.workflow.getHandle(`calendar-retime-${calendar}-v2`).result()).toEqual({ signalled: 1, gone: 0 });
    expect((await prisma.calendarVersion.findUniqueOrThrow({ where: { id: stored.id } })).deliveryStartedAt).not.toBeNull();
    expect(mine(await sweepCalendarDeliveries(prisma, h.client, h.taskQueue, 0))).toEqual([]);
    const row = await prisma.job.findUniqueOrThrow({ where: { id: job.id } });
    await waitFor(async () => ((await calendarSignals(h.client.workflow.getHandle(row.workflowId))).length === 1 ? true : undefined));
    expect(await calendarSignals(h.client.workflow.getHandle(row.workflowId))).toEqual([{ key: calendar, version: 2 }]);
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
