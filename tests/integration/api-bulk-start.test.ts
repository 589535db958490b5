/**
 * Bulk start (POST /api/jobs/bulk): a sheet of 200 rows with 3 bad ones is
 * reported row by row (sheet row, column, code) in a dry run that starts
 * nothing; the real run starts the 197 good rows and reports the 3 as failed;
 * uploading the same sheet again (twice at once) starts none of them twice.
 * The template names the SOP's columns, XLSX sheets read like CSV, and the
 * limits answer problem+json.
 */
import request from 'supertest';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { auth, multipart, pngOf, publishSop, startExtraApp, strictSop } from '../support/api-fixtures';
import { storageUsed } from '../../api/files/storage-quota';
import { waitFor } from '../support/wait-for';

jest.setTimeout(300_000);

const SOP = 'bulk-banner';
const COLUMNS = ['code', 'title', 'sop', 'version', 'vendor', 'assignee:vendor', 'assignee:qa', 'assignee:manager', 'reference:banner', 'field:budget', 'field:contractNo', 'field:priority'];

type Row = Record<string, string>;
interface RunBody { id: string; status: string; total: number; done: number; summary: { started: number; skipped: number; failed: number }; rows: Array<{ row: number; code: string; status: string; jobId?: string; problems?: Array<{ row: number; column: string; code: string }> }> }

const goodRow = (code: string): Row => ({
  code, title: `横幅 ${code}`, sop: SOP, vendor: 'Vendor A', 'assignee:vendor': 'vendor-a@demo.test', 'assignee:qa': 'QA@demo.test', 'assignee:manager': 'manager@demo.test',
  'reference:banner': 'reference-banner.png', 'field:budget': '1,200.50', 'field:contractNo': `HT-${code}`, 'field:priority': 'high',
});

const csvOf = (columns: string[], rows: Row[]) => [columns, ...rows.map((r) => columns.map((c) => r[c] ?? ''))].map((cells) => cells.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join('\r\n');

describe('bulk start from a spreadsheet', () => {
  let h: AppHarness;
  let owner: string;
  const prefix = `BLK${process.pid}`;

  const upload = (sheet: Buffer | string, dryRun: boolean | undefined, filename = 'jobs.csv', token?: string, zip?: Buffer) => {
    const parts = [
      { name: 'file', filename, contentType: filename.endsWith('.csv') ? 'text/csv' : 'application/octet-stream', data: sheet },
      ...(zip ? [{ name: 'references', filename: 'refs.zip', contentType: 'application/zip', data: zip }] : []),
    ];
    const body = multipart(dryRun === undefined ? parts : [...parts, { name: 'dryRun', data: String(dryRun) }]);
    return request(h.app).post('/api/jobs/bulk').set(auth(token ?? owner)).set('Content-Type', body.contentType).send(body.body);
  };
  const finished = async (id: string): Promise<RunBody> =>
    waitFor(async () => {
      const res = await request(h.app).get(`/api/jobs/bulk/runs/${id}`).set(auth(owner));
      expect(res.status).toBe(200);
      return res.body.status === 'done' ? (res.body as RunBody) : undefined;
    }, 180_000);
  const jobsNamed = (codePrefix: string) => h.test.db.prisma.job.findMany({ where: { code: { startsWith: codePrefix } }, select: { code: true } });

  beforeAll(async () => {
    h = await startAppHarness();
    owner = await h.login('owner');
    await publishSop(h, strictSop(SOP));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('names the SOP\'s roles, reference deliverables and declared fields in the template, as CSV and as XLSX', async () => {
    const csv = await request(h.app).get(`/api/jobs/bulk/template?sop=${SOP}`).set(auth(owner));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.text.replace('\uFEFF', '').trim()).toBe('code,title,sop,version,vendor,assignee:vendor,assignee:qa,assignee:manager,reference:banner,field:budget,field:contractNo,field:priority');
    const xlsx = await request(h.app).get(`/api/jobs/bulk/template?sop=${SOP}&format=xlsx`).set(auth(owner)).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as ArrayBuffer);
    expect((workbook.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual(['code', 'title', 'sop', 'version', 'vendor', 'assignee:vendor', 'assignee:qa', 'assignee:manager', 'reference:banner', 'field:budget', 'field:contractNo', 'field:priority']);
    const unknown = await request(h.app).get('/api/jobs/bulk/template?sop=no-such-sop').set(auth(owner));
    expect(unknown.status).toBe(422);
    expect(unknown.body.type).toBe('urn:sop:problem:sop-not-published');
  });

  it('reports 3 bad rows of 200 by row and column, starts the 197 others, and starts none twice when the sheet comes again', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => goodRow(`${prefix}-${String(i + 1).padStart(3, '0')}`));
    rows[9] = { ...rows[9]!, vendor: 'Nobody Ltd' }; // sheet row 11
    rows[49] = { ...rows[49]!, 'field:budget': 'twelve' }; // sheet row 51
    rows[119] = { ...rows[119]!, 'assignee:qa': 'vendor-a@demo.test' }; // sheet row 121
    const sheet = csvOf(COLUMNS, rows);

    const dry = await upload(sheet, true);
    expect(dry.status).toBe(200);
    expect(dry.body.summary).toEqual({ rows: 200, ready: 197, existing: 0, invalid: 3 });
    expect(dry.body.problems.map((p: { row: number; column: string; code: string }) => [p.row, p.column, p.code])).toEqual([
      [11, 'vendor', 'vendor-unknown'],
      [51, 'field:budget', 'field-invalid'],
      [121, 'assignee:qa', 'job-invalid'],
    ]);
    expect(dry.body.problems[2].message).toBe('must be an internal user');
    expect((await jobsNamed(prefix)).length).toBe(0);

    const started = await upload(sheet, false);
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ total: 200, fileName: 'jobs.csv' });
    const run = await finished(started.body.id as string);
    expect(run.done).toBe(200);
    expect(run.summary).toEqual({ started: 197, skipped: 0, failed: 3 });
    expect(run.rows.filter((r) => r.status === 'failed').map((r) => [r.row, r.problems!.map((p) => p.column)])).toEqual([[11, ['vendor']], [51, ['field:budget']], [121, ['assignee:qa']]]);
    expect((await jobsNamed(prefix)).length).toBe(197);
    const job = await h.test.db.prisma.job.findUniqueOrThrow({ where: { code: `${prefix}-001` }, include: { references: true } });
    expect(job).toMatchObject({ title: `横幅 ${prefix}-001`, vendorOrgId: h.ids.orgs['Vendor A'], fields: { budget: 1200.5, contractNo: `HT-${prefix}-001`, priority: 'high' } });
    expect(job.assignees).toEqual({ owner: h.ids.users.owner, vendor: h.ids.users['vendor-a'], qa: h.ids.users.qa, manager: h.ids.users.manager });
    expect(job.references.map((r) => r.fileId)).toEqual([h.ids.referenceFileId]);

    const again = await upload(sheet, true);
    expect(again.body.summary).toEqual({ rows: 200, ready: 0, existing: 197, invalid: 3 });
    const [first, second] = await Promise.all([upload(sheet, false), upload(sheet, false)]);
    const reruns = await Promise.all([finished(first.body.id as string), finished(second.body.id as string)]);
    for (const rerun of reruns) expect(rerun.summary).toEqual({ started: 0, skipped: 197, failed: 3 });
    expect(reruns[0]!.rows.find((r) => r.code === `${prefix}-001`)).toEqual({ row: 2, code: `${prefix}-001`, status: 'skipped-existing', jobId: job.id });
    expect((await jobsNamed(prefix)).length).toBe(197);
  });

  it('starts each code once when two uploads of a new sheet run at the same time', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => goodRow(`${prefix}-RACE-${i}`));
    const sheet = csvOf(COLUMNS, rows);
    const [a, b] = await Promise.all([upload(sheet, false), upload(sheet, false)]);
    const runs = await Promise.all([finished(a.body.id as string), finished(b.body.id as string)]);
    expect(runs[0]!.summary.started + runs[1]!.summary.started).toBe(12);
    expect(runs[0]!.summary.skipped + runs[1]!.summary.skipped).toBe(12);
    expect((await jobsNamed(`${prefix}-RACE-`)).length).toBe(12);
  });

  it('takes reference files from a zip by name: stored once when the run starts, never again when the sheet comes back', async () => {
    const zip = new JSZip();
    zip.file('参考/横幅-参考.png', await pngOf(6, 6, [10, 200, 10]));
    zip.file('notes.txt', 'not named by any row');
    const zipBytes = await zip.generateAsync({ type: 'nodebuffer' });
    const rows = [
      { ...goodRow(`${prefix}-Z1`), 'reference:banner': '横幅-参考.png' },
      { ...goodRow(`${prefix}-Z2`), 'reference:banner': '横幅-参考.png' },
      { ...goodRow(`${prefix}-Z3`), 'reference:banner': 'missing.png' },
    ];
    const sheet = csvOf(COLUMNS, rows);
    const named = () => h.test.db.prisma.storedFile.count({ where: { originalName: { in: ['横幅-参考.png', 'notes.txt'] } } });

    const dry = await upload(sheet, true, 'jobs.csv', undefined, zipBytes);
    expect(dry.body.summary).toEqual({ rows: 3, ready: 2, existing: 0, invalid: 1 });
    expect(dry.body.problems.map((p: { row: number; column: string; code: string }) => [p.row, p.column, p.code])).toEqual([[4, 'reference:banner', 'file-unknown']]);
    expect(await named()).toBe(0);

    const started = await upload(sheet, false, 'jobs.csv', undefined, zipBytes);
    expect(started.status).toBe(200);
    expect((await finished(started.body.id as string)).summary).toEqual({ started: 2, skipped: 0, failed: 1 });
    const file = await h.test.db.prisma.storedFile.findFirstOrThrow({ where: { originalName: '横幅-参考.png' }, include: { blob: true } });
    expect([file.blob.mime, await named()]).toEqual(['image/png', 1]);
    const references = await h.test.db.prisma.jobReference.findMany({ where: { job: { code: { in: [`${prefix}-Z1`, `${prefix}-Z2`] } } } });
    expect(references.map((r) => r.fileId)).toEqual([file.id, file.id]);

    const again = await upload(sheet, false, 'jobs.csv', undefined, zipBytes);
    expect((await finished(again.body.id as string)).summary).toEqual({ started: 0, skipped: 2, failed: 1 });
    expect(await named()).toBe(1);
    const broken = await upload(sheet, true, 'jobs.csv', undefined, Buffer.from('PK not really a zip'));
    expect([broken.status, broken.body.type]).toEqual([422, 'urn:sop:problem:zip-unreadable']);
  });

  it('stops unpacking a reference zip once it passes the organisation\'s storage left: 413, and no row or blob stays', async () => {
    const prisma = h.test.db.prisma;
    const orgId = (await prisma.user.findUniqueOrThrow({ where: { email: 'owner@demo.test' } })).orgId;
    const used = await storageUsed(prisma, orgId);
    const extra = await startExtraApp(h, { orgStorageQuotaBytes: used + 1000 });
    try {
      const zip = new JSZip();
      // 64 KiB of zeros compresses to almost nothing: the zip is small, what it unpacks to is not.
      zip.file('big.png', Buffer.concat([await pngOf(2, 2), Buffer.alloc(64 * 1024)]));
      const zipBytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
      const sheet = csvOf(COLUMNS, [{ ...goodRow(`${prefix}-Q1`), 'reference:banner': 'big.png' }]);
      const body = multipart([
        { name: 'file', filename: 'jobs.csv', contentType: 'text/csv', data: sheet },
        { name: 'references', filename: 'refs.zip', contentType: 'application/zip', data: zipBytes },
        { name: 'dryRun', data: 'false' },
      ]);
      const [files, blobs] = [await prisma.storedFile.count(), await prisma.fileBlob.count()];
      const res = await request(extra.app).post('/api/jobs/bulk').set(auth(owner)).set('Content-Type', body.contentType).send(body.body);
      expect([res.status, res.body.type]).toEqual([413, 'urn:sop:problem:payload-too-large']);
      expect(res.body.detail).toBe(`The reference zip unpacks to more than 1000 bytes: the organisation's storage left (ORG_STORAGE_QUOTA_BYTES) or ${2 * 1024 ** 3} bytes, whichever is less.`);
      expect([await prisma.storedFile.count(), await prisma.fileBlob.count()]).toEqual([files, blobs]);
      expect(await jobsNamed(`${prefix}-Q1`)).toEqual([]);
    } finally {
      await extra.close();
    }
  });

  it('reads an XLSX sheet like a CSV one, dry run by default', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Jobs');
    sheet.addRow(COLUMNS);
    sheet.addRow(COLUMNS.map((c) => (c === 'field:budget' ? 300 : goodRow(`${prefix}-X1`)[c] ?? '')));
    sheet.addRow(COLUMNS.map((c) => (c === 'code' ? 'bad code!' : goodRow('x')[c] ?? '')));
    const res = await upload(Buffer.from(await workbook.xlsx.writeBuffer()), undefined, 'jobs.xlsx');
    expect(res.status).toBe(200);
    expect(res.body.dryRun).toBe(true);
    expect(res.body.summary).toEqual({ rows: 2, ready: 1, existing: 0, invalid: 1 });
    expect(res.body.problems).toEqual([{ row: 3, column: 'code', code: 'code-invalid', message: expect.stringContaining('1–64 letters') }]);
  });

  it('refuses vendors, unknown columns and sheets over 1,000 rows with problem+json, starting nothing', async () => {
    const vendor = await upload(csvOf(COLUMNS, [goodRow(`${prefix}-V`)]), false, 'jobs.csv', await h.login('vendor-a'));
    expect(vendor.status).toBe(403);
    const unknown = await upload(csvOf([...COLUMNS, 'colour'], [goodRow(`${prefix}-U`)]), false);
    expect(unknown.status).toBe(422);
    expect(unknown.body.type).toBe('urn:sop:problem:sheet-column-unknown');
    const many = await upload(csvOf(COLUMNS, Array.from({ length: 1001 }, (_, i) => goodRow(`${prefix}-M${i}`))), false);
    expect(many.status).toBe(422);
    expect(many.body.type).toBe('urn:sop:problem:sheet-too-many-rows');
    expect(many.headers['content-type']).toContain('application/problem+json');
    expect((await jobsNamed(`${prefix}-V`)).length + (await jobsNamed(`${prefix}-U`)).length + (await jobsNamed(`${prefix}-M`)).length).toBe(0);
  });
});
