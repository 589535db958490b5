/**
 * Helpers for the API suites (api-*.test.ts): publishing a small SOP, starting
 * jobs and driving them to a step, hand-built multipart bodies (so file names
 * reach the server byte for byte), a second app on the same database with other
 * options, and a look into the storage folder.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import sharp from 'sharp';
import type { Express } from 'express';
import { createApp, liveHubOf } from '../../api/app';
import { buildMonthlyReport } from '../../api/reports/monthly-build';
import { monthPeriod } from '../../core/reports/monthly-period';
import { createIsolatedLoginLimiter, type LoginLimiter } from '../../api/auth/login-limiter';
import type { AppDeps } from '../../api/deps';
import type { AppConfig } from '../../platform/config';
import type { JobFieldSpec, SopDefinition } from '../../core/sop/types';
import type { AppHarness } from './app-harness';
import { acceptSop, minimalReviewSop } from './sop-builder';
import { connectClient } from './temporal';
import { waitFor } from './wait-for';

export const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A tiny valid PNG (`width`×`height`, one colour). */
export function pngOf(width = 4, height = 4, rgb: [number, number, number] = [200, 30, 30]): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } }).png().toBuffer();
}

/** The job fields the API suites declare: budget and contract for owner, procurement and admin; priority for everyone. */
export const TEST_JOB_FIELDS: JobFieldSpec[] = [
  { id: 'budget', label: '预算', type: 'money', visibleTo: ['owner', 'procurement', 'admin'] },
  { id: 'contractNo', label: '合同号', type: 'text', visibleTo: ['owner', 'procurement', 'admin'] },
  { id: 'priority', label: '优先级', type: 'select', options: ['low', 'normal', 'high'], visibleTo: ['owner', 'procurement', 'admin', 'qa', 'manager', 'vendor'] },
];

/** The minimal review SOP under `key`, its banner taking only PNG/JPEG up to `maxBytes`, declaring TEST_JOB_FIELDS. */
export function strictSop(key: string, maxBytes = 20 * 1024 * 1024): SopDefinition {
  const definition = minimalReviewSop();
  return {
    ...definition,
    key,
    name: `API ${key}`,
    deliverables: [{ ...definition.deliverables[0]!, accept: ['image/png', 'image/jpeg'], maxBytes }],
    fields: TEST_JOB_FIELDS,
  };
}

/** strictSop with a naming check (an activity, not a local one) between the vendor's draft and QA's review. */
export function checkedSop(key: string): SopDefinition {
  return {
    ...strictSop(key),
    nodes: [
      { id: 'start', type: 'start' },
      { id: 'draft', type: 'task', assignee: 'vendor', produces: ['banner'] },
      { id: 'auto', type: 'check', checks: [{ kind: 'naming', deliverable: 'banner' }] },
      { id: 'review', type: 'review', assignee: 'qa', reasons: [{ code: 'color', label: 'Wrong colour' }] },
      { id: 'end', type: 'end' },
    ],
    edges: [
      { from: 'start', to: 'draft' }, { from: 'draft', to: 'auto' },
      { from: 'auto', to: 'review', on: 'passed' }, { from: 'auto', to: 'draft', on: 'failed' },
      { from: 'review', to: 'end', on: 'approved' }, { from: 'review', to: 'draft', on: 'rejected' },
    ],
  } as SopDefinition;
}

/** acceptSop (start → take (accept, 接单) → draft → end; declined → owner task `reassign` → take) under `key`. */
export function strictAcceptSop(key: string): SopDefinition {
  return { ...acceptSop(), key, name: `API ${key}` };
}

const acceptSops = new WeakMap<AppHarness, Map<string, Promise<void>>>();
/** Publishes strictAcceptSop(`key`) once per harness and starts a job of it for Vendor A, `take` active. */
export async function startAcceptJob(h: AppHarness, key: string): Promise<{ id: string; code: string }> {
  const published = acceptSops.get(h) ?? new Map<string, Promise<void>>();
  acceptSops.set(h, published);
  if (!published.has(key)) published.set(key, publishSop(h, strictAcceptSop(key)));
  await published.get(key);
  return startJob(h, key, { activeNode: 'take' });
}

/** A job of strictAcceptSop(`key`) that Vendor A declined (reason `capacity`): the owner's `reassign` task is active. */
export async function declinedAcceptJob(h: AppHarness, key: string): Promise<{ id: string; code: string }> {
  const job = await startAcceptJob(h, key);
  const res = await request(h.app).post(`/api/jobs/${job.id}/steps/take/accept`).set(auth(await h.login('vendor-a'))).send({ decision: 'declined', reason: 'capacity' });
  if (res.status !== 200) throw new Error(`decline ${job.code}: ${res.status} ${res.text}`);
  await waitForActive(h, job.id, 'reassign');
  return job;
}

const versionedJobs = new WeakMap<AppHarness, Map<string, Promise<{ id: string; code: string }>>>();
/**
 * Once per harness and key: publishes strictSop(`key`) as version 1, starts a job of it for
 * Vendor A (`draft` active), then publishes checkedSop(`key`) (a naming check added) as version 2.
 * The job, still on version 1, is what migrations move.
 */
export async function versionedJob(h: AppHarness, key: string): Promise<{ id: string; code: string }> {
  const made = versionedJobs.get(h) ?? new Map<string, Promise<{ id: string; code: string }>>();
  versionedJobs.set(h, made);
  if (!made.has(key)) {
    made.set(key, (async () => {
      await publishSop(h, strictSop(key));
      const job = await startJob(h, key);
      await publishVersion(h, checkedSop(key));
      return job;
    })());
  }
  return made.get(key)!;
}

/** Saves `definition` as the draft of its (existing) SOP and publishes it as the next version. */
export async function publishVersion(h: AppHarness, definition: SopDefinition): Promise<void> {
  const owner = await h.login('owner');
  const saved = await request(h.app).put(`/api/sops/${definition.key}/draft`).set(auth(owner)).send({ definition });
  if (saved.status !== 200) throw new Error(`save draft of ${definition.key}: ${saved.status} ${saved.text}`);
  const published = await request(h.app).post(`/api/sops/${definition.key}/publish`).set(auth(owner));
  if (published.status !== 200) throw new Error(`publish ${definition.key}: ${published.status} ${published.text}`);
}

/** strictSop(`key`) whose `draft` asks for a daily report (进度 %, required) with a 12-hour grace. */
export function reportingSop(key: string): SopDefinition {
  const definition = strictSop(key);
  return {
    ...definition,
    nodes: definition.nodes.map((n) => (n.id === 'draft' && n.type === 'task'
      ? { ...n, reports: { every: 'P1D', graceAfter: 'PT12H', fields: [{ id: 'progress', label: '进度 %', type: 'number', min: 0, max: 100, required: true }] } }
      : n)),
  };
}

const reportingSops = new WeakMap<AppHarness, Map<string, Promise<void>>>();
/** Publishes reportingSop(`key`) once per harness and starts a job of it for Vendor A, `draft` active. */
export async function startReportingJob(h: AppHarness, key: string): Promise<{ id: string; code: string }> {
  const published = reportingSops.get(h) ?? new Map<string, Promise<void>>();
  reportingSops.set(h, published);
  if (!published.has(key)) published.set(key, publishSop(h, reportingSop(key)));
  await published.get(key);
  return startJob(h, key);
}

/** Creates and publishes `definition` as the owner; fails loudly otherwise. */
export async function publishSop(h: AppHarness, definition: SopDefinition): Promise<void> {
  const owner = await h.login('owner');
  const created = await request(h.app).post('/api/sops').set(auth(owner)).send({ definition });
  if (created.status !== 201) throw new Error(`create SOP ${definition.key}: ${created.status} ${created.text}`);
  const published = await request(h.app).post(`/api/sops/${definition.key}/publish`).set(auth(owner));
  if (published.status !== 200) throw new Error(`publish SOP ${definition.key}: ${published.status} ${published.text}`);
}

let jobCounter = 0;
/** A job code no other call of this process uses. */
export function uniqueCode(prefix: string): string {
  jobCounter += 1;
  return `${prefix}-${process.pid}-${jobCounter}`;
}

/** Starts a job of `sop` for Vendor A as the owner and waits until `draft` (or `options.activeNode`) is active. */
export async function startJob(h: AppHarness, sop: string, options: { code?: string; fields?: Record<string, unknown>; activeNode?: string } = {}): Promise<{ id: string; code: string }> {
  const owner = await h.login('owner');
  const code = options.code ?? uniqueCode('API');
  const res = await request(h.app).post('/api/jobs').set(auth(owner)).send({
    sop, code, title: `Job ${code}`, vendorOrgId: h.ids.orgs['Vendor A'],
    assignees: { vendor: h.ids.users['vendor-a'], qa: h.ids.users.qa, manager: h.ids.users.manager },
    references: { banner: h.ids.referenceFileId },
    ...(options.fields ? { fields: options.fields } : {}),
  });
  if (res.status !== 201) throw new Error(`start job ${code}: ${res.status} ${res.text}`);
  const id = (res.body as { id: string }).id;
  await waitForActive(h, id, options.activeNode ?? 'draft');
  return { id, code };
}

/** Waits until step `nodeId` of job `id` is active. */
export async function waitForActive(h: AppHarness, id: string, nodeId: string): Promise<void> {
  const owner = await h.login('owner');
  await waitFor(async () => {
    const res = await request(h.app).get(`/api/jobs/${id}`).set(auth(owner));
    return (res.body as { activeSteps?: string[] }).activeSteps?.includes(nodeId) ? true : undefined;
  });
}

/** Vendor A submits a valid banner to `draft` and the job moves on to `review`. */
export async function submitDraft(h: AppHarness, job: { id: string; code: string }): Promise<void> {
  const vendor = await h.login('vendor-a');
  const res = await request(h.app)
    .post(`/api/jobs/${job.id}/steps/draft/submissions`)
    .set(auth(vendor))
    .attach('banner', await pngOf(), { filename: `${job.code}_banner_v01.png`, contentType: 'image/png' });
  if (res.status !== 201) throw new Error(`submit draft of ${job.code}: ${res.status} ${res.text}`);
  await waitForActive(h, job.id, 'review');
}

export interface MultipartPart {
  name: string;
  /** Sent as is inside a quoted string (`\` and `"` escaped), UTF-8, like a browser does. */
  filename?: string;
  contentType?: string;
  data: Buffer | string;
}

/** A multipart/form-data body built by hand: the file name arrives exactly as given. */
export function multipart(parts: MultipartPart[]): { body: Buffer; contentType: string } {
  const boundary = `----sop-test-${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
    if (part.filename !== undefined) head += `; filename="${part.filename.replace(/["\\]/g, (c) => `\\${c}`)}"`;
    head += '\r\n';
    if (part.contentType) head += `Content-Type: ${part.contentType}\r\n`;
    chunks.push(Buffer.from(`${head}\r\n`, 'utf8'), Buffer.from(part.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * A second app on the harness's database, storage and task queue, with other options: by default a
 * login limiter of its own (counters apart from the harness app's); pass `loginLimiter` to share one.
 */
export async function startExtraApp(
  h: AppHarness,
  options: Pick<AppDeps, 'maxUploadBytes' | 'maxImageMegapixels' | 'sessionTtlMs' | 'passwordGate' | 'maxRequestBytes' | 'orgStorageQuotaBytes' | 'orgUploadLimit' | 'webRoot' | 'liveEvents' | 'logger' | 'metricsToken' | 'ocrPool' | 'compareOcrTimeoutMs'> & { loginLimiter?: LoginLimiter; trustProxy?: AppConfig['trustProxy'] } = {},
): Promise<{ app: Express; close(): Promise<void> }> {
  const { client, connection } = await connectClient();
  const { trustProxy, loginLimiter, ...rest } = options;
  const app = createApp({
    config: { taskQueue: h.taskQueue, publicUrl: 'http://localhost', trustProxy },
    db: h.test.db,
    temporal: { client, connection, taskQueue: h.taskQueue },
    storage: h.storage,
    loginLimiter: loginLimiter ?? createIsolatedLoginLimiter(h.test.db),
    ...rest,
  });
  return {
    app,
    async close() {
      await liveHubOf(app).close();
      await connection.close();
    },
  };
}

/** Every file under the harness's storage folder (objects and temp files), relative and sorted. */
export function storedPaths(h: AppHarness): string[] {
  // LocalFileStorage keeps its folder private; the tests read it to prove nothing was left behind.
  const root = Reflect.get(h.storage, 'root') as string;
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(path.relative(root, full));
    }
  };
  walk(root);
  return out.sort();
}

/** Row counts of the tables an upload writes. */
export async function uploadRowCounts(h: AppHarness): Promise<{ blobs: number; files: number; versions: number; submissions: number }> {
  const prisma = h.test.db.prisma;
  const [blobs, files, versions, submissions] = await Promise.all([
    prisma.fileBlob.count(), prisma.storedFile.count(), prisma.deliverableVersion.count(), prisma.submission.count(),
  ]);
  return { blobs, files, versions, submissions };
}

let lateSteps = 0;
/**
 * A finished, late vendor task of the job, written straight into the read model (the workflow never sees it):
 * a new step each call, so each caller explains a lateness nobody explained before. Answers its delay-reason path.
 */
export async function lateStepOf(ctx: { h: AppHarness; job: { id: string } }): Promise<string> {
  lateSteps += 1;
  const nodeId = `late-draft-${lateSteps}`;
  const at = (hour: number) => new Date(Date.UTC(2026, 0, 5, hour));
  await ctx.h.test.db.prisma.stepRun.create({
    data: { jobId: ctx.job.id, nodeId, type: 'task', round: 1, status: 'done', activatedAt: at(0), dueAt: at(8), completedAt: at(20), outcome: 'submitted', assigneeRole: 'vendor' },
  });
  return `/api/jobs/${ctx.job.id}/steps/${nodeId}/delay-reason`;
}

/** A bulk-start upload of a CSV for strictSop(`sop`): one good row (a new code) and one whose vendor is unknown. */
export function bulkSheet(sop: string, dryRun = true): { body: Buffer; contentType: string } {
  const code = uniqueCode('BULK');
  const header = 'code,title,sop,vendor,assignee:vendor,assignee:qa,assignee:manager,reference:banner';
  const row = (c: string, vendor: string) => `${c},Job ${c},${sop},${vendor},vendor-a@demo.test,qa@demo.test,manager@demo.test,reference-banner.png`;
  return multipart([
    { name: 'file', filename: 'jobs.csv', contentType: 'text/csv', data: [header, row(code, 'Vendor A'), row(`${code}-X`, 'Nobody Ltd')].join('\n') },
    { name: 'dryRun', data: String(dryRun) },
  ]);
}

/** Runs bulkSheet(`sop`) for real as the owner and waits until both rows are done; the run's id. */
export async function finishedBulkRun(h: AppHarness, sop: string): Promise<string> {
  const owner = await h.login('owner');
  const sheet = bulkSheet(sop, false);
  const res = await request(h.app).post('/api/jobs/bulk').set(auth(owner)).set('Content-Type', sheet.contentType).send(sheet.body);
  if (res.status !== 200) throw new Error(`bulk start: ${res.status} ${res.text}`);
  const id = (res.body as { id: string }).id;
  await waitFor(async () => ((await request(h.app).get(`/api/jobs/bulk/runs/${id}`).set(auth(owner))).body.status === 'done' ? true : undefined));
  return id;
}

const monthlyReports = new WeakMap<AppHarness, Promise<string>>();
/** The id of a monthly report (January 2026) of the demo company, built once per harness. */
export function monthlyReportOf(h: AppHarness): Promise<string> {
  let made = monthlyReports.get(h);
  if (!made) {
    const orgId = h.ids.orgs['Demo Co 演示公司']!;
    made = buildMonthlyReport({ prisma: h.test.db.prisma, storage: h.storage, publicUrl: 'http://localhost' }, { orgId, month: monthPeriod('2026-01', 'Asia/Shanghai'), trigger: 'manual' }).then((r) => r.report.id);
    monthlyReports.set(h, made);
  }
  return made;
}

/** Monday to Friday, 09:00–18:00: the calendar the calendar tests start from. */
export const WORKWEEK_CALENDAR = { workdays: [1, 2, 3, 4, 5], hours: ['09:00', '18:00'] as [string, string] };

/** Creates the shared calendar `key` (version 1: WORKWEEK_CALENDAR, Asia/Shanghai) as the owner; answers its key. */
export async function sharedCalendar(h: AppHarness, key: string): Promise<string> {
  const res = await request(h.app).post('/api/calendars').set(auth(await h.login('owner'))).send({ key, name: `Calendar ${key}`, spec: WORKWEEK_CALENDAR, timezone: 'Asia/Shanghai' });
  if (res.status !== 201) throw new Error(`create calendar ${key}: ${res.status} ${res.text}`);
  return key;
}

/** A holiday-cn JSON file for 2027 (two days off, one make-up workday), as a multipart body for the holiday import. */
export function holidayFile(dryRun = true, basedOn?: number): { body: Buffer; contentType: string } {
  const file = JSON.stringify({ year: 2027, days: [{ name: '春节', date: '2027-02-06', isOffDay: true }, { name: '春节', date: '2027-02-07', isOffDay: true }, { name: '春节', date: '2027-02-13', isOffDay: false }] });
  return multipart([{ name: 'file', filename: '2027.json', contentType: 'application/json', data: file }, { name: 'dryRun', data: String(dryRun) }, ...(basedOn === undefined ? [] : [{ name: 'basedOn', data: String(basedOn) }])]);
}
