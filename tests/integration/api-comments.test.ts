/**
 * Internal comments and `@name` mentions: a vendor never reads an internal
 * comment (comment list, timeline, live stream and its replay, inbox counts),
 * cannot post one, and a mention notifies each mentioned person in the
 * writer's scope exactly once while a mention out of scope notifies nobody.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { databaseKinds, startAppHarness, type AppHarness } from '../support/app-harness';
import { auth, publishSop, startJob, strictSop } from '../support/api-fixtures';
import { waitFor } from '../support/wait-for';

jest.setTimeout(180_000);

interface StreamEvent { id?: string; event: string; data: Record<string, unknown> }
interface Stream { events: StreamEvent[]; close(): void }

/** GET /api/events on `base` as `token`, parsing events as they arrive. */
function openStream(base: string, token: string, headers: Record<string, string> = {}): Stream {
  const stream: Stream = { events: [], close: () => req.destroy() };
  let buffer = '';
  const req = http.get(`${base}/api/events`, { headers: { Accept: 'text/event-stream', ...auth(token), ...headers } }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const fields = new Map<string, string>();
        for (const line of buffer.slice(0, end).split('\n')) {
          const at = line.indexOf(': ');
          if (at > 0 && !line.startsWith(':')) fields.set(line.slice(0, at), line.slice(at + 2));
        }
        buffer = buffer.slice(end + 2);
        if (fields.has('event')) stream.events.push({ id: fields.get('id'), event: fields.get('event')!, data: JSON.parse(fields.get('data') ?? '{}') as Record<string, unknown> });
      }
    });
  });
  req.on('error', () => undefined);
  return stream;
}

describe.each(databaseKinds())('comments on %s', (kind) => {
  let h: AppHarness;
  let server: http.Server;
  let base: string;
  const sop = `comments-${kind}`;
  const streams: Stream[] = [];

  beforeAll(async () => {
    h = await startAppHarness(kind);
    await publishSop(h, strictSop(sop));
    server = http.createServer(h.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    for (const s of streams.splice(0)) s.close();
  });
  afterAll(async () => {
    await h?.close();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const post = async (who: string, jobId: string, body: Record<string, unknown>) =>
    request(h.app).post(`/api/jobs/${jobId}/comments`).set(auth(await h.login(who))).send(body);
  const get = async (who: string, path: string) => {
    const res = await request(h.app).get(path).set(auth(await h.login(who)));
    expect(res.status).toBe(200);
    return res.body as { items: Array<Record<string, unknown>> };
  };
  const mentionNotices = (jobId: string) =>
    h.test.db.prisma.notification.findMany({ where: { jobId, kind: 'comment_mentioned' }, select: { userId: true, channel: true, payload: true }, orderBy: { userId: 'asc' } });

  test('the vendor reads neither an internal comment nor its timeline event; staff read both, marked internal', async () => {
    const job = await startJob(h, sop);
    expect((await post('qa', job.id, { body: '内部：供应商报价偏高', internal: true })).status).toBe(201);
    expect((await post('owner', job.id, { body: '请按新版 logo 修改' })).status).toBe(201);

    const asVendor = await get('vendor-a', `/api/jobs/${job.id}/comments`);
    expect(asVendor.items.map((c) => [c.body, c.visibility])).toEqual([['请按新版 logo 修改', 'all']]);
    const asManager = await get('manager', `/api/jobs/${job.id}/comments`);
    expect(asManager.items.map((c) => [c.body, c.visibility])).toEqual([['内部：供应商报价偏高', 'internal'], ['请按新版 logo 修改', 'all']]);
    const asProcurement = await get('procurement', `/api/jobs/${job.id}/comments`);
    expect(asProcurement.items.map((c) => c.visibility)).toEqual(['internal', 'all']);

    const commentEvents = (items: Array<Record<string, unknown>>) => items.filter((e) => String(e.type).startsWith('comment.')).map((e) => e.type);
    expect(commentEvents((await get('vendor-a', `/api/jobs/${job.id}/events`)).items)).toEqual(['comment.added']);
    expect(commentEvents((await get('owner', `/api/jobs/${job.id}/events`)).items)).toEqual(['comment.internal_added', 'comment.added']);
    // A page of one holds the public comment only: paging does not reveal the hidden one either.
    const first = (await get('vendor-a', `/api/jobs/${job.id}/comments?limit=1`)) as unknown as { items: Array<{ body: string }>; nextCursor: string | null };
    expect([first.items.map((c) => c.body), first.nextCursor]).toEqual([['请按新版 logo 修改'], null]);
  });

  test('a vendor cannot post an internal comment (403 comment-internal-forbidden, nothing stored); procurement cannot either', async () => {
    const job = await startJob(h, sop);
    for (const who of ['vendor-a', 'procurement']) {
      const res = await post(who, job.id, { body: 'secret', internal: true });
      expect([who, res.status, (res.body as { type: string }).type]).toEqual([who, 403, 'urn:sop:problem:comment-internal-forbidden']);
    }
    expect(await h.test.db.prisma.comment.count({ where: { jobId: job.id } })).toBe(0);
    const people = await request(h.app).get(`/api/jobs/${job.id}/people?visibility=internal`).set(auth(await h.login('vendor-a')));
    expect([people.status, (people.body as { type: string }).type]).toEqual([403, 'urn:sop:problem:comment-internal-forbidden']);
  });

  test('the vendor\'s live stream never gets an internal comment\'s event, live or replayed; staff streams get it', async () => {
    const job = await startJob(h, sop);
    const vendor = openStream(base, await h.login('vendor-a'));
    const qa = openStream(base, await h.login('qa'));
    streams.push(vendor, qa);
    const ready = (s: Stream) => waitFor(async () => s.events.find((e) => e.event === 'ready'));
    const [vendorReady] = await Promise.all([ready(vendor), ready(qa)]);

    expect((await post('owner', job.id, { body: 'internal note', internal: true })).status).toBe(201);
    expect((await post('owner', job.id, { body: 'public note' })).status).toBe(201);
    const ofJob = (s: Stream) => s.events.filter((e) => e.data.jobId === job.id && e.event === 'comment').map((e) => e.data.type);
    await waitFor(async () => (ofJob(qa).length === 2 ? true : undefined));
    // Events reach a stream in audit order: once the later public one arrived, the internal one was passed over.
    await waitFor(async () => (ofJob(vendor).length === 1 ? true : undefined));
    expect(ofJob(qa)).toEqual(['comment.internal_added', 'comment.added']);
    expect(ofJob(vendor)).toEqual(['comment.added']);

    const resumed = openStream(base, await h.login('vendor-a'), { 'Last-Event-ID': vendorReady.id! });
    const resumedQa = openStream(base, await h.login('qa'), { 'Last-Event-ID': vendorReady.id! });
    streams.push(resumed, resumedQa);
    await Promise.all([ready(resumed), ready(resumedQa)]);
    expect(ofJob(resumed)).toEqual(['comment.added']);
    expect(ofJob(resumedQa)).toEqual(['comment.internal_added', 'comment.added']);
  });

  test('a mention notifies the mentioned person in scope once (inbox), says which mentions resolved, and adds to nobody else\'s unread count', async () => {
    const job = await startJob(h, sop);
    const vendorBadge = async () => (await request(h.app).get('/api/notifications/unread-count').set(auth(await h.login('vendor-a')))).body as { unread: number };
    const before = await vendorBadge();
    const res = await post('vendor-a', job.id, { body: '@质检 Quinn 请看第二版，@质检 Quinn 谢谢' });
    expect(res.status).toBe(201);
    expect([(res.body as { mentions: unknown }).mentions, (res.body as { unresolvedMentions: unknown }).unresolvedMentions])
      .toEqual([[{ id: h.ids.users.qa, name: '质检 Quinn' }], []]);
    const notices = await mentionNotices(job.id);
    expect(notices.filter((n) => n.channel === 'inbox').map((n) => n.userId)).toEqual([h.ids.users.qa]);
    expect((notices[0]!.payload as { message: string }).message).toBe('外包方 A: @质检 Quinn 请看第二版，@质检 Quinn 谢谢');
    const inbox = await get('qa', '/api/notifications');
    expect(inbox.items.filter((n) => n.jobId === job.id).map((n) => n.kind)).toEqual(['comment_mentioned']);
    expect(await vendorBadge()).toEqual(before);
    const listed = await get('owner', `/api/jobs/${job.id}/comments`);
    expect(listed.items.map((c) => c.mentions)).toEqual([[{ id: h.ids.users.qa, name: '质检 Quinn', email: 'qa@demo.test' }]]);
  });

  test('mentions out of scope notify nobody and leak nothing: a vendor naming unbound staff or another vendor, staff naming a vendor in an internal comment', async () => {
    const job = await startJob(h, sop);
    const vendorPost = await post('vendor-a', job.id, { body: '@采购 Pat @外包方 B 看一下' });
    expect(vendorPost.status).toBe(201);
    expect([(vendorPost.body as { mentions: unknown }).mentions, (vendorPost.body as { unresolvedMentions: unknown }).unresolvedMentions]).toEqual([[], ['采购', '外包方']]);
    const internal = await post('owner', job.id, { body: '@外包方 A 不该收到', internal: true });
    expect(internal.status).toBe(201);
    expect([(internal.body as { mentions: unknown }).mentions, (internal.body as { unresolvedMentions: unknown }).unresolvedMentions]).toEqual([[], ['外包方']]);
    expect(await mentionNotices(job.id)).toEqual([]);
    // The comments posted; the vendor reads its own, not the internal one.
    expect((await get('vendor-a', `/api/jobs/${job.id}/comments`)).items.map((c) => c.body)).toEqual(['@采购 Pat @外包方 B 看一下']);
  });

  test('the mentionable people: a vendor gets its organisation and the job\'s bound staff by name; staff get everyone, internal: staff only', async () => {
    const job = await startJob(h, sop);
    const ids = h.ids.users;
    const asVendor = await get('vendor-a', `/api/jobs/${job.id}/people`);
    const byId = (a: { id?: unknown }, b: { id?: unknown }) => String(a.id).localeCompare(String(b.id));
    expect([...asVendor.items].sort(byId)).toEqual([
      { id: ids.manager, name: '项目经理 Max', staff: true },
      { id: ids.qa, name: '质检 Quinn', staff: true },
      { id: ids.owner, name: '流程负责人 Olivia', staff: true },
    ].sort(byId));
    const asOwner = (await get('owner', `/api/jobs/${job.id}/people`)).items.map((p) => p.id);
    expect(new Set(asOwner)).toEqual(new Set([ids.admin, ids.qa, ids.manager, ids.procurement, ids['vendor-a']]));
    const internalOnly = (await get('owner', `/api/jobs/${job.id}/people?visibility=internal`)).items.map((p) => p.id);
    expect(new Set(internalOnly)).toEqual(new Set([ids.admin, ids.qa, ids.manager, ids.procurement]));
  });
});
