/**
 * The audit trail is tamper-evident: after a realistic job the hash chain
 * verifies; editing any column of a row or deleting a row is found at the
 * exact sequence number; the per-job trail and the JSON-lines export match
 * the stored rows. The database itself refuses edits and deletions (an
 * append-only trigger); the tamper tests disable it as the table owner could.
 */
import request from 'supertest';
import { databaseKinds, startAppHarness, type AppHarness } from '../support/app-harness';
import { auth, pngOf, publishSop, startJob, strictSop, submitDraft, waitForActive } from '../support/api-fixtures';
import { waitFor } from '../support/wait-for';

jest.setTimeout(180_000);

interface ExportLine {
  seq: number; at: string; actorId: string | null; actor: string; type: string; jobId: string | null; data: unknown; prevHash: string; hash: string;
}

describe.each(databaseKinds())('on %s', (kind) => {
  let h: AppHarness;
  let admin: string;
  let job: { id: string; code: string };
  let otherJob: { id: string; code: string };

  const verify = async () => {
    const res = await request(h.app).get('/api/audit/verify').set(auth(admin));
    expect(res.status).toBe(200);
    return res.body as { valid: boolean; checked: number; headHash: string; firstInvalid?: { seq: number; reason: string } };
  };
  const prisma = () => h.test.db.prisma;

  beforeAll(async () => {
    h = await startAppHarness(kind);
    admin = await h.login('admin');
    const sop = `audit-${kind}`;
    await publishSop(h, strictSop(sop));
    // A realistic job: a comment, a submission, a rejection, a second submission, an approval.
    job = await startJob(h, sop, { fields: { budget: 5000 } });
    otherJob = await startJob(h, sop);
    const [owner, vendor, qa] = [await h.login('owner'), await h.login('vendor-a'), await h.login('qa')];
    await request(h.app).post(`/api/jobs/${job.id}/comments`).set(auth(owner)).send({ body: '注意品牌色' }).expect(201);
    await submitDraft(h, job);
    await request(h.app).post(`/api/jobs/${job.id}/steps/review/review`).set(auth(qa)).send({ decision: 'rejected', reasons: ['color'], comment: '颜色不对' }).expect(200);
    await waitForActive(h, job.id, 'draft');
    await request(h.app).post(`/api/jobs/${job.id}/steps/draft/submissions`).set(auth(vendor))
      .attach('banner', await pngOf(4, 4, [10, 200, 10]), { filename: `${job.code}_banner_v02.png`, contentType: 'image/png' }).expect(201);
    await waitForActive(h, job.id, 'review');
    await request(h.app).post(`/api/jobs/${job.id}/steps/review/review`).set(auth(qa)).send({ decision: 'approved' }).expect(200);
    await waitFor(async () => ((await prisma().auditEvent.count({ where: { jobId: job.id, type: 'job.completed' } })) === 1 ? true : undefined));
  });
  afterAll(async () => {
    await h?.close();
  });

  test('after a realistic job the chain verifies and every row is checked', async () => {
    const rows = await prisma().auditEvent.findMany({ orderBy: { seq: 'asc' } });
    const result = await verify();
    expect(result).toEqual({ valid: true, checked: rows.length, headHash: rows.at(-1)!.hash });
    // The verification is itself audited, and the next one covers it.
    expect(await prisma().auditEvent.count()).toBe(rows.length + 1);
    expect((await verify()).checked).toBe(rows.length + 1);
  });

  test('the job\'s trail lists its own events in sequence order, exactly as stored', async () => {
    const res = await request(h.app).get(`/api/jobs/${job.id}/events`).set(auth(await h.login('owner')));
    expect(res.status).toBe(200);
    const items = res.body.items as Array<{ seq: number; at: string; actor: string; actorId: string | null; type: string; data: unknown; hash: string; prevHash: string }>;
    const rows = await prisma().auditEvent.findMany({ where: { jobId: job.id }, orderBy: { seq: 'asc' } });
    expect(items).toEqual(rows.map((r) => ({ seq: r.seq, at: r.at.toISOString(), actor: r.actorLabel, actorId: r.actorId, type: r.type, data: r.data, hash: r.hash, prevHash: r.prevHash })));
    const seqs = items.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    const types = items.map((e) => e.type);
    expect(types[0]).toBe('job.created');
    expect(types.at(-1)).toBe('job.completed');
    expect(types.filter((t) => t === 'submission.created')).toHaveLength(2);
    expect(types.filter((t) => t === 'comment.added')).toHaveLength(1);
    const order = ['job.created', 'comment.added', 'submission.created', 'review.rejected', 'submission.created', 'review.approved', 'job.completed'];
    expect(types.filter((t) => order.includes(t))).toEqual(order);
    const otherSeqs = (await prisma().auditEvent.findMany({ where: { jobId: otherJob.id }, select: { seq: true } })).map((r) => r.seq);
    expect(otherSeqs.length).toBeGreaterThan(0);
    expect(seqs.filter((s) => otherSeqs.includes(s))).toEqual([]);
  });

  test('the export is one JSON line per stored row, in sequence order, equal to the rows', async () => {
    const res = await request(h.app).get('/api/audit/export').set(auth(admin));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="audit.jsonl"');
    expect(res.text.endsWith('\n')).toBe(true);
    const lines = res.text.trimEnd().split('\n').map((l) => JSON.parse(l) as ExportLine);
    const rows = await prisma().auditEvent.findMany({ orderBy: { seq: 'asc' } });
    expect(lines).toEqual(rows.map((r) => ({
      seq: r.seq, at: r.at.toISOString(), actorId: r.actorId, actor: r.actorLabel, type: r.type, jobId: r.jobId, data: r.data, prevHash: r.prevHash, hash: r.hash,
    })));
    expect(lines.at(-1)!.type).toBe('audit.exported');
    for (let i = 1; i < lines.length; i += 1) expect([lines[i]!.seq, lines[i]!.prevHash]).toEqual([lines[i]!.seq, lines[i - 1]!.hash]);
  });

  /**
   * Tampering as the table owner could: the append-only trigger (migration
   * audit_append_only) refuses edits to anyone who has not first disabled it,
   * so these tests disable it for the edit and enable it again straight after.
   */
  const tamper = async <T>(work: () => Promise<T>): Promise<T> => {
    await prisma().$executeRawUnsafe('ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_append_only"');
    try {
      return await work();
    } finally {
      await prisma().$executeRawUnsafe('ALTER TABLE "AuditEvent" ENABLE TRIGGER "AuditEvent_append_only"');
    }
  };

  /** A row in the middle of the chain: the job's first submission. */
  const middleRow = () => prisma().auditEvent.findFirstOrThrow({ where: { jobId: job.id, type: 'submission.created' }, orderBy: { seq: 'asc' } });
  const rowsBefore = (seq: number) => prisma().auditEvent.count({ where: { seq: { lt: seq } } });

  test.each([
    ['data', `UPDATE "AuditEvent" SET "data" = '{"tampered":true}'::jsonb WHERE "seq" = $1`, 'hash-mismatch'],
    ['data (one nested value)', `UPDATE "AuditEvent" SET "data" = jsonb_set("data", '{nodeId}', '"review"') WHERE "seq" = $1`, 'hash-mismatch'],
    ['actorLabel', `UPDATE "AuditEvent" SET "actorLabel" = 'someone-else@demo.test' WHERE "seq" = $1`, 'hash-mismatch'],
    ['actorId', `UPDATE "AuditEvent" SET "actorId" = NULL WHERE "seq" = $1`, 'hash-mismatch'],
    ['type', `UPDATE "AuditEvent" SET "type" = 'review.approved' WHERE "seq" = $1`, 'hash-mismatch'],
    ['at', `UPDATE "AuditEvent" SET "at" = "at" - interval '1 day' WHERE "seq" = $1`, 'hash-mismatch'],
    ['jobId', `UPDATE "AuditEvent" SET "jobId" = NULL WHERE "seq" = $1`, 'hash-mismatch'],
    ['hash', `UPDATE "AuditEvent" SET "hash" = repeat('a', 64) WHERE "seq" = $1`, 'hash-mismatch'],
    ['prevHash', `UPDATE "AuditEvent" SET "prevHash" = repeat('b', 64) WHERE "seq" = $1`, 'chain-broken'],
  ])('editing a middle row\'s %s is found at that row; restoring it makes the chain valid again', async (_column, sql, reason) => {
    const row = await middleRow();
    expect(await tamper(() => prisma().$executeRawUnsafe(sql, row.seq))).toBe(1);
    const broken = await verify();
    expect(broken.valid).toBe(false);
    expect(broken.firstInvalid).toEqual({ seq: row.seq, reason });
    expect(broken.checked).toBe(await rowsBefore(row.seq));
    const { seq, ...original } = row;
    await tamper(() => prisma().auditEvent.update({ where: { seq }, data: { ...original, data: original.data as object } }));
    expect((await verify()).valid).toBe(true);
  });

  test('without disabling the append-only trigger, editing or deleting a row is refused and the chain stays valid', async () => {
    const row = await middleRow();
    await expect(prisma().$executeRawUnsafe(`UPDATE "AuditEvent" SET "actorLabel" = 'x' WHERE "seq" = $1`, row.seq)).rejects.toThrow(/AuditEvent is append-only: UPDATE is refused/);
    await expect(prisma().$executeRawUnsafe('DELETE FROM "AuditEvent" WHERE "seq" = $1', row.seq)).rejects.toThrow(/AuditEvent is append-only: DELETE is refused/);
    expect(await prisma().auditEvent.findUniqueOrThrow({ where: { seq: row.seq } })).toEqual(row);
    expect((await verify()).valid).toBe(true);
  });

  test('deleting a middle row is found at the row after it; putting it back makes the chain valid again', async () => {
    const row = await middleRow();
    const next = await prisma().auditEvent.findFirstOrThrow({ where: { seq: { gt: row.seq } }, orderBy: { seq: 'asc' } });
    expect(await tamper(() => prisma().$executeRawUnsafe('DELETE FROM "AuditEvent" WHERE "seq" = $1', row.seq))).toBe(1);
    const broken = await verify();
    expect(broken.valid).toBe(false);
    expect(broken.firstInvalid).toEqual({ seq: next.seq, reason: 'chain-broken' });
    expect(broken.checked).toBe(await rowsBefore(next.seq));
    await prisma().auditEvent.create({ data: { ...row, data: row.data as object } });
    expect((await verify()).valid).toBe(true);
  });

  test('deleting the first row is found at the new first row', async () => {
    const first = await prisma().auditEvent.findFirstOrThrow({ orderBy: { seq: 'asc' } });
    const second = await prisma().auditEvent.findFirstOrThrow({ where: { seq: { gt: first.seq } }, orderBy: { seq: 'asc' } });
    expect(await tamper(() => prisma().$executeRawUnsafe('DELETE FROM "AuditEvent" WHERE "seq" = $1', first.seq))).toBe(1);
    const broken = await verify();
    expect(broken).toMatchObject({ valid: false, checked: 0, firstInvalid: { seq: second.seq, reason: 'chain-broken' } });
    await prisma().auditEvent.create({ data: { ...first, data: first.data as object } });
    expect((await verify()).valid).toBe(true);
  });
});
