/**
 * The server-side queues (`GET /api/me/tasks`) and job search (`GET /api/jobs?q=`)
 * on 300+ jobs written straight into the database (api/jobs/my-tasks-read.ts,
 * api/jobs/job-reads.ts): paging visits every actionable step exactly once,
 * overdue first then by deadline (ties by id); vendors see their organisation's
 * vendor steps only; QA its reviews; owners and managers stuck jobs and the late
 * steps whose escalation ladder names them; filters; badge counts; search by a
 * Chinese title fragment, a vendor name and file names; bad cursors.
 */
import request from 'supertest';
import { DateTime } from 'luxon';
import type { Prisma } from '../../platform/db/prisma-types';
import { databaseKinds, startAppHarness, type AppHarness } from '../support/app-harness';
import { auth } from '../support/api-fixtures';

jest.setTimeout(300_000);

interface Item {
  id: string;
  kind: string;
  status: string;
  overdue: boolean;
  dueAt: string | null;
  job: { id: string; code: string; title: string; status: string; sop: { key: string; version: number }; vendorOrg: { id: string; name: string } };
  step: { nodeId: string; type: string; title: string | null; round: number; assigneeRole: string | null };
}
interface Page {
  items: Item[];
  nextCursor: string | null;
  counts: { total: number; overdue: number; byKind: Record<string, number> };
}

/** A step run the suite wrote, with what the suite expects of it. */
interface Planted {
  id: string;
  jobId: string;
  vendor: 'A' | 'B' | 'N';
  jobStatus: 'running' | 'stuck' | 'completed';
  nodeId: 'draft' | 'qa';
  round: number;
  dueAt: Date | null;
  managerBound: boolean;
}

const HOUR = 3_600_000;
const JOBS = 300;
const pad = (n: number) => String(n).padStart(4, '0');

describe.each(databaseKinds())('on %s', (kind) => {
  let h: AppHarness;
  const planted: Planted[] = [];
  const now = Date.now();
  const tag = kind === 'embedded' ? 'e' : 'x'; // no letter b: the vendor-name search below looks for one
  const code = (i: number) => `mt${tag}${pad(i)}`;
  let soonIsToday = false;

  beforeAll(async () => {
    h = await startAppHarness(kind);
    const prisma = h.test.db.prisma;
    const ningbo = await prisma.org.create({ data: { name: '宁波印务有限公司', kind: 'vendor' } });
    const orgOf = { A: h.ids.orgs['Vendor A']!, B: h.ids.orgs['Vendor B']!, N: ningbo.id };
    const { owner, manager } = h.ids.users;
    const jobs: Prisma.JobCreateManyInput[] = [];
    const steps: Prisma.StepRunCreateManyInput[] = [];
    for (let i = 0; i < JOBS; i += 1) {
      const vendor = i % 30 === 7 ? 'N' : i % 3 === 2 ? 'B' : 'A';
      const jobStatus = i % 50 === 49 ? 'completed' : i % 25 === 3 ? 'stuck' : 'running';
      const managerBound = i % 2 === 0;
      jobs.push({
        id: code(i), code: code(i), title: i === 123 ? '春节店铺横幅设计（第二版）' : `外发任务 ${i}`, sopKey: 'store-decoration', sopVersion: 1,
        vendorOrgId: orgOf[vendor], ownerId: owner!, workflowId: `wf-${code(i)}`, status: jobStatus,
        assignees: managerBound ? { owner: owner!, manager: manager! } : { owner: owner! },
      });
      // Deadlines repeat every 7 jobs (ties broken by id); every 11th step has none; a few are due soon, tomorrow, next month.
      const dueAt = i % 11 === 0 ? null
        : i % 13 === 0 ? new Date(now + 30 * 60_000)
          : i % 17 === 0 ? new Date(now + 26 * HOUR)
            : i % 19 === 0 ? new Date(now + 30 * 24 * HOUR)
              : new Date(Date.UTC(2026, 0, 1) + (i % 7) * HOUR + (i % 4 === 2 ? 1e13 : 0));
      const add = (nodeId: 'draft' | 'qa', round: number, status: 'active' | 'done', due: Date | null) => {
        const id = `st${tag}${pad(i)}${nodeId}`;
        steps.push({
          id, jobId: code(i), nodeId, type: nodeId === 'draft' ? 'task' : 'review', round, status, activatedAt: new Date(now - 48 * HOUR),
          dueAt: due, assigneeRole: nodeId === 'draft' ? 'vendor' : 'qa', completedAt: status === 'done' ? new Date(now - HOUR) : null,
          outcome: status === 'done' ? 'submitted' : null,
        });
        if (status === 'active') planted.push({ id, jobId: code(i), vendor, jobStatus, nodeId, round, dueAt: due, managerBound });
      };
      if (jobStatus === 'stuck') add('draft', 4, 'active', dueAt); // maxRounds 3 in the demo SOP
      else if (i % 4 === 0 || i % 4 === 2) add('draft', i % 4 === 2 ? 2 : 1, 'active', dueAt);
      else if (i % 4 === 1) {
        add('draft', 1, 'done', dueAt);
        add('qa', 1, 'active', dueAt);
      } else add('draft', 1, 'done', null); // nothing to do
    }
    await prisma.job.createMany({ data: jobs });
    await prisma.stepRun.createMany({ data: steps });
    // Files: a reference and a submitted version with their own names.
    const blob = await prisma.storedFile.findUniqueOrThrow({ where: { id: h.ids.referenceFileId } });
    const vendorA = h.ids.users['vendor-a']!;
    const poster = await prisma.storedFile.create({ data: { sha256: blob.sha256, originalName: '年货节海报_终稿.psd', uploadedById: vendorA, orgId: orgOf.A } });
    const kv = await prisma.storedFile.create({ data: { sha256: blob.sha256, originalName: 'KV-参考图-2026.png', uploadedById: owner!, orgId: orgOf.A } });
    const submission = await prisma.submission.create({ data: { jobId: code(4), nodeId: 'draft', round: 1, submittedById: vendorA } });
    await prisma.deliverableVersion.create({ data: { jobId: code(4), deliverableId: 'banner', version: 1, fileId: poster.id, submissionId: submission.id, namingPassed: true } });
    await prisma.jobReference.create({ data: { jobId: code(8), deliverableId: 'banner', fileId: kv.id } });
    const vendorZone = (await prisma.user.findUniqueOrThrow({ where: { id: vendorA } })).timezone;
    soonIsToday = now + 30 * 60_000 < DateTime.fromMillis(now, { zone: vendorZone }).startOf('day').plus({ days: 1 }).toMillis();
  });
  afterAll(async () => {
    await h?.close();
  });

  const sortKey = (p: { dueAt: Date | null }) => p.dueAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const inOrder = (list: Planted[]) => [...list].sort((a, b) => sortKey(a) - sortKey(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((p) => p.id);
  const live = (p: Planted) => p.jobStatus !== 'completed';
  const late = (p: Planted) => p.dueAt !== null && p.dueAt.getTime() < now;

  async function allPages(who: string, query: string, limit: number): Promise<{ items: Item[]; pages: Page[] }> {
    const token = await h.login(who);
    const pages: Page[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/me/tasks?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await request(h.app).get(url).set(auth(token));
      if (res.status !== 200) throw new Error(`${url}: ${res.status} ${res.text}`);
      pages.push(res.body as Page);
      cursor = (res.body as Page).nextCursor;
      if (pages.length > 100) throw new Error('paging does not end');
    } while (cursor);
    return { items: pages.flatMap((p) => p.items), pages };
  }

  test('a vendor pages through every vendor step of its organisation\'s live jobs exactly once, overdue first, then by deadline', async () => {
    const expected = planted.filter((p) => live(p) && p.vendor === 'A' && p.nodeId === 'draft');
    expect(expected.length).toBeGreaterThan(100);
    const { items, pages } = await allPages('vendor-a', '', 17);
    expect(items.map((i) => i.id)).toEqual(inOrder(expected));
    expect(pages.length).toBe(Math.ceil(expected.length / 17));
    expect(new Set(items.map((i) => i.kind))).toEqual(new Set(['task']));
    const firstOnTime = items.findIndex((i) => !i.overdue);
    expect(items.slice(firstOnTime).some((i) => i.overdue)).toBe(false);
    expect(firstOnTime).toBe(expected.filter(late).length);
    expect(pages[0]!.counts).toEqual({ total: expected.length, overdue: expected.filter(late).length, byKind: { task: expected.length, review: 0, acceptance: 0, stuck: 0, overdue: 0, report: 0 } });
    expect(items.find((i) => i.id === `st${tag}${pad(10)}draft`)).toEqual({
      id: `st${tag}${pad(10)}draft`, kind: 'task', status: 'rework', overdue: false, dueAt: new Date(Date.UTC(2026, 0, 1) + 3 * HOUR + 1e13).toISOString(),
      job: { id: code(10), code: code(10), title: '外发任务 10', status: 'running', sop: { key: 'store-decoration', version: 1 }, vendorOrg: { id: h.ids.orgs['Vendor A'], name: 'Vendor A' } },
      step: { nodeId: 'draft', type: 'task', title: '外包方提交设计稿', round: 2, assigneeRole: 'vendor' },
    });
  });

  test('another vendor organisation sees only its own steps, none of Vendor A\'s', async () => {
    const { items } = await allPages('vendor-b', '', 200);
    const expected = planted.filter((p) => live(p) && p.vendor === 'B' && p.nodeId === 'draft');
    expect(items.map((i) => i.id)).toEqual(inOrder(expected));
    expect(items.filter((i) => i.job.vendorOrg.name !== 'Vendor B')).toEqual([]);
  });

  test('QA pages through every active review of every live job exactly once', async () => {
    const expected = planted.filter((p) => live(p) && p.nodeId === 'qa');
    const { items, pages } = await allPages('qa', '', 9);
    expect(items.map((i) => i.id)).toEqual(inOrder(expected));
    expect(new Set(items.map((i) => i.kind))).toEqual(new Set(['review']));
    expect(pages[0]!.counts.byKind).toEqual({ task: 0, review: expected.length, acceptance: 0, stuck: 0, overdue: 0, report: 0 });
  });

  test('the owner gets stuck jobs and every late step its escalation ladders name it on; a manager those where it is bound', async () => {
    const stuck = planted.filter((p) => p.jobStatus === 'stuck');
    const lateOthers = planted.filter((p) => p.jobStatus === 'running' && late(p));
    const owner = await allPages('owner', '', 50);
    expect(owner.items.map((i) => i.id)).toEqual(inOrder([...stuck, ...lateOthers]));
    expect(owner.items.filter((i) => i.kind === 'stuck').map((i) => i.id).sort()).toEqual(stuck.map((p) => p.id).sort());
    expect(owner.pages[0]!.counts.byKind).toEqual({ task: 0, review: 0, acceptance: 0, stuck: stuck.length, overdue: lateOthers.length, report: 0 });
    // The draft ladder copies the manager; the QA ladder does not name it.
    const manager = await allPages('manager', '', 50);
    const forManager = [...stuck, ...lateOthers.filter((p) => p.nodeId === 'draft')].filter((p) => p.managerBound);
    expect(manager.items.map((i) => i.id)).toEqual(inOrder(forManager));
  });

  test('filters: kind, due (overdue, today, this week) and status each narrow the queue; counts stay those of the whole queue', async () => {
    const mine = planted.filter((p) => live(p) && p.vendor === 'A' && p.nodeId === 'draft');
    const overdue = await allPages('vendor-a', '&due=overdue', 200);
    expect(overdue.items.map((i) => i.id)).toEqual(inOrder(mine.filter(late)));
    expect(overdue.pages[0]!.counts.total).toBe(mine.length);
    const soon = mine.filter((p) => p.dueAt !== null && p.dueAt.getTime() === now + 30 * 60_000);
    expect(soon.length).toBeGreaterThan(0);
    const today = await allPages('vendor-a', '&due=today', 200);
    expect(today.items.map((i) => i.id)).toEqual(soonIsToday ? inOrder(soon) : []);
    const week = await allPages('vendor-a', '&due=week', 200);
    const inWeek = mine.filter((p) => p.dueAt !== null && p.dueAt.getTime() >= now && p.dueAt.getTime() <= now + 26 * HOUR);
    expect(week.items.map((i) => i.id)).toEqual(inOrder(inWeek));
    const rework = await allPages('vendor-a', '&status=rework', 200);
    expect(rework.items.map((i) => i.id)).toEqual(inOrder(mine.filter((p) => p.round > 1)));
    const stuck = await allPages('owner', '&kind=stuck', 200);
    expect(stuck.items.map((i) => i.id)).toEqual(inOrder(planted.filter((p) => p.jobStatus === 'stuck')));
    const reviews = await allPages('vendor-a', '&kind=review', 200);
    expect(reviews.items).toEqual([]);
  });

  test('a cursor this API did not issue answers 422 cursor-invalid as problem+json; an unknown filter 400', async () => {
    const token = await h.login('vendor-a');
    const bad = [
      'not base64!',
      Buffer.from('yesterday|x').toString('base64url'),
      Buffer.from(JSON.stringify([2, null, 'x'])).toString('base64url'),
      Buffer.from(JSON.stringify([1, null, 'x'])).toString('base64url'),
      Buffer.from(JSON.stringify([0, '2026-13-45T00:00:00.000Z', 'x'])).toString('base64url'),
    ];
    for (const cursor of bad) {
      const res = await request(h.app).get(`/api/me/tasks?cursor=${encodeURIComponent(cursor)}`).set(auth(token));
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.type).toBe('urn:sop:problem:cursor-invalid');
    }
    const unknown = await request(h.app).get('/api/me/tasks?due=someday').set(auth(token));
    expect(unknown.status).toBe(400);
  });

  async function search(who: string, q: string): Promise<string[]> {
    const token = await h.login(who);
    const codes: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await request(h.app).get('/api/jobs').query({ q, limit: 40, ...(cursor ? { cursor } : {}) }).set(auth(token));
      if (res.status !== 200) throw new Error(`q=${q}: ${res.status} ${res.text}`);
      codes.push(...(res.body.items as Array<{ code: string }>).map((j) => j.code));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    return codes.sort();
  }

  test('search finds a job by a fragment of its Chinese title, by vendor name, by a submitted and by a reference file name', async () => {
    expect(await search('manager', '横幅设计')).toEqual([code(123)]);
    const ningbo = Array.from({ length: JOBS }, (_, i) => i).filter((i) => i % 30 === 7).map(code).sort();
    expect(await search('manager', '宁波印务')).toEqual(ningbo);
    expect(await search('manager', 'vendor b')).toEqual(Array.from({ length: JOBS }, (_, i) => i).filter((i) => i % 3 === 2 && i % 30 !== 7).map(code).sort());
    expect(await search('manager', '海报_终稿')).toEqual([code(4)]);
    expect(await search('manager', 'kv-参考')).toEqual([code(8)]);
    expect(await search('manager', code(1).toUpperCase())).toEqual([code(1)]);
    // Every word must occur: here the job's code and its vendor's name.
    expect(await search('manager', `${code(2)} vendor`)).toEqual([code(2)]);
    expect(await search('manager', `${code(7)} vendor`)).toEqual([]); // 宁波印务有限公司
    expect((await search('manager', '店铺装修')).length).toBe(JOBS); // the SOP's name
  });

  test('search takes wildcards literally, keeps to the caller\'s scope, and refuses too many words or only one-character ones', async () => {
    expect(await search('manager', '%%')).toEqual([]);
    expect(await search('manager', '报_终')).toEqual([code(4)]); // 年货节海报_终稿.psd
    expect(await search('manager', '报%终')).toEqual([]);
    expect(await search('manager', '年货节海报_终稿')).toEqual([code(4)]);
    expect(await search('vendor-b', '横幅设计')).toEqual([]);
    expect(await search('vendor-a', '横幅设计')).toEqual([code(123)]);
    const tooMany = await request(h.app).get('/api/jobs').query({ q: 'a b c d e f' }).set(auth(await h.login('manager')));
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.type).toBe('urn:sop:problem:search-too-long');
    const short = await request(h.app).get('/api/jobs').query({ q: 'a 横' }).set(auth(await h.login('manager')));
    expect([short.status, short.body.type, short.body.detail]).toEqual([422, 'urn:sop:problem:search-word-too-short', 'Search for at least one word of 2 or more characters.']);
  });
});
