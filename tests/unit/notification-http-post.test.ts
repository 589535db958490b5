/**
 * postJson (platform/notifications/channels/http-post.ts) against a loopback
 * server (allowed here through the allow-list, as NOTIFY_ALLOWED_HOSTS would):
 * the request as sent, answers cut to 500 characters, and failures as
 * transient DeliveryErrors that name the host and the cause, never the URL's
 * path or query (which may hold a token). Without the allow-list the same
 * server is refused, whether named by address or by a name that resolves to it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expectOk, postJson } from '../../platform/notifications/channels/http-post';
import { isPermanentFailure } from '../../platform/notifications/delivery-error';
import { parseAllowedHosts } from '../../platform/notifications/outbound/address-rules';

const LOOPBACK = parseAllowedHosts(['127.0.0.1']);

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
  expect(await postJson(`${base}/hook?token=t0p-secret`, body, { 'X-SOP-Event-Id': 'evt_1' }, 2000, LOOPBACK)).toEqual({ status: 201, text: '{"ok":true}' });
  const got = seen.at(-1)!;
  expect([got.url, got.body, got.headers['content-type'], got.headers['content-length'], got.headers['x-sop-event-id']])
    .toEqual(['/hook?token=t0p-secret', body, 'application/json; charset=utf-8', String(Buffer.byteLength(body)), 'evt_1']);
});

test('a long answer is cut to 500 characters', async () => {
  expect((await postJson(`${base}/long`, '{}', {}, 2000, LOOPBACK)).text).toBe('x'.repeat(500));
});

test('no answer within the timeout: transient, naming the host only', async () => {
  const error = await postJson(`${base}/slow/t0p-secret?key=k3y`, '{}', {}, 150, LOOPBACK).catch((e: Error) => e);
  expect((error as Error).message).toBe(`cannot reach ${new URL(base).host}: no answer within 150 ms`);
  expect(isPermanentFailure(error)).toBe(false);
});

test('a refused connection: transient, naming the host and ECONNREFUSED', async () => {
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const error = await postJson(`http://127.0.0.1:${port}/robot/send?access_token=t0p-secret`, '{}', {}, 2000, LOOPBACK).catch((e: Error) => e);
  expect((error as Error).message).toBe(`cannot reach 127.0.0.1:${port}: ECONNREFUSED`);
  expect(isPermanentFailure(error)).toBe(false);
});

describe('without an allow-list (the default)', () => {
  const refused = (host: string, address: string, rule: string) =>
    `not sent: ${host === address ? host : `${host} (${address})`} is a loopback address (127.0.0.0/8, ::1): notifications may not reach internal addresses (rule "${rule}"). An operator can allow it by listing the host in NOTIFY_ALLOWED_HOSTS.`;

  test('a loopback address is refused before connecting: permanent, and the server sees nothing', async () => {
    const before = seen.length;
    const error = await postJson(`${base}/hook?token=t0p-secret`, '{}', {}, 2000).catch((e: Error) => e);
    expect([(error as Error).message, isPermanentFailure(error), seen.length - before]).toEqual([refused('127.0.0.1', '127.0.0.1', 'loopback'), true, 0]);
  });

  test('a name that resolves to loopback is refused on the resolved address (as a rebinding name would be)', async () => {
    const before = seen.length;
    const port = new URL(base).port;
    const error = await postJson(`http://localhost:${port}/hook`, '{}', {}, 2000).catch((e: Error) => e);
    expect([(error as Error).message, isPermanentFailure(error), seen.length - before]).toEqual([refused('localhost', '127.0.0.1', 'loopback'), true, 0]);
  });

  test('the IPv4-mapped IPv6 form of loopback is refused too', async () => {
    const port = new URL(base).port;
    const error = await postJson(`http://[::ffff:127.0.0.1]:${port}/hook`, '{}', {}, 2000).catch((e: Error) => e);
    expect([(error as Error).message, isPermanentFailure(error)]).toEqual([refused('::ffff:7f00:1', '::ffff:7f00:1', 'loopback'), true]);
  });

  test('https is filtered the same way', async () => {
    const error = await postJson(`https://localhost:${new URL(base).port}/hook`, '{}', {}, 2000).catch((e: Error) => e);
    expect([(error as Error).message, isPermanentFailure(error)]).toEqual([refused('localhost', '127.0.0.1', 'loopback'), true]);
  });
});

test('a refused answer is quoted in one short line, not 500 characters of the receiver\'s page', () => {
  let message = '';
  try {
    expectOk({ status: 403, text: `<html>\n<body>${'forbidden '.repeat(50)}</body></html>` }, 'the webhook receiver');
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message).toBe(`the webhook receiver answered HTTP 403: <html> <body>${'forbidden '.repeat(50).slice(0, 119 - '<html> <body>'.length)}…`);
});
