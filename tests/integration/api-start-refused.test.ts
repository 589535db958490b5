/**
 * A job start the workflow engine refuses: the API answers 503 and deletes the
 * job row (a retry takes the same code), and a webhook that may have heard
 * `job.created` hears `job.start_failed` for the same job id too. The refusal
 * is real: a Temporal client on a namespace that does not exist, as the
 * frontend answers while its database restarts.
 */
import request from 'supertest';
import { Client, type Connection } from '@temporalio/client';
import { createApp, liveHubOf } from '../../api/app';
import { createLoginLimiter } from '../../api/auth/login-limiter';
import type { Express } from 'express';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { auth, publishSop, strictSop, uniqueCode } from '../support/api-fixtures';
import { configureChannels, LOOPBACK_RECEIVERS, removeChannels, startTestDispatcher, type ConfigIds } from '../support/notification-fixtures';
import { randomSecrets, startHttpReceiver, type HttpReceiver } from '../support/notification-http-receiver';
import { waitFor } from '../support/wait-for';

const SOP = 'start-refused';

let h: AppHarness;
let http: HttpReceiver;
let configs: ConfigIds;
let dispatcher: ReturnType<typeof startTestDispatcher>;
const secrets = randomSecrets();

/** The app on the harness's database with Temporal client `client`. */
function appWith(client: Client): Express {
  return createApp({
    config: { taskQueue: h.taskQueue, publicUrl: 'http://localhost' },
    db: h.test.db,
    temporal: { client, connection: h.client.connection as Connection, taskQueue: h.taskQueue },
    storage: h.storage,
    loginLimiter: createLoginLimiter(h.test.db),
    notifyAllowedHosts: LOOPBACK_RECEIVERS,
    // The engine that cannot say whether a failed start's workflow exists is asked again for 1 s, not 10.
    startConfirmMs: 1_000,
  });
}

/** Counts `describe` calls on `client`'s handles; the first `failing` of them answer UNAVAILABLE, as a frontend that is down. */
function describeCounter(client: Client, failing = 0): { calls: number } {
  const seen = { calls: 0 };
  const getHandle = client.workflow.getHandle.bind(client.workflow);
  client.workflow.getHandle = ((...args: Parameters<typeof getHandle>) => {
    const handle = getHandle(...args);
    const describe = handle.describe.bind(handle);
    handle.describe = async () => {
      seen.calls += 1;
      if (seen.calls <= failing) throw new Error('14 UNAVAILABLE: the frontend is down');
      return describe();
    };
    return handle;
  }) as typeof getHandle;
  return seen;
}

/** The app whose engine refuses every start; `beforeRefusal` runs first (e.g. waits for the relay). */
function refusingApp(beforeRefusal: () => Promise<void> = async () => {}, describes?: (seen: { calls: number }) => void): Express {
  const refusing = new Client({ connection: h.client.connection, namespace: 'sop-namespace-that-does-not-exist' });
  describes?.(describeCounter(refusing));
  const start = refusing.workflow.start.bind(refusing.workflow);
  refusing.workflow.start = (async (...args: Parameters<typeof start>) => {
    await beforeRefusal();
    return start(...args);
  }) as typeof start;
  return appWith(refusing);
}

function startBody(code: string) {
  return {
    sop: SOP, code, title: `Job ${code}`, vendorOrgId: h.ids.orgs['Vendor A'],
    assignees: { vendor: h.ids.users['vendor-a'], qa: h.ids.users.qa, manager: h.ids.users.manager },
    references: { banner: h.ids.referenceFileId },
  };
}

const eventsOf = (code: string) => http.accepted('webhook')
  .filter((p) => (p.body.job as { code?: string } | null)?.code === code)
  .map((p) => ({ type: p.text, jobId: (p.body.job as { id: string }).id }));

beforeAll(async () => {
  h = await startAppHarness('embedded', { notifyAllowedHosts: LOOPBACK_RECEIVERS });
  http = await startHttpReceiver(secrets);
  configs = await configureChannels(h, { http, secrets }, ['webhook']);
  await publishSop(h, strictSop(SOP));
  dispatcher = startTestDispatcher(h);
});
afterAll(async () => {
  await dispatcher?.stop();
  await removeChannels(h, configs);
  await http?.close();
  await h?.close();
});

test('a refused start answers 503 engine-unavailable, leaves no job, and the webhook hears job.created then job.start_failed for the same id', async () => {
  let describes = { calls: 0 };
  const app = refusingApp(undefined, (seen) => { describes = seen; });
  const owner = await h.login('owner');
  const code = uniqueCode('REFUSED');
  const res = await request(app).post('/api/jobs').set(auth(owner)).send(startBody(code));
  expect(res.status).toBe(503);
  expect(res.body).toMatchObject({ type: 'urn:sop:problem:engine-unavailable', status: 503 });
  expect(await h.test.db.prisma.job.count({ where: { code } })).toBe(0);
  // `Namespace not found` is no answer about the workflow (the frontend says it while its database restarts): asked again before giving up.
  expect(describes.calls).toBeGreaterThan(1);

  await waitFor(async () => (eventsOf(code).length >= 2 ? true : undefined), 20_000);
  const events = eventsOf(code);
  expect(events.map((e) => e.type).sort()).toEqual(['job.created', 'job.start_failed']);
  expect(new Set(events.map((e) => e.jobId)).size).toBe(1);
  const failed = await h.test.db.prisma.auditEvent.findFirstOrThrow({ where: { type: 'job.start_failed', jobId: events[0]!.jobId } });
  expect(failed.data).toMatchObject({ code });
  await liveHubOf(app).close();
});

test('when the relay had already sent job.created before the refusal, that row is kept and job.start_failed follows; nothing is sent twice', async () => {
  const code = uniqueCode('REFUSED-LATE');
  const app = refusingApp(async () => { await waitFor(async () => (eventsOf(code).some((e) => e.type === 'job.created') ? true : undefined), 20_000); });
  const owner = await h.login('owner');
  const res = await request(app).post('/api/jobs').set(auth(owner)).send(startBody(code));
  expect(res.status).toBe(503);

  await waitFor(async () => (eventsOf(code).some((e) => e.type === 'job.start_failed') ? true : undefined), 20_000);
  const jobId = eventsOf(code)[0]!.jobId;
  // The receiver's answer comes before the dispatcher records the row as sent.
  const rows = await waitFor(async () => {
    const found = await h.test.db.prisma.notification.findMany({ where: { channel: 'webhook', idempotencyKey: { startsWith: `${jobId}/` } }, orderBy: { createdAt: 'asc' } });
    return found.every((r) => r.status !== 'pending') ? found : undefined;
  }, 20_000);
  expect(rows.map((r) => [(r.payload as { event: { type: string } }).event.type, r.jobId, r.status])).toEqual([
    ['job.created', null, 'sent'],
    ['job.start_failed', null, 'sent'],
  ]);
  await new Promise((r) => setTimeout(r, 500));
  expect(eventsOf(code).map((e) => e.type)).toEqual(['job.created', 'job.start_failed']);
  await liveHubOf(app).close();
});

test('after a refused start, the same code starts on a working engine as a new job with its own job.created', async () => {
  const code = uniqueCode('REFUSED-RETRY');
  const owner = await h.login('owner');
  const refused = refusingApp();
  expect((await request(refused).post('/api/jobs').set(auth(owner)).send(startBody(code))).status).toBe(503);
  await liveHubOf(refused).close();

  const res = await request(h.app).post('/api/jobs').set(auth(owner)).send(startBody(code));
  expect(res.status).toBe(201);
  const newId = (res.body as { id: string }).id;
  await waitFor(async () => (eventsOf(code).filter((e) => e.type === 'job.created').length === 2 ? true : undefined), 20_000);
  const byType = eventsOf(code);
  const failedId = byType.find((e) => e.type === 'job.start_failed')!.jobId;
  expect(failedId).not.toBe(newId);
  expect(byType.filter((e) => e.jobId === newId).map((e) => e.type)).toContain('job.created');
  expect(byType.filter((e) => e.jobId === failedId).map((e) => e.type).sort()).toEqual(['job.created', 'job.start_failed']);
});

/** A client on the working engine whose starts go through but answer `reason`, as when the answer is lost on the way back. */
function answerLosingClient(reason: string): Client {
  const client = new Client({ connection: h.client.connection, namespace: h.client.options.namespace });
  const start = client.workflow.start.bind(client.workflow);
  client.workflow.start = (async (...args: Parameters<typeof start>) => {
    await start(...args);
    throw new Error(reason);
  }) as typeof start;
  return client;
}

/** The job `id` kept its row and runs (its first step is active), and no `job.start_failed` was recorded for it. */
async function expectRunsWithoutStartFailed(id: string, owner: string): Promise<void> {
  expect(await h.test.db.prisma.job.count({ where: { id } })).toBe(1);
  await waitFor(async () => {
    const job = await request(h.app).get(`/api/jobs/${id}`).set(auth(owner));
    return (job.body as { activeSteps?: string[] }).activeSteps?.includes('draft') ? true : undefined;
  });
  expect(await h.test.db.prisma.auditEvent.count({ where: { jobId: id, type: 'job.start_failed' } })).toBe(0);
}

test('a start the engine carried out but whose answer was lost (an error after the workflow began) keeps its job: 201, and the job runs', async () => {
  const app = appWith(answerLosingClient('14 UNAVAILABLE: the answer was lost on the way back'));
  const owner = await h.login('owner');
  const res = await request(app).post('/api/jobs').set(auth(owner)).send(startBody(uniqueCode('LOST-ANSWER')));
  expect(res.status).toBe(201);
  await expectRunsWithoutStartFailed((res.body as { id: string }).id, owner);
  await liveHubOf(app).close();
});

test('a start whose answer was lost while the engine could not say for a moment whether the workflow exists keeps its job: 201, no job.start_failed', async () => {
  const client = answerLosingClient('14 UNAVAILABLE: the frontend went down with the answer');
  const describes = describeCounter(client, 2);
  const app = appWith(client);
  const owner = await h.login('owner');
  const res = await request(app).post('/api/jobs').set(auth(owner)).send(startBody(uniqueCode('LOST-BLIND')));
  expect(res.status).toBe(201);
  expect(describes.calls).toBe(3);
  await expectRunsWithoutStartFailed((res.body as { id: string }).id, owner);
  await liveHubOf(app).close();
});
