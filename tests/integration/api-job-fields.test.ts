/**
 * Declared job fields (SOP-FORMAT.md Additions, core/sop/job-fields.ts): a job
 * accepts only the fields its SOP version declares (422 field-undeclared /
 * field-invalid / field-required with JSON pointers), every read answers only
 * the fields the caller's role is declared to see, and owners/admins edit them
 * with old and new values in the hash-chained audit trail. Keys spelled like
 * restricted ones (`Budget`, `contract_no`) or nested (`{ finance: { budget } }`)
 * never reach a vendor, whether sent now or stored before declarations existed.
 */
import request from 'supertest';
import type { Prisma } from '../../platform/db/prisma-types';
import { databaseKinds, startAppHarness, type AppHarness } from '../support/app-harness';
import { TEST_JOB_FIELDS, auth, publishSop, startJob, strictSop, uniqueCode } from '../support/api-fixtures';

jest.setTimeout(180_000);

const SECRET_VALUES = ['HT-SECRET-7', '987654', 'Budget', 'contract_no', 'finance'];

describe.each(databaseKinds())('on %s', (kind) => {
  let h: AppHarness;
  const declared = `fields-${kind}`;
  const legacy = `fields-legacy-${kind}`;
  const required = `fields-required-${kind}`;

  const startBody = (sop: string, fields: unknown) => ({
    sop, code: uniqueCode('FLD'), title: 'Job', vendorOrgId: h.ids.orgs['Vendor A'],
    assignees: { vendor: h.ids.users['vendor-a'], qa: h.ids.users.qa, manager: h.ids.users.manager },
    references: { banner: h.ids.referenceFileId }, fields,
  });
  const jobRows = (code: string) => h.test.db.prisma.job.count({ where: { code } });

  /** A job row as written before declarations existed (free JSON), on SOP `sop` version 1. */
  async function storedJob(sop: string, fields: Record<string, unknown> | unknown[]): Promise<string> {
    const code = uniqueCode('OLD');
    const job = await h.test.db.prisma.job.create({
      data: { code, title: 'Old job', sopKey: sop, sopVersion: 1, vendorOrgId: h.ids.orgs['Vendor A']!, ownerId: h.ids.users.owner!, workflowId: `wf-${code}`, assignees: { owner: h.ids.users.owner! }, fields: fields as Prisma.InputJsonValue },
    });
    return job.id;
  }

  async function readAs(who: string, id: string): Promise<{ detail: request.Response; listed: unknown; listText: string }> {
    const token = await h.login(who);
    const detail = await request(h.app).get(`/api/jobs/${id}`).set(auth(token));
    expect(detail.status).toBe(200);
    const list = await request(h.app).get('/api/jobs?limit=200').set(auth(token));
    expect(list.status).toBe(200);
    const listed = (list.body.items as Array<{ id: string; fields: unknown }>).find((j) => j.id === id)?.fields;
    const mine = JSON.stringify(listed);
    return { detail, listed, listText: mine };
  }

  beforeAll(async () => {
    h = await startAppHarness(kind);
    await publishSop(h, strictSop(declared));
    await publishSop(h, { ...strictSop(legacy), fields: undefined });
    await publishSop(h, { ...strictSop(required), fields: [{ ...TEST_JOB_FIELDS[0]!, required: true }, TEST_JOB_FIELDS[2]!] });
  });
  afterAll(async () => {
    await h?.close();
  });

  test('a start naming undeclared keys — other spellings of restricted ones and a nested object — answers 422 field-undeclared with a pointer per key and creates nothing', async () => {
    const body = startBody(declared, { budget: 100, Budget: 987654, contract_no: 'HT-SECRET-7', finance: { budget: 987654 } });
    const res = await request(h.app).post('/api/jobs').set(auth(await h.login('owner'))).send(body);
    expect(res.status).toBe(422);
    expect(res.body.type).toBe('urn:sop:problem:field-undeclared');
    expect(res.body.errors.map((e: { code: string; path: string }) => [e.code, e.path])).toEqual([
      ['field-undeclared', '/fields/Budget'],
      ['field-undeclared', '/fields/contract_no'],
      ['field-undeclared', '/fields/finance'],
    ]);
    expect(res.body.errors[0].messages['zh-CN']).toContain('该 SOP 没有声明任务字段“Budget”');
    expect(await jobRows(body.code)).toBe(0);
  });

  test('a value of the wrong type answers 422 field-invalid; a missing required field 422 field-required; neither creates a job', async () => {
    const owner = await h.login('owner');
    const wrong = startBody(declared, { budget: '12000', priority: 'urgent' });
    const invalid = await request(h.app).post('/api/jobs').set(auth(owner)).send(wrong);
    expect(invalid.status).toBe(422);
    expect(invalid.body.type).toBe('urn:sop:problem:field-invalid');
    expect(invalid.body.errors.map((e: { path: string }) => e.path)).toEqual(['/fields/budget', '/fields/priority']);
    const missing = startBody(required, { priority: 'high' });
    const absent = await request(h.app).post('/api/jobs').set(auth(owner)).send(missing);
    expect(absent.status).toBe(422);
    expect(absent.body.type).toBe('urn:sop:problem:field-required');
    expect(absent.body.errors).toEqual([expect.objectContaining({ code: 'field-required', path: '/fields/budget' })]);
    expect(await jobRows(wrong.code)).toBe(0);
    expect(await jobRows(missing.code)).toBe(0);
  });

  test('an SOP published without declarations accepts no job fields at all', async () => {
    const res = await request(h.app).post('/api/jobs').set(auth(await h.login('owner'))).send(startBody(legacy, { priority: 'high' }));
    expect(res.status).toBe(422);
    expect(res.body.type).toBe('urn:sop:problem:field-undeclared');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['/fields/priority']);
  });

  test.each([
    ['owner', { budget: 12000, contractNo: 'HT-2026-001', priority: 'high' }],
    ['admin', { budget: 12000, contractNo: 'HT-2026-001', priority: 'high' }],
    ['procurement', { budget: 12000, contractNo: 'HT-2026-001', priority: 'high' }],
    ['qa', { priority: 'high' }],
    ['vendor-a', { priority: 'high' }],
  ] as const)('%s reads exactly the declared fields visible to its role, in the job and in the list', async (who, expected) => {
    const job = await startJob(h, declared, { fields: { budget: 12000, contractNo: 'HT-2026-001', priority: 'high' } });
    const { detail, listed } = await readAs(who, job.id);
    expect(detail.body.fields).toEqual(expected);
    expect(listed).toEqual(expected);
  });

  test('a vendor receives neither hidden values nor the declarations of hidden fields in the job\'s SOP document', async () => {
    const job = await startJob(h, declared, { fields: { budget: 12000, contractNo: 'HT-2026-001', priority: 'high' } });
    const { detail } = await readAs('vendor-a', job.id);
    expect(detail.body.definition.fields.map((f: { id: string }) => f.id)).toEqual(['priority']);
    expect(detail.text).not.toContain('HT-2026-001');
    expect(detail.text).not.toContain('12000');
  });

  test('keys stored before declarations (other spellings, nested objects) never reach a vendor, QA or even the owner once the SOP declares its fields', async () => {
    const id = await storedJob(declared, { priority: 'low', Budget: 987654, contract_no: 'HT-SECRET-7', finance: { budget: 987654 } });
    for (const who of ['vendor-a', 'qa', 'owner']) {
      const { detail, listed, listText } = await readAs(who, id);
      expect(detail.body.fields).toEqual({ priority: 'low' });
      expect(listed).toEqual({ priority: 'low' });
      for (const secret of SECRET_VALUES) {
        expect(JSON.stringify(detail.body.fields)).not.toContain(secret);
        expect(listText).not.toContain(secret);
      }
    }
  });

  test('on an SOP without declarations, stored free fields reach owner, procurement and admin only — never a vendor, QA or a manager', async () => {
    const stored = { priority: 'high', Budget: 987654, contract_no: 'HT-SECRET-7', finance: { budget: 987654 } };
    const id = await storedJob(legacy, stored);
    for (const who of ['owner', 'procurement', 'admin']) {
      const { detail, listed } = await readAs(who, id);
      expect(detail.body.fields).toEqual(stored);
      expect(listed).toEqual(stored);
    }
    for (const who of ['vendor-a', 'qa', 'manager']) {
      const { detail, listed, listText } = await readAs(who, id);
      expect(detail.body.fields).toEqual({});
      expect(listed).toEqual({});
      expect(detail.text).not.toContain('HT-SECRET-7');
      expect(listText).not.toContain('987654');
    }
  });

  test('stored fields that are not an object read as none in the job and in the list, on either kind of SOP', async () => {
    for (const sop of [declared, legacy]) {
      const id = await storedJob(sop, ['HT-SECRET-7']);
      const { detail, listed } = await readAs('owner', id);
      expect(detail.body.fields).toEqual({});
      expect(listed).toEqual({});
    }
  });

  test('an owner edits fields: new values are stored, old and new values are audited, and the vendor\'s trail shows only fields it may read', async () => {
    const job = await startJob(h, declared, { fields: { budget: 12000, contractNo: 'HT-2026-001', priority: 'high' } });
    const owner = await h.login('owner');
    const res = await request(h.app).patch(`/api/jobs/${job.id}/fields`).set(auth(owner)).send({ fields: { budget: 15000.5, priority: 'low', contractNo: null } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ fields: { budget: 15000.5, priority: 'low' } });
    const row = await h.test.db.prisma.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(row.fields).toEqual({ budget: 15000.5, priority: 'low' });
    const events = await h.test.db.prisma.auditEvent.findMany({ where: { jobId: job.id, type: 'job.fields_changed' } });
    expect(events.map((e) => e.data)).toEqual([{ changes: [
      { field: 'budget', from: 12000, to: 15000.5 },
      { field: 'contractNo', from: 'HT-2026-001', to: null },
      { field: 'priority', from: 'high', to: 'low' },
    ], nonce: expect.stringMatching(/^[0-9a-f]{32}$/) }]);
    const vendorTrail = await request(h.app).get(`/api/jobs/${job.id}/events`).set(auth(await h.login('vendor-a')));
    const vendorEdit = (vendorTrail.body.items as Array<{ type: string; data: unknown }>).find((e) => e.type === 'job.fields_changed');
    // Redacted and without the nonce: the event's hash cannot be used to confirm a guessed budget.
    expect(vendorEdit?.data).toEqual({ changes: [{ field: 'priority', from: 'high', to: 'low' }] });
    expect(vendorTrail.text).not.toContain('HT-2026-001');
    expect(vendorTrail.text).not.toContain('15000.5');
    const ownerTrail = await request(h.app).get(`/api/jobs/${job.id}/events`).set(auth(owner));
    expect((ownerTrail.body.items as Array<{ type: string; data: unknown }>).find((e) => e.type === 'job.fields_changed')?.data).toEqual(events[0]!.data);
    const verified = await request(h.app).get('/api/audit/verify').set(auth(await h.login('admin')));
    expect(verified.body.valid).toBe(true);
  });

  test('an edit answers 422 field-undeclared, field-invalid and field-required like a start, and changes nothing', async () => {
    const job = await startJob(h, required, { fields: { budget: 500, priority: 'normal' } });
    const admin = await h.login('admin');
    const edit = (fields: unknown) => request(h.app).patch(`/api/jobs/${job.id}/fields`).set(auth(admin)).send({ fields });
    const undeclared = await edit({ finance: { budget: 1 } });
    expect([undeclared.status, undeclared.body.type, undeclared.body.errors[0].path]).toEqual([422, 'urn:sop:problem:field-undeclared', '/fields/finance']);
    const invalid = await edit({ budget: 'lots' });
    expect([invalid.status, invalid.body.type, invalid.body.errors[0].path]).toEqual([422, 'urn:sop:problem:field-invalid', '/fields/budget']);
    const cleared = await edit({ budget: null });
    expect([cleared.status, cleared.body.type, cleared.body.errors[0].path]).toEqual([422, 'urn:sop:problem:field-required', '/fields/budget']);
    const row = await h.test.db.prisma.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(row.fields).toEqual({ budget: 500, priority: 'normal' });
    expect(await h.test.db.prisma.auditEvent.count({ where: { jobId: job.id, type: 'job.fields_changed' } })).toBe(0);
  });

  test.each(['vendor-a', 'qa', 'manager', 'procurement'])('%s may not edit job fields (403)', async (who) => {
    const job = await startJob(h, declared, { fields: { priority: 'high' } });
    const res = await request(h.app).patch(`/api/jobs/${job.id}/fields`).set(auth(await h.login(who))).send({ fields: { priority: 'low' } });
    expect(res.status).toBe(403);
    const row = await h.test.db.prisma.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(row.fields).toEqual({ priority: 'high' });
  });
});
