/**
 * Accepting a job (接单) through the API: `POST /api/jobs/:id/steps/:nodeId/accept`
 * on the whole product (real database, real worker and activities, real Temporal).
 */
import request from 'supertest';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { auth, declinedAcceptJob, startAcceptJob, waitForActive } from '../support/api-fixtures';
import { waitFor } from '../support/wait-for';

jest.setTimeout(120_000);

let h: AppHarness;
const SOP = 'api-accept';

beforeAll(async () => {
  h = await startAppHarness('embedded');
});
afterAll(async () => {
  await h?.close();
});

const answer = async (who: string, jobId: string, body: object, nodeId = 'take') =>
  request(h.app).post(`/api/jobs/${jobId}/steps/${nodeId}/accept`).set(auth(await h.login(who))).send(body);

test('the vendor sees the accept step with its reasons and in its queue as an acceptance; accepting answers 200, is stored and audited, and the job moves on', async () => {
  const job = await startAcceptJob(h, SOP);
  const vendor = await h.login('vendor-a');
  const detail = await request(h.app).get(`/api/jobs/${job.id}`).set(auth(vendor));
  const take = (detail.body.definition.nodes as Array<{ id: string }>).find((n) => n.id === 'take');
  expect(take).toEqual({ id: 'take', type: 'accept', title: '接单', assignee: 'vendor', due: { after: 'PT8H' }, reasons: [{ code: 'capacity', label: '产能不足' }, { code: 'price', label: '价格太低' }] });
  const queue = await request(h.app).get('/api/me/tasks?kind=acceptance').set(auth(vendor));
  expect(queue.status).toBe(200);
  expect((queue.body.items as Array<{ kind: string; job: { id: string }; step: { nodeId: string; type: string } }>).filter((i) => i.job.id === job.id).map((i) => [i.kind, i.step.nodeId, i.step.type])).toEqual([['acceptance', 'take', 'accept']]);
  expect(queue.body.counts.byKind.acceptance).toBeGreaterThanOrEqual(1);

  const res = await answer('vendor-a', job.id, { decision: 'accepted' });
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ acceptanceId: expect.any(String), round: 1, decision: 'accepted' });
  await waitForActive(h, job.id, 'draft');
  const rows = await h.test.db.prisma.acceptance.findMany({ where: { jobId: job.id } });
  expect(rows.map((r) => [r.nodeId, r.round, r.decision, r.reason, r.note, r.actorId])).toEqual([['take', 1, 'accepted', null, null, h.ids.users['vendor-a']]]);
  const audit = await h.test.db.prisma.auditEvent.findMany({ where: { jobId: job.id, type: { startsWith: 'acceptance.' } } });
  expect(audit.map((a) => [a.type, (a.data as { acceptanceId: string }).acceptanceId])).toEqual([['acceptance.accepted', res.body.acceptanceId]]);
});

test('a decline with a reason and note answers 200, is stored and audited, and the owner gets a job_declined notice naming the reason', async () => {
  const job = await startAcceptJob(h, SOP);
  const res = await answer('vendor-a', job.id, { decision: 'declined', reason: 'price', note: '预算只有常规的一半' });
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ acceptanceId: expect.any(String), round: 1, decision: 'declined', reason: 'price' });
  await waitForActive(h, job.id, 'reassign');
  const row = await h.test.db.prisma.acceptance.findFirstOrThrow({ where: { jobId: job.id } });
  expect([row.decision, row.reason, row.note]).toEqual(['declined', 'price', '预算只有常规的一半']);
  const audit = await h.test.db.prisma.auditEvent.findFirstOrThrow({ where: { jobId: job.id, type: 'acceptance.declined' } });
  expect(audit.data).toMatchObject({ nodeId: 'take', round: 1, reason: 'price' });
  const notices = await waitFor(async () => {
    const found = await h.test.db.prisma.notification.findMany({ where: { jobId: job.id, kind: 'job_declined', channel: 'inbox' } });
    return found.length > 0 ? found : undefined;
  });
  expect(notices.map((n) => [n.userId, n.nodeId])).toEqual([[h.ids.users.owner, 'take']]);
  expect(JSON.stringify(notices[0]!.payload)).toContain('价格太低 — 预算只有常规的一半');
});

test('refusals: a decline without a reason or with an unknown one is 422, QA is 403, Vendor B is 404, a bad decision is 400, an answered step is 409', async () => {
  const job = await startAcceptJob(h, SOP);
  const required = await answer('vendor-a', job.id, { decision: 'declined' });
  expect([required.status, required.body.type]).toEqual([422, 'urn:sop:problem:reason-required']);
  expect(required.body.detail).toBe('A decline needs a reason code; choose from: capacity, price.');
  const unknown = await answer('vendor-a', job.id, { decision: 'declined', reason: 'weather' });
  expect([unknown.status, unknown.body.type]).toEqual([422, 'urn:sop:problem:reason-unknown']);
  const qa = await answer('qa', job.id, { decision: 'accepted' });
  expect([qa.status, qa.body.type]).toEqual([403, 'urn:sop:problem:not-assignee']);
  const other = await answer('vendor-b', job.id, { decision: 'accepted' });
  expect([other.status, other.body.detail]).toEqual([404, `Job ${job.id} was not found.`]);
  const bad = await answer('vendor-a', job.id, { decision: 'maybe' });
  expect(bad.status).toBe(400);
  const wrongStep = await answer('vendor-a', job.id, { decision: 'accepted' }, 'draft');
  expect([wrongStep.status, wrongStep.body.type]).toEqual([404, 'urn:sop:problem:step-wrong-type']);
  expect(await h.test.db.prisma.acceptance.count({ where: { jobId: job.id } })).toBe(0);
  expect((await answer('vendor-a', job.id, { decision: 'accepted' })).status).toBe(200);
  await waitForActive(h, job.id, 'draft');
  const again = await answer('vendor-a', job.id, { decision: 'declined', reason: 'capacity' });
  expect([again.status, again.body.type]).toEqual([409, 'urn:sop:problem:step-not-active']);
  expect(await h.test.db.prisma.acceptance.count({ where: { jobId: job.id } })).toBe(1);
});

test('the owner moves the deadline of an active accept step like a task\'s', async () => {
  const job = await startAcceptJob(h, SOP);
  const dueAt = new Date(Date.now() + 3 * 86_400_000);
  dueAt.setMilliseconds(0);
  const res = await request(h.app).post(`/api/jobs/${job.id}/steps/take/deadline`).set(auth(await h.login('owner'))).send({ dueAt: dueAt.toISOString(), reason: 'holiday' });
  expect([res.status, res.body]).toEqual([200, { nodeId: 'take', dueAt: dueAt.toISOString(), reason: 'holiday', note: null }]);
  await waitFor(async () => {
    const step = await h.test.db.prisma.stepRun.findFirstOrThrow({ where: { jobId: job.id, nodeId: 'take', status: 'active' } });
    return step.dueAt?.getTime() === dueAt.getTime() ? true : undefined;
  });
});

describe('POST /api/jobs/:id/vendor', () => {
  const change = async (who: string, jobId: string, body: object) => request(h.app).post(`/api/jobs/${jobId}/vendor`).set(auth(await h.login(who))).send(body);

  test('the owner hands a declined job to Vendor B and restarts from the accept step: Vendor B sees it, answers it and Vendor A no longer sees the job', async () => {
    const job = await declinedAcceptJob(h, SOP);
    const note = await request(h.app).post(`/api/jobs/${job.id}/comments`).set(auth(await h.login('vendor-a'))).send({ body: '这周排不开，抱歉' });
    expect(note.status).toBe(201);
    const res = await change('owner', job.id, { vendorOrgId: h.ids.orgs['Vendor B'], vendorUserId: h.ids.users['vendor-b'], restartFrom: 'take' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ jobId: job.id, vendorOrgId: h.ids.orgs['Vendor B'], restartedFrom: 'take' });
    const row = await h.test.db.prisma.job.findUniqueOrThrow({ where: { id: job.id } });
    expect([row.vendorOrgId, (row.assignees as Record<string, string>).vendor]).toEqual([h.ids.orgs['Vendor B'], h.ids.users['vendor-b']]);
    const audit = await h.test.db.prisma.auditEvent.findFirstOrThrow({ where: { jobId: job.id, type: 'job.vendor_changed' } });
    expect(audit.data).toEqual({ from: h.ids.orgs['Vendor A'], to: h.ids.orgs['Vendor B'], vendorUserId: h.ids.users['vendor-b'], restartFrom: 'take' });
    await waitFor(async () => {
      const steps = await h.test.db.prisma.stepRun.findMany({ where: { jobId: job.id, nodeId: 'take', status: 'active' } });
      return steps.length === 1 && steps[0]!.round === 2 ? true : undefined;
    });
    expect((await request(h.app).get(`/api/jobs/${job.id}`).set(auth(await h.login('vendor-a')))).status).toBe(404);
    expect((await answer('vendor-a', job.id, { decision: 'accepted' })).status).toBe(404);
    const queue = await request(h.app).get('/api/me/tasks?kind=acceptance').set(auth(await h.login('vendor-b')));
    expect((queue.body.items as Array<{ job: { id: string } }>).map((i) => i.job.id)).toContain(job.id);
    const accepted = await answer('vendor-b', job.id, { decision: 'accepted' });
    expect([accepted.status, accepted.body.round]).toEqual([200, 2]);
    await waitForActive(h, job.id, 'draft');
    const reassign = await h.test.db.prisma.stepRun.findFirstOrThrow({ where: { jobId: job.id, nodeId: 'reassign' } });
    expect(reassign.status).toBe('skipped');
    // The new vendor's timeline shows the change without the organisation that had the job before.
    const events = await request(h.app).get(`/api/jobs/${job.id}/events?limit=200`).set(auth(await h.login('vendor-b')));
    expect((events.body.items as Array<{ type: string; data: unknown }>).filter((e) => e.type === 'job.vendor_changed').map((e) => e.data)).toEqual([{ to: h.ids.orgs['Vendor B'] }]);
    // Nor who worked on it at the vendor before: Vendor A's people read as "another vendor" (in the reader's language), staff by name.
    const vendorB = await h.login('vendor-b');
    expect((events.body.items as Array<{ type: string; actor: string }>).find((e) => e.type === 'acceptance.declined')!.actor).toBe('其他供应商');
    const comments = await request(h.app).get(`/api/jobs/${job.id}/comments`).set(auth(vendorB));
    expect((comments.body.items as Array<{ body: string; author: unknown }>).map((c) => [c.body, c.author])).toEqual([['这周排不开，抱歉', { id: h.ids.users['vendor-a'], name: '其他供应商' }]]);
    const owners = await request(h.app).get(`/api/jobs/${job.id}/comments`).set(auth(await h.login('owner')));
    expect((owners.body.items as Array<{ author: { email?: string } }>)[0]!.author.email).toBe('vendor-a@demo.test');
  });

  test("after the hand-over Vendor B neither lists nor downloads a reference made of Vendor A's work; the buyer's reference stays visible", async () => {
    const job = await declinedAcceptJob(h, SOP);
    const prisma = h.test.db.prisma;
    const buyers = await prisma.storedFile.findUniqueOrThrow({ where: { id: h.ids.referenceFileId } });
    const aWork = await prisma.storedFile.create({ data: { sha256: buyers.sha256, originalName: 'vendor-a-approved.png', uploadedById: h.ids.users['vendor-a']!, orgId: h.ids.orgs['Vendor A']! } });
    await prisma.jobReference.create({ data: { jobId: job.id, deliverableId: 'previous', fileId: aWork.id } });
    const res = await change('owner', job.id, { vendorOrgId: h.ids.orgs['Vendor B'], vendorUserId: h.ids.users['vendor-b'], restartFrom: 'take' });
    expect(res.status).toBe(200);
    const vendorB = await h.login('vendor-b');
    const files = await request(h.app).get(`/api/jobs/${job.id}/files`).set(auth(vendorB));
    expect(files.status).toBe(200);
    expect((files.body.references as Array<{ fileId: string }>).map((r) => r.fileId)).toEqual([buyers.id]);
    expect((await request(h.app).get(`/api/files/${aWork.id}/content`).set(auth(vendorB))).status).toBe(404);
    expect((await request(h.app).get(`/api/files/${buyers.id}/content`).set(auth(vendorB))).status).toBe(200);
    const owner = await request(h.app).get(`/api/jobs/${job.id}/files`).set(auth(await h.login('owner')));
    expect((owner.body.references as Array<{ fileId: string }>).map((r) => r.fileId)).toContain(aWork.id);
  });

  test('refusals: QA 403, not a vendor organisation or a person of another one 422, a restart from a non-human step 422 with nothing written, the same vendor 409', async () => {
    const job = await declinedAcceptJob(h, SOP);
    expect((await change('qa', job.id, { vendorOrgId: h.ids.orgs['Vendor B'] })).status).toBe(403);
    const internal = await change('owner', job.id, { vendorOrgId: h.ids.orgs['Demo Co 演示公司'] });
    expect([internal.status, internal.body.type]).toEqual([422, 'urn:sop:problem:vendor-invalid']);
    const person = await change('owner', job.id, { vendorOrgId: h.ids.orgs['Vendor B'], vendorUserId: h.ids.users['vendor-a'] });
    expect([person.status, person.body.type]).toEqual([422, 'urn:sop:problem:vendor-invalid']);
    const restart = await change('owner', job.id, { vendorOrgId: h.ids.orgs['Vendor B'], restartFrom: 'start' });
    expect([restart.status, restart.body.type]).toEqual([422, 'urn:sop:problem:restart-node-invalid']);
    expect((await h.test.db.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).vendorOrgId).toBe(h.ids.orgs['Vendor A']);
    expect(await h.test.db.prisma.auditEvent.count({ where: { jobId: job.id, type: 'job.vendor_changed' } })).toBe(0);
    const same = await change('owner', job.id, { vendorOrgId: h.ids.orgs['Vendor A'] });
    expect([same.status, same.body.type]).toEqual([409, 'urn:sop:problem:vendor-unchanged']);
  });
});
