/**
 * The smaller holes of issue 12 item 8, closed: duplicate job codes started at
 * once answer 409 (not 500), reassign applies the start-time rules to who may
 * fill a slot, a job's events and comments are paged, SOP definitions are
 * bounded, and downloads reach the audit chain once per user and file an hour
 * (never for a 304).
 */
import request from 'supertest';
import type { SopDefinition } from '../../core/sop/types';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { connectClient } from '../support/temporal';
import { auth, publishSop, startJob, strictSop, uniqueCode } from '../support/api-fixtures';

jest.setTimeout(180_000);

let h: AppHarness;
let owner: string;
const sop = 'limits-and-rules';

beforeAll(async () => {
  h = await startAppHarness();
  owner = await h.login('owner');
  await publishSop(h, strictSop(sop));
});
afterAll(async () => {
  await h?.close();
});

const jobBody = (code: string) => ({
  sop, code, title: `Job ${code}`, vendorOrgId: h.ids.orgs['Vendor A'],
  assignees: { vendor: h.ids.users['vendor-a'], qa: h.ids.users.qa, manager: h.ids.users.manager },
  references: { banner: h.ids.referenceFileId },
});

test('the same job code started eight times at once: one 201, seven 409 job-code-taken, one job row', async () => {
  const code = uniqueCode('DUP');
  const answers = await Promise.all(Array.from({ length: 8 }, () => request(h.app).post('/api/jobs').set(auth(owner)).send(jobBody(code))));
  expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
  for (const refused of answers.filter((a) => a.status === 409)) {
    expect(refused.body).toMatchObject({ type: 'urn:sop:problem:job-code-taken', detail: `A job with code "${code}" exists already: choose another code.` });
  }
  expect(await h.test.db.prisma.job.count({ where: { code } })).toBe(1);
});

describe('reassign', () => {
  let job: { id: string; code: string };
  const reassign = (body: Record<string, unknown>) => request(h.app).post(`/api/jobs/${job.id}/assignees`).set(auth(owner)).send(body);

  beforeAll(async () => {
    job = await startJob(h, sop);
  });

  test.each([
    ['a vendor user into the QA slot', () => ({ role: 'qa', userId: h.ids.users['vendor-a'] }), 'body/userId', 'must be an internal user'],
    ['another vendor\'s user into the vendor slot', () => ({ role: 'vendor', userId: h.ids.users['vendor-b'] }), 'body/userId', 'must be a user of the vendor organisation'],
    ['an internal user without the QA role into the QA slot', () => ({ role: 'qa', userId: h.ids.users.procurement }), 'body/userId', 'must hold the "qa" role'],
    ['an unknown user', () => ({ role: 'qa', userId: 'nobody' }), 'body/userId', 'unknown user'],
    ['a role the SOP does not have', () => ({ role: 'designer', userId: h.ids.users.qa }), 'body/role', 'the SOP has no role "designer" (roles: owner, vendor, qa, manager)'],
  ])('refuses %s with 422 assignee-invalid and the field error, and leaves the job as it was', async (_what, body, path, message) => {
    const res = await reassign(body());
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ type: 'urn:sop:problem:assignee-invalid', errors: [{ path, message }] });
    expect(res.body.detail).toBe(`This person cannot fill role "${body().role}": ${message}.`);
    const stored = await h.test.db.prisma.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(stored.assignees).toEqual({ owner: h.ids.users.owner, vendor: h.ids.users['vendor-a'], qa: h.ids.users.qa, manager: h.ids.users.manager });
    expect(await h.test.db.prisma.auditEvent.count({ where: { jobId: job.id, type: 'job.reassigned' } })).toBe(0);
  });

  test('refuses a disabled account, also at job start', async () => {
    const prisma = h.test.db.prisma;
    const internal = await prisma.org.findFirstOrThrow({ where: { kind: 'internal' } });
    const gone = await prisma.user.create({ data: { email: `gone-${job.code}@demo.test`.toLowerCase(), name: 'Gone QA', roles: ['qa'], orgId: internal.id, passwordHash: 'x', disabled: true } });
    const res = await reassign({ role: 'qa', userId: gone.id });
    expect([res.status, res.body.type, res.body.errors]).toEqual([422, 'urn:sop:problem:assignee-invalid', [{ path: 'body/userId', message: 'this account is disabled' }]]);
    const start = await request(h.app).post('/api/jobs').set(auth(owner)).send({ ...jobBody(uniqueCode('GONE')), assignees: { ...jobBody('x').assignees, qa: gone.id } });
    expect([start.status, start.body.errors]).toEqual([422, [{ path: 'body/assignees/qa', message: 'this account is disabled' }]]);
  });

  test('binds an internal user holding the role (or an admin) and records it', async () => {
    const res = await reassign({ role: 'qa', userId: h.ids.users.admin });
    expect(res.status).toBe(200);
    const stored = await h.test.db.prisma.job.findUniqueOrThrow({ where: { id: job.id } });
    expect((stored.assignees as Record<string, string>).qa).toBe(h.ids.users.admin);
    expect(await h.test.db.prisma.auditEvent.count({ where: { jobId: job.id, type: 'job.reassigned' } })).toBe(1);
  });
});

describe('changes to a job whose workflow has ended answer 409 job-not-running, never 500', () => {
  // Found by the fuzzer: the row still said "running" while Temporal had closed the run.
  test.each([
    ['reassign', (id: string) => ({ path: `/api/jobs/${id}/assignees`, body: { role: 'qa', userId: h.ids.users.admin } })],
    ['cancel', (id: string) => ({ path: `/api/jobs/${id}/cancel`, body: {} })],
  ])('%s of a job Temporal has already closed', async (_what, build) => {
    const job = await startJob(h, sop);
    const row = await h.test.db.prisma.job.findUniqueOrThrow({ where: { id: job.id } });
    const { client, connection } = await connectClient();
    await client.workflow.getHandle(row.workflowId).terminate('test: the run ends before its row does');
    await connection.close();
    const { path, body } = build(job.id);
    const res = await request(h.app).post(path).set(auth(owner)).send(body);
    expect([res.status, res.body.type, res.body.detail]).toEqual([409, 'urn:sop:problem:job-not-running', 'The job has ended; it takes no more changes.']);
    expect((await h.test.db.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe('running');
  });

  test('reassign of a cancelled job is refused before any signal', async () => {
    const job = await startJob(h, sop);
    await h.test.db.prisma.job.update({ where: { id: job.id }, data: { status: 'cancelled' } });
    const res = await request(h.app).post(`/api/jobs/${job.id}/assignees`).set(auth(owner)).send({ role: 'qa', userId: h.ids.users.admin });
    expect([res.status, res.body.type, res.body.detail]).toEqual([409, 'urn:sop:problem:job-not-running', 'The job is cancelled.']);
  });
});

describe('a job\'s events and comments are paged', () => {
  let job: { id: string; code: string };
  beforeAll(async () => {
    job = await startJob(h, sop);
    for (let n = 1; n <= 5; n += 1) await request(h.app).post(`/api/jobs/${job.id}/comments`).set(auth(owner)).send({ body: `comment ${n}` }).expect(201);
  });

  const walk = async (path: string, limit: number) => {
    const pages: unknown[][] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await request(h.app).get(path).query({ limit, ...(cursor ? { cursor } : {}) }).set(auth(owner));
      expect(res.status).toBe(200);
      pages.push(res.body.items as unknown[]);
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    return pages;
  };

  test('comments: pages of two visit all five once, oldest first; one call without a limit answers all with nextCursor null', async () => {
    const pages = await walk(`/api/jobs/${job.id}/comments`, 2);
    expect(pages.map((p) => p.map((c) => (c as { body: string }).body))).toEqual([['comment 1', 'comment 2'], ['comment 3', 'comment 4'], ['comment 5']]);
    const all = await request(h.app).get(`/api/jobs/${job.id}/comments`).set(auth(owner));
    expect(all.body.items.map((c: { body: string }) => c.body)).toEqual(['comment 1', 'comment 2', 'comment 3', 'comment 4', 'comment 5']);
    expect(all.body.nextCursor).toBeNull();
  });

  test('events: pages of three visit every event of the job once, in chain order', async () => {
    const all = await request(h.app).get(`/api/jobs/${job.id}/events`).set(auth(owner));
    expect(all.body.nextCursor).toBeNull();
    const seqs = (all.body.items as { seq: number }[]).map((e) => e.seq);
    expect(seqs.length).toBeGreaterThanOrEqual(6); // job.created and five comment.added
    const pages = await walk(`/api/jobs/${job.id}/events`, 3);
    expect(pages.slice(0, -1).every((p) => p.length === 3)).toBe(true);
    expect(pages.flat().map((e) => (e as { seq: number }).seq)).toEqual(seqs);
  });

  test('a limit above 200 answers 400, a cursor this API did not make 422 cursor-invalid', async () => {
    for (const path of ['events', 'comments']) {
      const big = await request(h.app).get(`/api/jobs/${job.id}/${path}?limit=201`).set(auth(owner));
      expect(big.status).toBe(400);
      const bad = await request(h.app).get(`/api/jobs/${job.id}/${path}?cursor=not-a-cursor`).set(auth(owner));
      expect([bad.status, bad.body.type]).toEqual([422, 'urn:sop:problem:cursor-invalid']);
    }
  });
});

test('an SOP of 201 steps is refused on create and on draft save with SOP_TOO_LARGE in both languages, and not stored', async () => {
  const base = strictSop('too-large');
  const nodes = [base.nodes[0]!, ...Array.from({ length: 199 }, (_, i) => ({ id: `n${i}`, type: 'task', assignee: 'vendor', produces: ['banner'] })), base.nodes.at(-1)!];
  const definition = { ...base, nodes } as unknown as SopDefinition;
  const created = await request(h.app).post('/api/sops').set(auth(owner)).send({ definition });
  expect(created.status).toBe(422);
  expect(created.body.errors).toEqual([expect.objectContaining({ path: 'body/definition', code: 'SOP_TOO_LARGE' })]);
  expect(created.body.errors[0].message).toBe('This SOP is too large: it has 201 steps, 4 arrows and ' + JSON.stringify(definition).length + ' characters; at most 200 steps, 500 arrows and 1000000 characters are allowed. Split the process into smaller SOPs.');
  const validated = await request(h.app).post('/api/sops/validate').set(auth(owner)).send({ definition });
  expect(validated.body.errors[0].messages['zh-CN']).toMatch(/^该 SOP 过大：共有 201 个节点/);
  await publishSop(h, strictSop('small-then-large'));
  const saved = await request(h.app).put('/api/sops/small-then-large/draft').set(auth(owner)).send({ definition: { ...definition, key: 'small-then-large' } });
  expect([saved.status, saved.body.errors?.[0]?.code]).toEqual([422, 'SOP_TOO_LARGE']);
  expect(await h.test.db.prisma.sop.findUnique({ where: { key: 'too-large' } })).toBeNull();
  const kept = await h.test.db.prisma.sop.findUniqueOrThrow({ where: { key: 'small-then-large' } });
  expect((kept.draft as { nodes: unknown[] }).nodes).toHaveLength(4);
});

test('downloads are audited once per user and file an hour; a 304 Not Modified is never audited', async () => {
  const fileId = h.ids.referenceFileId;
  const prisma = h.test.db.prisma;
  const downloads = (actorId: string) => prisma.auditEvent.count({ where: { type: 'file.downloaded', actorId, data: { path: ['fileId'], equals: fileId } } });
  const manager = await h.login('manager');
  const first = await request(h.app).get(`/api/files/${fileId}/content`).set(auth(manager));
  expect(first.status).toBe(200);
  const etag = first.headers.etag as string;
  const again = await request(h.app).get(`/api/files/${fileId}/content`).set(auth(manager));
  expect(again.status).toBe(200);
  const revalidated = await request(h.app).get(`/api/files/${fileId}/content`).set(auth(manager)).set('If-None-Match', etag);
  expect(revalidated.status).toBe(304);
  expect(await downloads(h.ids.users.manager!)).toBe(1);

  const qa = await h.login('qa');
  const notModified = await request(h.app).get(`/api/files/${fileId}/content`).set(auth(qa)).set('If-None-Match', etag);
  expect(notModified.status).toBe(304);
  expect(await downloads(h.ids.users.qa!)).toBe(0);
  await request(h.app).get(`/api/files/${fileId}/content`).set(auth(qa)).expect(200);
  expect(await downloads(h.ids.users.qa!)).toBe(1);
});
