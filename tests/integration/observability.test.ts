/**
 * Observability of the API (docs/OPERATIONS.md): Prometheus text at /metrics
 * with HTTP latency by route pattern (never a raw id), served to loopback
 * callers or with METRICS_TOKEN only; the request id echoed, on every log
 * line of its request and carried into the job's workflow and the activities
 * it schedules; credential headers redacted; liveness and readiness.
 */
import { Writable } from 'node:stream';
import request from 'supertest';
import { createLogger } from '../../platform/observability/logger';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import type { SopDefinition } from '../../core/sop/types';
import { auth, checkedSop, pngOf, publishSop, startExtraApp, uniqueCode, waitForActive } from '../support/api-fixtures';
import { connectClient } from '../support/temporal';

jest.setTimeout(180_000);

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';

describe('API observability', () => {
  let h: AppHarness;
  let extra: Awaited<ReturnType<typeof startExtraApp>>;
  const lines: Array<Record<string, unknown>> = [];
  const linesOf = (requestId: string) => lines.filter((l) => l.requestId === requestId);

  beforeAll(async () => {
    h = await startAppHarness('embedded');
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const text of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(text) as Record<string, unknown>);
        done();
      },
    });
    extra = await startExtraApp(h, { logger: createLogger({ level: 'info', destination }), metricsToken: METRICS_TOKEN });
  });
  afterAll(async () => {
    await extra?.close();
    await h?.close();
  });

  test('/metrics answers Prometheus text with the latency histogram under the route pattern, never the raw id', async () => {
    const owner = await h.login('owner');
    const missing = 'no-such-job-0123456789';
    expect((await request(extra.app).get(`/api/jobs/${missing}`).set(auth(owner))).status).toBe(404);
    expect((await request(extra.app).get('/api/no-such-route/abc123')).status).toBe(404);
    const res = await request(extra.app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(res.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/api\/jobs\/:id",status="404"\} [1-9]\d*/);
    expect(res.text).toContain('# TYPE sop_outbox_pending gauge');
    expect(res.text).toContain('# TYPE sop_outbox_oldest_pending_age_seconds gauge');
    expect(res.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="unmatched",status="404"\} [1-9]\d*/);
    expect(res.text).not.toContain(missing);
    expect(res.text).not.toContain('abc123');
  });

  test('/metrics refuses a caller that came through a proxy with 403 problem+json, unless it presents METRICS_TOKEN', async () => {
    const proxied = await request(extra.app).get('/metrics').set('X-Forwarded-For', '203.0.113.7');
    expect([proxied.status, proxied.headers['content-type'], JSON.parse(proxied.text).type]).toEqual([403, 'application/problem+json; charset=utf-8', 'urn:sop:problem:metrics-forbidden']);
    const wrong = await request(extra.app).get('/metrics').set('X-Forwarded-For', '203.0.113.7').set('Authorization', 'Bearer not-the-metrics-token-at-all');
    expect(wrong.status).toBe(403);
    const withToken = await request(extra.app).get('/metrics').set('X-Forwarded-For', '203.0.113.7').set('Authorization', `Bearer ${METRICS_TOKEN}`);
    expect(withToken.status).toBe(200);
    expect(withToken.text).toContain('http_request_duration_seconds_bucket');
  });

  test('a sane X-Request-Id is echoed and names the request line; an unsafe one is replaced by a UUID', async () => {
    const res = await request(extra.app).get('/api/health').set('X-Request-Id', 'req-health-42');
    expect(res.headers['x-request-id']).toBe('req-health-42');
    const line = linesOf('req-health-42').find((l) => l.msg === 'request completed');
    expect(line).toMatchObject({ level: 'info', requestId: 'req-health-42', req: { method: 'GET', path: '/api/health', route: '/api/health' }, res: { status: 200 } });
    const unsafe = await request(extra.app).get('/api/health').set('X-Request-Id', 'bad id\twith spaces');
    expect(unsafe.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const generated = await request(extra.app).get('/api/health');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('the Authorization header and the query string never reach a log line', async () => {
    const token = await h.login('owner');
    await request(extra.app).get('/api/jobs?limit=5&ticket=secret-ticket-value').set(auth(token)).set('Cookie', 'session=cookie-secret').set('X-Request-Id', 'req-redact-1');
    const line = linesOf('req-redact-1').find((l) => l.msg === 'request completed') as { req: { path: string; headers: Record<string, string> } } | undefined;
    expect(line?.req.path).toBe('/api/jobs');
    expect(line?.req.headers.authorization).toBe('[Redacted]');
    expect(line?.req.headers.cookie).toBe('[Redacted]');
    const all = JSON.stringify(lines);
    expect(all).not.toContain(token);
    expect(all).not.toContain('secret-ticket-value');
    expect(all).not.toContain('cookie-secret');
  });

  test('request ids travel in Temporal headers: the start\'s into the workflow, a submission\'s into the check activity it leads to', async () => {
    const key = 'observed-sop';
    await publishSop(h, checkedSop(key));
    const owner = await h.login('owner');
    const code = uniqueCode('OBS');
    const res = await request(extra.app).post('/api/jobs').set(auth(owner)).set('X-Request-Id', 'req-start-job-7').send({
      sop: key, code, title: `Job ${code}`, vendorOrgId: h.ids.orgs['Vendor A'],
      assignees: { vendor: h.ids.users['vendor-a'], qa: h.ids.users.qa, manager: h.ids.users.manager },
      references: { banner: h.ids.referenceFileId },
    });
    expect(res.status).toBe(201);
    const jobId = (res.body as { id: string }).id;
    await waitForActive(h, jobId, 'draft');
    const submitted = await request(extra.app).post(`/api/jobs/${jobId}/steps/draft/submissions`).set(auth(await h.login('vendor-a'))).set('X-Request-Id', 'req-submit-8')
      .attach('banner', await pngOf(), { filename: `${code}_banner_v01.png`, contentType: 'image/png' });
    expect(submitted.status).toBe(201);
    await waitForActive(h, jobId, 'review');
    const { workflowId } = await h.test.db.prisma.job.findUniqueOrThrow({ where: { id: jobId } });
    const { client, connection } = await connectClient();
    try {
      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      const headerOf = (fields: Record<string, { data?: Uint8Array | null }> | null | undefined) => {
        const data = fields?.['sop-request-id']?.data;
        return data ? JSON.parse(Buffer.from(data).toString('utf8')) : undefined;
      };
      const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
      expect(headerOf(started?.header?.fields)).toBe('req-start-job-7');
      const scheduled = (history.events ?? []).map((e) => e.activityTaskScheduledEventAttributes).filter((a) => a != null);
      expect(scheduled.map((a) => [a.activityType?.name, headerOf(a.header?.fields)])).toEqual([['runCheck', 'req-submit-8']]);
    } finally {
      await connection.close();
    }
  });

  test('/livez answers while the process runs; /readyz answers ready with the database and Temporal reachable', async () => {
    expect((await request(extra.app).get('/livez')).body).toEqual({ status: 'ok' });
    const ready = await request(extra.app).get('/readyz');
    expect([ready.status, ready.body]).toEqual([200, { status: 'ready', db: 'ok', temporal: 'ok' }]);
  });
});
