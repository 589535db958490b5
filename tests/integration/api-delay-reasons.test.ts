/**
 * Delay reasons: the organisation's catalogue (defaults, changes by admins and
 * owners), a moved deadline that must name a reason (stored with its audit
 * event), and the reason of a late completion given afterwards.
 */
import request from 'supertest';
import { databaseKinds, startAppHarness, type AppHarness } from '../support/app-harness';
import { auth, publishSop, startJob, strictSop } from '../support/api-fixtures';

jest.setTimeout(180_000);

describe.each(databaseKinds())('on %s', (kind) => {
  let h: AppHarness;
  let job: { id: string; code: string };

  beforeAll(async () => {
    h = await startAppHarness(kind);
    await publishSop(h, strictSop(`delay-${kind}`));
    job = await startJob(h, `delay-${kind}`);
  });
  afterAll(async () => {
    await h?.close();
  });

  test('every signed-in user reads the catalogue: the six defaults in order, labelled in Chinese and English', async () => {
    for (const who of ['qa', 'vendor-a'] as const) {
      const res = await request(h.app).get('/api/delay-reasons').set(auth(await h.login(who)));
      expect(res.status).toBe(200);
      expect(res.body.items.map((r: { code: string; labels: { 'zh-CN': string; en: string }; active: boolean; position: number }) => [r.code, r.labels['zh-CN'], r.labels.en, r.active, r.position])).toEqual([
        ['scope-change', '需求变更', 'Scope change', true, 0],
        ['missing-material', '素材缺失', 'Missing material', true, 1],
        ['vendor-capacity', '供应商产能', 'Vendor capacity', true, 2],
        ['rework', '返工', 'Rework', true, 3],
        ['review-backlog', '审核积压', 'Review backlog', true, 4],
        ['holiday', '节假日', 'Holiday', true, 5],
      ]);
    }
  });

  test('an owner adds a code and retires another; a manager may not change the catalogue (403); a bad code answers 422', async () => {
    const owner = await h.login('owner');
    const added = await request(h.app).put('/api/delay-reasons/power-cut').set(auth(owner)).send({ labelZh: '停电', labelEn: 'Power cut' });
    expect([added.status, added.body]).toEqual([200, { code: 'power-cut', labels: { 'zh-CN': '停电', en: 'Power cut' }, active: true, position: 6 }]);
    const retired = await request(h.app).put('/api/delay-reasons/review-backlog').set(auth(owner)).send({ labelZh: '审核积压', labelEn: 'Review backlog', active: false });
    expect([retired.status, retired.body.active, retired.body.position]).toEqual([200, false, 4]);
    const list = await request(h.app).get('/api/delay-reasons').set(auth(owner));
    expect(list.body.items.map((r: { code: string; active: boolean }) => `${r.code}:${r.active}`)).toEqual([
      'scope-change:true', 'missing-material:true', 'vendor-capacity:true', 'rework:true', 'review-backlog:false', 'holiday:true', 'power-cut:true',
    ]);
    const manager = await request(h.app).put('/api/delay-reasons/x').set(auth(await h.login('manager'))).send({ labelZh: 'x', labelEn: 'x' });
    expect([manager.status, manager.body.type]).toEqual([403, 'urn:sop:problem:forbidden']);
    const bad = await request(h.app).put('/api/delay-reasons/Bad%20Code').set(auth(owner)).send({ labelZh: 'x', labelEn: 'x' });
    expect([bad.status, bad.body.type]).toEqual([422, 'urn:sop:problem:delay-reason-code-invalid']);
  });

  test('a job\'s reasons are its owner organisation\'s catalogue, for its vendor too; another vendor gets 404', async () => {
    const read = async (who: string) => request(h.app).get(`/api/jobs/${job.id}/delay-reasons`).set(auth(await h.login(who)));
    const owners = await read('owner');
    const vendors = await read('vendor-a');
    expect([vendors.status, vendors.body]).toEqual([200, owners.body]);
    expect(vendors.body.items.map((r: { code: string; active: boolean }) => `${r.code}:${r.active}`)).toContain('power-cut:true');
    expect((await read('vendor-b')).status).toBe(404);
  });

  test('moving a deadline without a reason, with an unknown or a retired one answers 422 delay-reason-unknown and moves nothing', async () => {
    const owner = await h.login('owner');
    const dueAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
    for (const body of [{ dueAt }, { dueAt, reason: 'no-such-reason' }, { dueAt, reason: 'review-backlog' }]) {
      const res = await request(h.app).post(`/api/jobs/${job.id}/steps/draft/deadline`).set(auth(owner)).send(body);
      expect([res.status, res.body.type, res.body.errors]).toEqual([422, 'urn:sop:problem:delay-reason-unknown', [{ path: 'body/reason', message: body.reason ? 'not in the catalogue' : 'required' }]]);
    }
    expect(await h.test.db.prisma.stepDelay.count({ where: { jobId: job.id } })).toBe(0);
  });

  test('a moved deadline stores its reason and note with the audit event', async () => {
    const owner = await h.login('owner');
    const before = await h.test.db.prisma.stepRun.findFirstOrThrow({ where: { jobId: job.id, nodeId: 'draft', status: 'active' } });
    const dueAt = new Date(Date.UTC(2027, 0, 4, 10)).toISOString();
    const res = await request(h.app).post(`/api/jobs/${job.id}/steps/draft/deadline`).set(auth(owner)).send({ dueAt, reason: 'missing-material', note: ' 等客户的 logo ' });
    expect([res.status, res.body]).toEqual([200, { nodeId: 'draft', dueAt, reason: 'missing-material', note: '等客户的 logo' }]);
    const stored = await h.test.db.prisma.stepDelay.findMany({ where: { jobId: job.id }, select: { nodeId: true, round: true, kind: true, reason: true, note: true, fromDueAt: true, toDueAt: true, actorId: true } });
    expect(stored).toEqual([{ nodeId: 'draft', round: 1, kind: 'deadline_moved', reason: 'missing-material', note: '等客户的 logo', fromDueAt: before.dueAt, toDueAt: new Date(dueAt), actorId: h.ids.users.owner }]);
    const event = await h.test.db.prisma.auditEvent.findFirstOrThrow({ where: { jobId: job.id, type: 'step.deadline_changed' } });
    expect(event.data).toMatchObject({ nodeId: 'draft', round: 1, to: dueAt, reason: 'missing-material', note: '等客户的 logo' });
    // Staff read the note in the timeline; the vendor reads the reason code only.
    const read = async (who: string) => {
      const events = await request(h.app).get(`/api/jobs/${job.id}/events`).set(auth(await h.login(who)));
      return (events.body.items as Array<{ type: string; data: Record<string, unknown> }>).find((e) => e.type === 'step.deadline_changed')!.data;
    };
    expect(await read('manager')).toMatchObject({ reason: 'missing-material', note: '等客户的 logo' });
    const vendorView = await read('vendor-a');
    expect([vendorView.reason, 'note' in vendorView]).toEqual(['missing-material', false]);
  });

  describe('a late completion', () => {
    const at = (h24: number) => new Date(Date.UTC(2026, 5, 1, h24));
    beforeAll(async () => {
      await h.test.db.prisma.stepRun.createMany({
        data: [
          { jobId: job.id, nodeId: 'late-task', type: 'task', round: 1, status: 'done', activatedAt: at(0), dueAt: at(8), completedAt: at(9), assigneeRole: 'vendor' },
          { jobId: job.id, nodeId: 'late-task', type: 'task', round: 2, status: 'done', activatedAt: at(10), dueAt: at(12), completedAt: at(15), assigneeRole: 'vendor' },
          { jobId: job.id, nodeId: 'quick-task', type: 'task', round: 1, status: 'done', activatedAt: at(0), dueAt: at(8), completedAt: at(7), assigneeRole: 'vendor' },
        ],
      });
    });

    test('the vendor explains its latest late round; a second answer replaces the first; both are audited', async () => {
      const vendor = await h.login('vendor-a');
      const first = await request(h.app).post(`/api/jobs/${job.id}/steps/late-task/delay-reason`).set(auth(vendor)).send({ reason: 'vendor-capacity', note: '排期满' });
      expect([first.status, first.body]).toEqual([200, { nodeId: 'late-task', round: 2, reason: 'vendor-capacity', note: '排期满', dueAt: at(12).toISOString(), completedAt: at(15).toISOString(), lateHours: 3 }]);
      const second = await request(h.app).post(`/api/jobs/${job.id}/steps/late-task/delay-reason`).set(auth(vendor)).send({ reason: 'holiday' });
      expect([second.status, second.body.reason, second.body.note]).toEqual([200, 'holiday', null]);
      const earlier = await request(h.app).post(`/api/jobs/${job.id}/steps/late-task/delay-reason`).set(auth(await h.login('manager'))).send({ reason: 'scope-change', round: 1 });
      expect([earlier.status, earlier.body.round, earlier.body.lateHours]).toEqual([200, 1, 1]);
      const stored = await h.test.db.prisma.stepDelay.findMany({ where: { jobId: job.id, kind: 'late_completion' }, orderBy: { round: 'asc' }, select: { round: true, reason: true, note: true } });
      expect(stored).toEqual([{ round: 1, reason: 'scope-change', note: null }, { round: 2, reason: 'holiday', note: null }]);
      expect(await h.test.db.prisma.auditEvent.count({ where: { jobId: job.id, type: 'step.late_reason_set' } })).toBe(3);
    });

    test('a vendor may not replace a reason staff gave (409 delay-reason-set-by-staff); the row keeps when it was first explained', async () => {
      const manager = await h.login('manager');
      const staff = await request(h.app).post(`/api/jobs/${job.id}/steps/late-task/delay-reason`).set(auth(manager)).send({ reason: 'scope-change', round: 2, note: '客户改了需求' });
      expect(staff.status).toBe(200);
      const firstAt = (await h.test.db.prisma.stepDelay.findFirstOrThrow({ where: { jobId: job.id, kind: 'late_completion', round: 2 } })).createdAt;
      const vendor = await request(h.app).post(`/api/jobs/${job.id}/steps/late-task/delay-reason`).set(auth(await h.login('vendor-a'))).send({ reason: 'holiday', round: 2 });
      expect([vendor.status, vendor.body.type]).toEqual([409, 'urn:sop:problem:delay-reason-set-by-staff']);
      const again = await request(h.app).post(`/api/jobs/${job.id}/steps/late-task/delay-reason`).set(auth(manager)).send({ reason: 'missing-material', round: 2 });
      expect(again.status).toBe(200);
      const row = await h.test.db.prisma.stepDelay.findFirstOrThrow({ where: { jobId: job.id, kind: 'late_completion', round: 2 } });
      expect([row.reason, row.actorId, row.createdAt]).toEqual(['missing-material', h.ids.users.manager, firstAt]);
      const lateEvents = await request(h.app).get(`/api/jobs/${job.id}/events`).set(auth(await h.login('vendor-a')));
      const notes = (lateEvents.body.items as Array<{ type: string; data: Record<string, unknown> }>).filter((e) => e.type === 'step.late_reason_set').map((e) => 'note' in e.data);
      expect(notes.length).toBeGreaterThan(0);
      expect(notes.every((hasNote) => !hasNote)).toBe(true);
    });

    test('a step finished on time answers 409 step-not-late; an unknown step 404; QA (not the assignee) 403', async () => {
      const vendor = await h.login('vendor-a');
      const quick = await request(h.app).post(`/api/jobs/${job.id}/steps/quick-task/delay-reason`).set(auth(vendor)).send({ reason: 'holiday' });
      expect([quick.status, quick.body.type]).toEqual([409, 'urn:sop:problem:step-not-late']);
      const unknown = await request(h.app).post(`/api/jobs/${job.id}/steps/nothing/delay-reason`).set(auth(vendor)).send({ reason: 'holiday' });
      expect(unknown.status).toBe(404);
      const qa = await request(h.app).post(`/api/jobs/${job.id}/steps/late-task/delay-reason`).set(auth(await h.login('qa'))).send({ reason: 'holiday' });
      expect([qa.status, qa.body.type]).toEqual([403, 'urn:sop:problem:not-step-assignee']);
      const vendorB = await request(h.app).post(`/api/jobs/${job.id}/steps/late-task/delay-reason`).set(auth(await h.login('vendor-b'))).send({ reason: 'holiday' });
      expect(vendorB.status).toBe(404);
    });
  });
});
