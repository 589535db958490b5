/**
 * A vendor's user learns the buyer's staff by name only: comments, the job's
 * timeline and file uploads name internal people without their e-mail
 * addresses, while the vendor's own organisation and internal readers keep
 * the addresses.
 */
import request from 'supertest';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { auth, publishSop, startJob, strictSop, submitDraft } from '../support/api-fixtures';

jest.setTimeout(180_000);

describe('people as a vendor sees them', () => {
  let h: AppHarness;
  let job: { id: string; code: string };
  let names: Record<string, string>;

  beforeAll(async () => {
    h = await startAppHarness();
    await publishSop(h, strictSop('people-view'));
    job = await startJob(h, 'people-view');
    const [owner, vendor] = [await h.login('owner'), await h.login('vendor-a')];
    await request(h.app).post(`/api/jobs/${job.id}/comments`).set(auth(owner)).send({ body: '注意品牌色' }).expect(201);
    await request(h.app).post(`/api/jobs/${job.id}/comments`).set(auth(vendor)).send({ body: '收到' }).expect(201);
    await submitDraft(h, job);
    const users = await h.test.db.prisma.user.findMany({ select: { email: true, name: true } });
    names = Object.fromEntries(users.map((u) => [u.email, u.name]));
  });
  afterAll(async () => {
    await h?.close();
  });

  const read = async (who: string, path: string) => {
    const res = await request(h.app).get(`/api/jobs/${job.id}/${path}`).set(auth(await h.login(who)));
    expect(res.status).toBe(200);
    return res.body as Record<string, unknown>;
  };

  test('comments: the vendor reads the owner\'s name without an address and its own colleague with one; the owner reads both addresses', async () => {
    const asVendor = (await read('vendor-a', 'comments')).items as Array<{ body: string; author: Record<string, unknown> }>;
    expect(asVendor.map((c) => [c.body, c.author])).toEqual([
      ['注意品牌色', { id: h.ids.users.owner, name: names['owner@demo.test'] }],
      ['收到', { id: h.ids.users['vendor-a'], name: names['vendor-a@demo.test'], email: 'vendor-a@demo.test' }],
    ]);
    const asOwner = (await read('owner', 'comments')).items as Array<{ author: { email?: string } }>;
    expect(asOwner.map((c) => c.author.email)).toEqual(['owner@demo.test', 'vendor-a@demo.test']);
  });

  test('a new comment answers with the author as its writer may see them', async () => {
    const res = await request(h.app).post(`/api/jobs/${job.id}/comments`).set(auth(await h.login('vendor-a'))).send({ body: '好的' });
    expect(res.status).toBe(201);
    expect(res.body.author).toEqual({ id: h.ids.users['vendor-a'], name: names['vendor-a@demo.test'], email: 'vendor-a@demo.test' });
  });

  test('the timeline names internal actors by name for the vendor (without chain hashes) and by address for the owner', async () => {
    type Event = { type: string; actor: string };
    const created = (items: Event[]) => items.find((e) => e.type === 'job.created')!.actor;
    const commented = (items: Event[]) => items.filter((e) => e.type === 'comment.added').map((e) => e.actor);
    const asVendor = (await read('vendor-a', 'events')).items as Event[];
    expect(created(asVendor)).toBe(names['owner@demo.test']);
    expect(commented(asVendor).slice(0, 2)).toEqual([names['owner@demo.test'], 'vendor-a@demo.test']);
    // No chain links for the vendor: a hash over the hidden address would let them confirm a guessed one.
    expect((asVendor as Array<Record<string, unknown>>).filter((e) => 'hash' in e || 'prevHash' in e)).toEqual([]);
    const asOwner = (await read('owner', 'events')).items as Event[];
    expect((asOwner as Array<Record<string, unknown>>).every((e) => typeof e.hash === 'string' && typeof e.prevHash === 'string')).toBe(true);
    expect(created(asOwner)).toBe('owner@demo.test');
    expect(commented(asOwner).slice(0, 2)).toEqual(['owner@demo.test', 'vendor-a@demo.test']);
  });

  test('no internal address appears anywhere in what the vendor reads of the job', async () => {
    const internal = Object.keys(names).filter((email) => !email.startsWith('vendor-'));
    expect(internal.length).toBeGreaterThan(3);
    for (const path of ['', 'comments', 'events', 'files', 'reviews', 'checks']) {
      const text = JSON.stringify(path ? await read('vendor-a', path) : (await request(h.app).get(`/api/jobs/${job.id}`).set(auth(await h.login('vendor-a')))).body);
      for (const email of internal) expect({ path, leaked: text.includes(email) ? email : null }).toEqual({ path, leaked: null });
    }
    const files = (await read('vendor-a', 'files')).versions as Array<{ uploadedBy: unknown }>;
    expect(files.map((f) => f.uploadedBy)).toEqual([{ id: h.ids.users['vendor-a'], name: names['vendor-a@demo.test'], email: 'vendor-a@demo.test' }]);
  });
});
