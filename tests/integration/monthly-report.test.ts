/**
 * The monthly vendor report end to end on the real Temporal dev server and a
 * real database: the organisation's schedule (here every 2 s instead of the
 * 1st at 09:00) builds last month's report exactly once, also across a worker
 * restart, and queues one inbox entry and one e-mail per manager and
 * procurement person; the PDF's extracted text names the vendors (Chinese
 * too); the list, the downloads and "build now" follow the roles; the file
 * collector keeps the report's files.
 */
import request from 'supertest';
import ExcelJS from 'exceljs';
import type { Client } from '@temporalio/client';
import { createActivities } from '../../activities/create-activities';
import { buildMonthlyReportActivity } from '../../activities/build-monthly-report';
import { sharedOcrPool } from '../../checks/ocr-pool';
import { previousMonth } from '../../core/reports/monthly-period';
import { buildMonthlyReport } from '../../api/reports/monthly-build';
import { collectUnreferencedFiles } from '../../platform/storage/file-gc';
import { monthlyScheduleId, syncMonthlyReportSchedules } from '../../platform/schedules/monthly-report-schedule';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { auth } from '../support/api-fixtures';
import { pdfText } from '../support/pdf-text';
import { connectClient, startWorker, uniqueTaskQueue, type RunningWorker } from '../support/temporal';
import { waitFor } from '../support/wait-for';

jest.setTimeout(240_000);

const ZONE = 'Asia/Shanghai';
const binary = (res: request.Request) => res.buffer(true).parse((r, done) => {
  const chunks: Buffer[] = [];
  r.on('data', (c: Buffer) => chunks.push(c));
  r.on('end', () => done(null, Buffer.concat(chunks)));
});

let h: AppHarness;
let client: Client;
let closeClient: () => Promise<void>;
let company: string;
const month = previousMonth(new Date(), ZONE);
const inMonth = (hours: number) => new Date(month.from.getTime() + hours * 3_600_000);

beforeAll(async () => {
  h = await startAppHarness('embedded');
  const connected = await connectClient();
  client = connected.client;
  closeClient = () => connected.connection.close();
  const prisma = h.test.db.prisma;
  company = h.ids.orgs['Demo Co 演示公司']!;
  await prisma.channelConfig.create({ data: { scope: 'org', scopeId: company, channel: 'email', url: 'smtp://mail.example.com:587', secret: 'pw', settings: { from: 'SOP <sop@example.com>' } } });
  const star = (await prisma.org.create({ data: { name: '深圳星光印刷厂', kind: 'vendor' } })).id;
  const { owner, qa } = h.ids.users;
  const job = (code: string, vendorOrgId: string, created: number, completed: number) => ({
    id: code, code, title: code, sopKey: 'store-decoration', sopVersion: 1, vendorOrgId, ownerId: owner!, workflowId: `wf-${code}`,
    status: 'completed' as const, createdAt: inMonth(created), completedAt: inMonth(completed), assignees: { owner: owner!, qa: qa! },
  });
  await prisma.job.createMany({ data: [job('M1', star, 1, 20), job('M2', star, 30, 130), job('M3', h.ids.orgs['Vendor A']!, 2, 50)] });
  const task = (jobId: string, due: number, completed: number) => ({
    jobId, nodeId: 'draft', type: 'task', round: 1, status: 'done' as const, activatedAt: inMonth(1), dueAt: inMonth(due), completedAt: inMonth(completed), outcome: 'submitted', assigneeRole: 'vendor',
  });
  await prisma.stepRun.createMany({ data: [task('M1', 10, 5), task('M2', 40, 60), task('M3', 10, 8)] });
  await prisma.stepDelay.create({ data: { jobId: 'M2', nodeId: 'draft', round: 1, kind: 'late_completion', reason: 'missing-material', actorId: owner!, createdAt: inMonth(60) } });
});

afterAll(async () => {
  await client.schedule.getHandle(monthlyScheduleId(company)).delete().catch(() => undefined);
  await closeClient?.();
  await h?.close();
});

async function reportWorker(taskQueue: string): Promise<RunningWorker> {
  const deps = { db: h.test.db, storage: h.storage, ocrPool: () => sharedOcrPool(), publicUrl: 'http://localhost' };
  return startWorker(taskQueue, { ...createActivities(deps), buildMonthlyReport: buildMonthlyReportActivity(deps) });
}

const actionsTaken = async () => (await client.schedule.getHandle(monthlyScheduleId(company)).describe()).info.numActionsTaken;

test(`the schedule builds last month (${month.period}) once, however often it fires and across a worker restart, and queues one inbox entry and one e-mail per manager and procurement person`, async () => {
  const prisma = h.test.db.prisma;
  const taskQueue = uniqueTaskQueue('monthly');
  const settings = { taskQueue, spec: () => ({ intervals: [{ every: '2s' as const }] }) };
  expect(await syncMonthlyReportSchedules(client, prisma, settings)).toEqual({ [company]: 'created' });
  let worker = await reportWorker(taskQueue);
  try {
    await waitFor(async () => ((await actionsTaken()) >= 2 ? true : undefined), 60_000);
    await worker.stop();
    // Another worker process starts: it keeps the schedule as it is, and the runs go on.
    expect(await syncMonthlyReportSchedules(client, prisma, settings)).toEqual({ [company]: 'unchanged' });
    const before = await actionsTaken();
    worker = await reportWorker(taskQueue);
    await waitFor(async () => ((await actionsTaken()) >= before + 2 ? true : undefined), 60_000);
    await client.schedule.getHandle(monthlyScheduleId(company)).pause('test over');
    const recent = (await client.schedule.getHandle(monthlyScheduleId(company)).describe()).info.recentActions;
    const results = await Promise.all(recent.map((a) => client.workflow.getHandle(a.action.workflow.workflowId, a.action.workflow.firstExecutionRunId).result()));
    expect(results.length).toBeGreaterThanOrEqual(3);
    expect(new Set(results.map((r) => `${r.period} ${r.reportId}`))).toEqual(new Set([`${month.period} ${results[0].reportId}`]));
    expect(results.filter((r) => r.created).length).toBe(1);
  } finally {
    await worker.stop();
  }
  const reports = await prisma.monthlyReport.findMany({ where: { orgId: company } });
  expect(reports.map((r) => [r.period, r.from.toISOString(), r.to.toISOString(), r.timezone, r.trigger, r.vendorCount])).toEqual([
    [month.period, month.from.toISOString(), month.to.toISOString(), ZONE, 'schedule', 3],
  ]);
  const notices = await prisma.notification.findMany({ where: { kind: 'monthly_report' }, orderBy: { idempotencyKey: 'asc' } });
  const { manager, procurement } = h.ids.users;
  expect(notices.map((n) => [n.idempotencyKey, n.channel, n.status])).toEqual([
    [`monthly-report/${company}/${month.period}/${manager}/email`, 'email', 'pending'],
    [`monthly-report/${company}/${month.period}/${manager}/inbox`, 'inbox', 'sent'],
    [`monthly-report/${company}/${month.period}/${procurement}/email`, 'email', 'pending'],
    [`monthly-report/${company}/${month.period}/${procurement}/inbox`, 'inbox', 'sent'],
  ].sort((a, b) => a[0]!.localeCompare(b[0]!)));
  const mail = notices.find((n) => n.userId === manager && n.channel === 'email')!.payload as { email: { to: string; subject: string; text: string } };
  expect(mail.email.to).toBe('manager@demo.test');
  expect(mail.email.subject).toBe(`${month.period} 月度供应商报告 — Demo Co 演示公司`);
  expect(mail.email.text).toContain(`PDF：http://localhost/api/reports/monthly/${reports[0]!.id}?format=pdf`);
});

test('the PDF download names every vendor (Chinese too) with its on-time rate; the XLSX has the ranking in Chinese and English', async () => {
  const report = await h.test.db.prisma.monthlyReport.findFirstOrThrow({ where: { orgId: company, period: month.period } });
  const manager = await h.login('manager');
  const pdf = await binary(request(h.app).get(`/api/reports/monthly/${report.id}?format=pdf`).set(auth(manager)));
  expect([pdf.status, pdf.headers['content-type'], pdf.headers['content-disposition']]).toEqual([
    200, 'application/pdf', `attachment; filename="vendor-report-${month.period}.pdf"; filename*=UTF-8''vendor-report-${month.period}.pdf`,
  ]);
  const text = await pdfText(pdf.body as Buffer);
  expect(text).toContain(`月度供应商报告 Monthly vendor report · ${month.period}`);
  expect(text).toContain('深圳星光印刷厂 50.0% (1/2)');
  expect(text).toContain('Vendor A 100.0% (1/1)');
  expect(text).toContain('素材缺失 Missing material 1');
  const xlsx = await binary(request(h.app).get(`/api/reports/monthly/${report.id}?format=xlsx`).set(auth(manager)));
  expect(xlsx.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx.body as ArrayBuffer);
  expect(book.worksheets.map((s) => s.name)).toEqual([`供应商 ${month.period}`, `Vendors ${month.period}`]);
  const names = (sheet: number) => book.worksheets[sheet]!.getColumn(2).values.filter((v) => typeof v === 'string');
  expect(names(0)).toEqual(['供应商', 'Vendor A', '深圳星光印刷厂', 'Vendor B']);
  expect(names(1)).toEqual(['Vendor', 'Vendor A', '深圳星光印刷厂', 'Vendor B']);
});

test('managers, procurement, owners and admins list the reports; QA and vendors get 403; another organisation\'s report is 404', async () => {
  const report = await h.test.db.prisma.monthlyReport.findFirstOrThrow({ where: { orgId: company, period: month.period } });
  for (const who of ['manager', 'procurement', 'owner', 'admin']) {
    const res = await request(h.app).get('/api/reports/monthly').set(auth(await h.login(who)));
    expect([who, res.status, res.body.items.map((r: { id: string; period: string }) => `${r.id} ${r.period}`)]).toEqual([who, 200, [`${report.id} ${month.period}`]]);
  }
  for (const who of ['qa', 'vendor-a']) {
    const res = await request(h.app).get(`/api/reports/monthly/${report.id}`).set(auth(await h.login(who)));
    expect([who, res.status, res.body.type]).toEqual([who, 403, 'urn:sop:problem:forbidden']);
  }
  const prisma = h.test.db.prisma;
  const other = await prisma.org.create({ data: { name: 'Other Co', kind: 'internal', timezone: 'Europe/Berlin' } });
  const theirs = await buildMonthlyReport({ prisma, storage: h.storage, publicUrl: 'http://localhost' }, { orgId: other.id, month: previousMonth(new Date(), 'Europe/Berlin'), trigger: 'manual' });
  const res = await request(h.app).get(`/api/reports/monthly/${theirs.report.id}`).set(auth(await h.login('manager')));
  expect([res.status, res.body.type]).toEqual([404, 'urn:sop:problem:not-found']);
});

test('"build now" makes a past month once (a second request answers the same report, no new notices), refuses a month not yet over, and is for managers and admins', async () => {
  const prisma = h.test.db.prisma;
  const manager = await h.login('manager');
  const first = await request(h.app).post('/api/reports/monthly').set(auth(manager)).send({ period: '2025-06' });
  expect([first.status, first.body.created, first.body.report.period, first.body.report.trigger]).toEqual([200, true, '2025-06', 'manual']);
  const noticesAfterFirst = await prisma.notification.count({ where: { kind: 'monthly_report', idempotencyKey: { contains: '/2025-06/' } } });
  expect(noticesAfterFirst).toBe(4);
  const again = await request(h.app).post('/api/reports/monthly').set(auth(await h.login('admin'))).send({ period: '2025-06' });
  expect([again.status, again.body.created, again.body.report.id]).toEqual([200, false, first.body.report.id]);
  expect(await prisma.notification.count({ where: { kind: 'monthly_report', idempotencyKey: { contains: '/2025-06/' } } })).toBe(4);
  const open = await request(h.app).post('/api/reports/monthly').set(auth(manager)).send({ period: '2099-01' });
  expect([open.status, open.body.type]).toEqual([422, 'urn:sop:problem:monthly-report-period-open']);
  for (const period of ['0000-01', '2000-01']) {
    const old = await request(h.app).post('/api/reports/monthly').set(auth(manager)).send({ period });
    expect([old.status, old.body.type, old.body.errors]).toEqual([422, 'urn:sop:problem:monthly-report-period-too-old', [{ path: 'body/period', message: 'too old' }]]);
  }
  const procurement = await request(h.app).post('/api/reports/monthly').set(auth(await h.login('procurement'))).send({ period: '2025-07' });
  expect(procurement.status).toBe(403);
});

test('the file collector keeps the reports\' PDF and XLSX however old they are', async () => {
  const prisma = h.test.db.prisma;
  const report = await prisma.monthlyReport.findFirstOrThrow({ where: { orgId: company, period: month.period } });
  await collectUnreferencedFiles({ prisma, storage: h.storage, graceMs: 0, now: new Date(Date.now() + 86_400_000) });
  for (const sha256 of [report.pdfSha256, report.xlsxSha256]) {
    expect(await prisma.fileBlob.count({ where: { sha256 } })).toBe(1);
    expect(await h.storage.exists(sha256)).toBe(true);
  }
});

test('an admin creating an internal organisation names its zone (an unknown one is 422), and its monthly schedule is made at once: 09:00 on the 1st there', async () => {
  const admin = await h.login('admin');
  const bad = await request(h.app).post('/api/orgs').set(auth(admin)).send({ name: 'Mars Co', kind: 'internal', timezone: 'Mars/Olympus' });
  expect([bad.status, bad.body.type]).toEqual([422, 'urn:sop:problem:timezone-unknown']);
  const res = await request(h.app).post('/api/orgs').set(auth(admin)).send({ name: 'Berlin Co', kind: 'internal', timezone: 'Europe/Berlin' });
  expect([res.status, res.body.kind, res.body.timezone]).toEqual([201, 'internal', 'Europe/Berlin']);
  const handle = client.schedule.getHandle(monthlyScheduleId(res.body.id as string));
  try {
    const { spec, action } = await handle.describe();
    expect([spec.timezone, spec.calendars?.map((c) => [c.dayOfMonth, c.hour, c.minute])]).toEqual(['Europe/Berlin', [[[{ start: 1, end: 1, step: 1 }], [{ start: 9, end: 9, step: 1 }], [{ start: 0, end: 0, step: 1 }]]]]);
    expect(action.type === 'startWorkflow' && [action.workflowType, action.taskQueue, action.args]).toEqual(['monthlyReportWorkflow', h.taskQueue, [{ orgId: res.body.id }]]);
  } finally {
    await handle.delete();
  }
});
