/**
 * The live event stream (GET /api/events) against a listening server: a
 * submission reaches the vendor's stream (over LISTEN/NOTIFY, also through a
 * second API instance on the same database), another vendor's stream stays
 * silent, `Last-Event-ID` replays what a stream missed, and a stream needs a
 * token or a fresh one-use ticket.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { Express } from 'express';
import { databaseKinds, startAppHarness, type AppHarness } from '../support/app-harness';
import { auth, checkedSop, publishSop, startExtraApp, startJob, submitDraft } from '../support/api-fixtures';
import { waitFor } from '../support/wait-for';
import type { SopDefinition } from '../../core/sop/types';

jest.setTimeout(180_000);

interface SseEvent {
  id?: string;
  event: string;
  data: Record<string, unknown>;
}

interface OpenStream {
  status: number;
  contentType: string | undefined;
  events: SseEvent[];
  /** The whole body of a non-200 answer. */
  body: string;
  ended: boolean;
  close(): void;
}

/** Opens GET `path` on `base` and parses server-sent events as they arrive (until close()). */
function openStream(base: string, path: string, headers: Record<string, string> = {}): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}${path}`, { headers: { Accept: 'text/event-stream', ...headers } }, (res) => {
      const stream: OpenStream = {
        status: res.statusCode ?? 0, contentType: res.headers['content-type'], events: [], body: '', ended: false,
        close: () => req.destroy(),
      };
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (stream.status !== 200) {
          stream.body += chunk;
          return;
        }
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = new Map<string, string>();
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const at = line.indexOf(': ');
            if (at > 0) fields.set(line.slice(0, at), line.slice(at + 2));
          }
          if (fields.has('event')) stream.events.push({ id: fields.get('id'), event: fields.get('event')!, data: JSON.parse(fields.get('data') ?? '{}') as Record<string, unknown> });
        }
      });
      res.on('end', () => {
        stream.ended = true;
      });
      res.on('error', () => {
        stream.ended = true;
      });
      resolve(stream);
    });
    req.on('error', reject);
  });
}

async function listen(app: Express): Promise<{ base: string; server: http.Server }> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const closeServer = (server: http.Server) => new Promise<void>((resolve) => server.close(() => resolve()));
const forJob = (s: OpenStream, jobId: string) => s.events.filter((e) => e.data.jobId === jobId);
const ready = (s: OpenStream) => waitFor(async () => s.events.find((e) => e.event === 'ready'));

describe.each(databaseKinds())('on %s', (kind) => {
  let h: AppHarness;
  let base: string;
  let server: http.Server;
  const opened: OpenStream[] = [];
  const sopKey = `live-${kind}`;

  async function streamAs(who: string, headers: Record<string, string> = {}, at = base): Promise<OpenStream> {
    const s = await openStream(at, '/api/events', { ...auth(await h.login(who)), ...headers });
    opened.push(s);
    return s;
  }

  beforeAll(async () => {
    h = await startAppHarness(kind);
    await publishSop(h, checkedSop(sopKey));
    ({ base, server } = await listen(h.app));
  });

  afterEach(() => {
    for (const s of opened.splice(0)) s.close();
  });

  afterAll(async () => {
    await h?.close(); // closes the hub first: it ends the open streams, so the server closes at once
    if (server) await closeServer(server);
  });

  test('a vendor\'s stream gets the submission, the stored check result and the step changes of its job; another vendor\'s stream gets nothing of it', async () => {
    const job = await startJob(h, sopKey);
    const vendorA = await streamAs('vendor-a');
    const vendorB = await streamAs('vendor-b');
    const qa = await streamAs('qa');
    expect(vendorA.status).toBe(200);
    expect(vendorA.contentType).toBe('text/event-stream; charset=utf-8');
    await Promise.all([ready(vendorA), ready(vendorB), ready(qa)]);

    await submitDraft(h, job);
    const submitted = await waitFor(async () => forJob(vendorA, job.id).find((e) => e.event === 'submission'));
    expect(submitted.data).toEqual({ seq: Number(submitted.id), type: 'submission.created', jobId: job.id, nodeId: 'draft', round: 1, at: expect.any(String) });
    const check = await waitFor(async () => forJob(vendorA, job.id).find((e) => e.event === 'check'));
    expect(check).toEqual({ id: undefined, event: 'check', data: { jobId: job.id, nodeId: 'auto', round: 1 } });
    const checked = await waitFor(async () => forJob(vendorA, job.id).find((e) => e.event === 'step' && e.data.type === 'step.completed' && e.data.nodeId === 'auto'));
    expect(vendorA.events.indexOf(check)).toBeLessThan(vendorA.events.indexOf(checked));
    await waitFor(async () => forJob(vendorA, job.id).find((e) => e.event === 'step' && e.data.type === 'step.activated' && e.data.nodeId === 'review'));
    await waitFor(async () => forJob(qa, job.id).find((e) => e.event === 'step' && e.data.type === 'step.activated' && e.data.nodeId === 'review'));
    // QA's review request lands in QA's inbox, and only QA's stream says so.
    await waitFor(async () => qa.events.find((e) => e.event === 'inbox' && e.data.userId === h.ids.users.qa));
    // No audit data travels: only what changed, where and when.
    const allowed = new Set(['at', 'jobId', 'nodeId', 'round', 'seq', 'type']);
    expect(forJob(vendorA, job.id).flatMap((e) => Object.keys(e.data).filter((key) => !allowed.has(key)))).toEqual([]);

    // Vendor B's stream is open and got nothing but its ready event: no job event, no check, no one else's inbox.
    expect(vendorB.ended).toBe(false);
    expect(vendorB.events.map((e) => e.event)).toEqual(['ready']);
    expect(vendorA.events.filter((e) => e.event === 'inbox' && e.data.userId !== h.ids.users['vendor-a'])).toEqual([]);
  });

  test('an event written through one API instance reaches a stream served by another (LISTEN/NOTIFY)', async () => {
    const other = await startExtraApp(h);
    const { base: otherBase, server: otherServer } = await listen(other.app);
    try {
      const job = await startJob(h, sopKey);
      const stream = await streamAs('vendor-a', {}, otherBase);
      await ready(stream);
      const owner = await h.login('owner');
      const comment = await request(h.app).post(`/api/jobs/${job.id}/comments`).set(auth(owner)).send({ body: 'please use the new logo' });
      expect(comment.status).toBe(201);
      const event = await waitFor(async () => forJob(stream, job.id).find((e) => e.event === 'comment'));
      expect(event.data).toEqual({ seq: Number(event.id), type: 'comment.added', jobId: job.id, at: expect.any(String) });
    } finally {
      await other.close();
      await closeServer(otherServer);
    }
  });

  test('Last-Event-ID replays what the stream missed, in order, only of jobs in scope', async () => {
    const job = await startJob(h, sopKey);
    const first = await streamAs('vendor-a');
    const { id: lastSeen } = await ready(first);
    first.close();
    const owner = await h.login('owner');
    for (const body of ['one', 'two']) expect((await request(h.app).post(`/api/jobs/${job.id}/comments`).set(auth(owner)).send({ body })).status).toBe(201);

    const resumed = await streamAs('vendor-a', { 'Last-Event-ID': lastSeen! });
    const replayed = await waitFor(async () => {
      const comments = forJob(resumed, job.id).filter((e) => e.event === 'comment');
      return comments.length === 2 ? comments : undefined;
    });
    expect(Number(replayed[0]!.id)).toBeGreaterThan(Number(lastSeen));
    expect(Number(replayed[1]!.id)).toBeGreaterThan(Number(replayed[0]!.id));
    const readyEvent = await ready(resumed);
    expect(Number(readyEvent.id)).toBeGreaterThanOrEqual(Number(replayed[1]!.id));
    expect(resumed.events.indexOf(readyEvent)).toBeGreaterThan(resumed.events.indexOf(replayed[1]!));

    const otherVendor = await streamAs('vendor-b', { 'Last-Event-ID': lastSeen! });
    await ready(otherVendor);
    expect(forJob(otherVendor, job.id)).toEqual([]);

    // A client that opens a new EventSource (a new ticket) names the id in the query instead.
    const byQuery = await openStream(base, `/api/events?lastEventId=${lastSeen!}`, auth(await h.login('vendor-a')));
    opened.push(byQuery);
    await ready(byQuery);
    expect(forJob(byQuery, job.id).filter((e) => e.event === 'comment').map((e) => e.id)).toEqual(replayed.map((e) => e.id));
  });

  test('a stream without a token answers 401, and so does a wrong token', async () => {
    const none = await openStream(base, '/api/events');
    expect(none.status).toBe(401);
    expect(none.contentType).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(none.body)).toMatchObject({ type: 'urn:sop:problem:unauthorized', status: 401 });
    const wrong = await openStream(base, '/api/events', { Authorization: 'Bearer not-a-session' });
    expect(wrong.status).toBe(401);
  });

  test('a stream ticket opens one stream once and no other route: its reuse, an unknown ticket and an expired one answer 401', async () => {
    const vendor = await h.login('vendor-a');
    const issued = await request(h.app).post('/api/events/ticket').set(auth(vendor));
    expect(issued.status).toBe(201);
    const { ticket } = issued.body as { ticket: string; expiresAt: string };
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // A ticket opens the stream and nothing else (and is not used up by trying).
    const elsewhere = await request(h.app).get(`/api/me?ticket=${ticket}`);
    expect(elsewhere.status).toBe(401);
    const stream = await openStream(base, `/api/events?ticket=${ticket}`);
    opened.push(stream);
    expect(stream.status).toBe(200);
    await ready(stream);

    const again = await openStream(base, `/api/events?ticket=${ticket}`);
    expect(again.status).toBe(401);
    expect(JSON.parse(again.body)).toMatchObject({ status: 401, detail: 'The stream ticket is invalid, used or expired; ask for a new one with POST /api/events/ticket.' });
    const unknown = await openStream(base, `/api/events?ticket=${'A'.repeat(43)}`);
    expect(unknown.status).toBe(401);

    const late = (await request(h.app).post('/api/events/ticket').set(auth(vendor))).body as { ticket: string };
    await h.test.db.prisma.streamTicket.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await openStream(base, `/api/events?ticket=${late.ticket}`);
    expect(expired.status).toBe(401);
  });

  test('an API key cannot take a stream ticket (403): it sends its key in the header instead', async () => {
    const admin = await h.login('admin');
    const created = await request(h.app).post('/api/api-keys').set(auth(admin)).send({ name: `live ${kind}`, roles: ['owner'] });
    expect(created.status).toBe(201);
    const key = (created.body as { token: string }).token;
    expect((await request(h.app).post('/api/events/ticket').set(auth(key))).status).toBe(403);
    const stream = await openStream(base, '/api/events', { 'X-Api-Key': key });
    opened.push(stream);
    expect(stream.status).toBe(200);
    await ready(stream);
  });

  test('of six streams one person opens at once, five open and one answers 429', async () => {
    await h.login('manager'); // once: six logins at once would trip the login limits
    await h.login('manager'); // once: six logins at once would trip the login limits
    const streams = await Promise.all(Array.from({ length: 6 }, () => streamAs('manager')));
    expect(streams.map((s) => s.status).sort()).toEqual([200, 200, 200, 200, 200, 429]);
    const refused = streams.find((s) => s.status === 429)!;
    expect(JSON.parse(refused.body)).toMatchObject({ type: 'urn:sop:problem:too-many-requests', status: 429 });
    await Promise.all(streams.filter((s) => s.status === 200).map(ready));
  });

  test('a Last-Event-ID further back than the replay window gets resync instead of a replay', async () => {
    const extra = await startExtraApp(h, { liveEvents: { replayWindow: 1 } });
    const { base: extraBase, server: extraServer } = await listen(extra.app);
    try {
      const job = await startJob(h, sopKey);
      const stream = await streamAs('vendor-a', { 'Last-Event-ID': '0' }, extraBase);
      await ready(stream);
      expect(stream.events.map((e) => e.event)).toEqual(['resync', 'ready']);
      expect(stream.events[0]!.data).toEqual({ reason: 'too-many-missed' });
      expect(forJob(stream, job.id)).toEqual([]);
    } finally {
      await extra.close();
      await closeServer(extraServer);
    }
  });

  test('logging out ends the session\'s stream at its next check', async () => {
    const extra = await startExtraApp(h, { liveEvents: { recheckMs: 200 } });
    const { base: extraBase, server: extraServer } = await listen(extra.app);
    try {
      const login = await request(h.app).post('/api/auth/login').send({ email: 'procurement@demo.test', password: 'demo-password-for-tests' });
      const token = (login.body as { token: string }).token;
      const stream = await openStream(extraBase, '/api/events', auth(token));
      opened.push(stream);
      await ready(stream);
      expect((await request(h.app).post('/api/auth/logout').set(auth(token))).status).toBe(204);
      await waitFor(async () => (stream.ended ? true : undefined), 10_000);
    } finally {
      await extra.close();
      await closeServer(extraServer);
    }
  });
});
