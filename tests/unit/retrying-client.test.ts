/**
 * The fault drills' retrying client (scripts/chaos/retrying-client.ts): which
 * answers it retries, how long it waits, and that every retry carries the same
 * Idempotency-Key (against a real loopback HTTP server).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { NO_ANSWER, RetryingClient, backoffMs, shouldRetry } from '../../scripts/chaos/retrying-client';

const inProgress = { type: 'urn:sop:problem:idempotency-in-progress', status: 409 };

describe('shouldRetry', () => {
  test.each([
    ['no answer (refused, reset, timed out)', true, NO_ANSWER, null],
    ['500', true, 500, { type: 'urn:sop:problem:internal' }],
    ['502', true, 502, null],
    ['503 database unavailable', true, 503, { type: 'urn:sop:problem:database-unavailable' }],
    ['408 request timeout', true, 408, null],
    ['425 too early', true, 425, null],
    ['429 too many uploads', true, 429, { type: 'urn:sop:problem:uploads-in-flight' }],
    ['409 idempotency-in-progress', true, 409, inProgress],
    ['409 of another kind (a taken key)', false, 409, { type: 'urn:sop:problem:sop-key-taken' }],
    ['409 without a body', false, 409, null],
    ['200', false, 200, { ok: true }],
    ['201', false, 201, {}],
    ['400', false, 400, null],
    ['403', false, 403, null],
    ['404', false, 404, null],
    ['422', false, 422, { type: 'urn:sop:problem:sop-invalid' }],
  ])('%s → retried: %s', (_name, retried, status, body) => {
    expect(shouldRetry(status, body)).toBe(retried);
  });
});

test('the backoff grows 200 ms per attempt and stops growing at 2 s', () => {
  expect([1, 2, 3, 9, 10, 11, 50].map(backoffMs)).toEqual([200, 400, 600, 1800, 2000, 2000, 2000]);
});

describe('against a loopback server', () => {
  let server: http.Server;
  let port: number;
  const seen: Array<{ url: string; key: string | undefined; body: string }> = [];
  let answers: Array<{ status: number; body: unknown }> = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ url: req.url!, key: req.headers['idempotency-key'] as string | undefined, body });
        const next = answers.shift() ?? { status: 500, body: null };
        res.writeHead(next.status, { 'content-type': 'application/json' }).end(JSON.stringify(next.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    seen.length = 0;
  });

  test('a write answered 503, then 409 in progress, then 201 is sent three times with the same key and body, and answers 201', async () => {
    answers = [{ status: 503, body: null }, { status: 409, body: inProgress }, { status: 201, body: { id: 'job-1' } }];
    const client = new RetryingClient([port]);
    const answer = await client.call('POST', '/api/jobs?x=1', 'token', { json: { code: 'J-1' } }, 'start-J-1');
    expect(answer).toEqual({ status: 201, body: { id: 'job-1' } });
    expect(seen).toEqual(Array.from({ length: 3 }, () => ({ url: '/api/jobs?x=1', key: 'start-J-1', body: '{"code":"J-1"}' })));
    expect([client.retries, client.answersByStatus]).toEqual([2, { 201: 1, 409: 1, 503: 1 }]);
    expect(client.serverErrors.map((e) => [e.port, e.method, e.path, e.status])).toEqual([[port, 'POST', '/api/jobs', 503]]);
  });

  test('a 422 is the answer at once', async () => {
    answers = [{ status: 422, body: { type: 'urn:sop:problem:sop-invalid' } }];
    const client = new RetryingClient([port]);
    expect((await client.call('POST', '/api/sops', 'token', { json: {} }, 'k')).status).toBe(422);
    expect([seen.length, client.retries]).toEqual([1, 0]);
  });

  test('a request with no answer for real within its time limit throws, and a stopped client throws', async () => {
    answers = [];
    const client = new RetryingClient([port], { timeoutMs: 100 });
    await expect(client.call('GET', '/api/health', undefined)).rejects.toThrow('GET /api/health got no answer within 0.1 s');
    const stopped = new RetryingClient([port]);
    stopped.stopped = true;
    await expect(stopped.call('GET', '/api/health', undefined)).rejects.toThrow('the run is over');
  });
});
