/**
 * postJson (platform/notifications/channels/http-post.ts) against a loopback
 * server: the request as sent, answers cut to 500 characters, and failures as
 * transient DeliveryErrors that name the host and the cause, never the URL's
 * path or query (which may hold a token).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { postJson } from '../../platform/notifications/channels/http-post';
import { isPermanentFailure } from '../../platform/notifications/delivery-error';

let server: http.Server;
let base: string;
const seen: Array<{ url: string; headers: http.IncomingHttpHeaders; body: string }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (req.url?.startsWith('/slow')) return; // never answers
      if (req.url?.startsWith('/long')) return void res.writeHead(200).end('x'.repeat(5000));
      res.writeHead(201, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

test('POSTs the body as UTF-8 JSON with the extra headers; answers status and text', async () => {
  const body = JSON.stringify({ text: '升级 ✓' });
  expect(await postJson(`${base}/hook?token=t0p-secret`, body, { 'X-SOP-Event-Id': 'evt_1' }, 2000)).toEqual({ status: 201, text: '{"ok":true}' });
  const got = seen.at(-1)!;
  expect([got.url, got.body, got.headers['content-type'], got.headers['content-length'], got.headers['x-sop-event-id']])
    .toEqual(['/hook?token=t0p-secret', body, 'application/json; charset=utf-8', String(Buffer.byteLength(body)), 'evt_1']);
});

test('a long answer is cut to 500 characters', async () => {
  expect((await postJson(`${base}/long`, '{}', {}, 2000)).text).toBe('x'.repeat(500));
});

test('no answer within the timeout: transient, naming the host only', async () => {
  const error = await postJson(`${base}/slow/t0p-secret?key=k3y`, '{}', {}, 150).catch((e: Error) => e);
  expect((error as Error).message).toBe(`cannot reach ${new URL(base).host}: no answer within 150 ms`);
  expect(isPermanentFailure(error)).toBe(false);
});

test('a refused connection: transient, naming the host and ECONNREFUSED', async () => {
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const error = await postJson(`http://127.0.0.1:${port}/robot/send?access_token=t0p-secret`, '{}', {}, 2000).catch((e: Error) => e);
  expect((error as Error).message).toBe(`cannot reach 127.0.0.1:${port}: ECONNREFUSED`);
  expect(isPermanentFailure(error)).toBe(false);
});
