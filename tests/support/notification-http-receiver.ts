/**
 * One HTTP server on loopback that plays every webhook receiver the
 * dispatcher talks to, checking each request the way the real service does:
 *
 * - `POST /dingtalk/robot/send?access_token=…&timestamp=…&sign=…`: the sign is
 *   base64 HMAC-SHA256(secret, timestamp+"\n"+secret), the timestamp within 1 h;
 *   answers 200 `{errcode:0}` or 200 `{errcode:310000}` like DingTalk.
 * - `POST /wecom/webhook/send?key=…`: the key must match; `{errcode:0}` or `{errcode:93000}`.
 * - `POST /feishu/bot/v2/hook/<token>`: body `timestamp` + `sign` =
 *   base64 HMAC-SHA256(key = timestamp+"\n"+secret, ""); `{code:0}` or `{code:19021}`.
 * - `POST /slack/services/<path>`: the path must match; `ok` or 404 `no_service`.
 * - `POST /erp/webhook`: verifyWebhookSignature over the raw body (5-minute
 *   window); 204, or 401 with the reason; repeats of an X-SOP-Event-Id are
 *   acknowledged and counted, not recorded twice as distinct events.
 *
 * It can go down and come back on the same port.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '../../platform/notifications/signatures';
import { freePort } from '../../platform/net';

export type ReceiverChannel = 'dingtalk' | 'wecom' | 'feishu' | 'slack' | 'webhook';

export interface ReceivedPost {
  channel: ReceiverChannel;
  accepted: boolean;
  reason?: string;
  body: Record<string, unknown>;
  headers: http.IncomingHttpHeaders;
  /** The text people would read (markdown / text / event type). */
  text: string;
  eventId?: string;
  /** Arrival time (ms since epoch). */
  at?: number;
}

export interface ReceiverSecrets {
  dingtalk: { token: string; secret: string };
  wecom: { key: string };
  feishu: { token: string; secret: string };
  slack: { path: string };
  webhook: { secret: string };
}

export interface HttpReceiver {
  port: number;
  base: string;
  /** The URL (and secret) an admin would configure for each channel. */
  urls: Record<ReceiverChannel, string>;
  posts: ReceivedPost[];
  accepted(channel: ReceiverChannel): ReceivedPost[];
  /** Distinct event ids the ERP endpoint accepted. */
  distinctEvents(): string[];
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

const b64hmac = (key: string, data: string) => createHmac('sha256', key).update(data).digest('base64');

export function randomSecrets(): ReceiverSecrets {
  const r = () => Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
  return {
    dingtalk: { token: `dt-${r()}`, secret: `SEC${r()}` },
    wecom: { key: `wk-${r()}` },
    feishu: { token: `fs-${r()}`, secret: `fsec-${r()}` },
    slack: { path: `T${r()}/B${r()}/${r()}` },
    webhook: { secret: `whsec-${r()}` },
  };
}

export async function startHttpReceiver(secrets: ReceiverSecrets, port?: number): Promise<HttpReceiver> {
  const listenPort = port ?? (await freePort());
  const base = `http://127.0.0.1:${listenPort}`;
  const posts: ReceivedPost[] = [];
  const seenEvents = new Set<string>();

  function judge(url: URL, raw: string, headers: http.IncomingHttpHeaders): { post: ReceivedPost; status: number; answer: string } {
    const body = (JSON.parse(raw || '{}') ?? {}) as Record<string, unknown>;
    const json = (status: number, value: unknown) => ({ status, answer: JSON.stringify(value) });
    const md = (body.markdown ?? {}) as { text?: string; content?: string };
    if (url.pathname === '/dingtalk/robot/send') {
      const ts = Number(url.searchParams.get('timestamp'));
      const ok = url.searchParams.get('access_token') === secrets.dingtalk.token
        && Math.abs(Date.now() - ts) < 3_600_000
        && url.searchParams.get('sign') === b64hmac(secrets.dingtalk.secret, `${ts}\n${secrets.dingtalk.secret}`)
        && body.msgtype === 'markdown';
      const post = { channel: 'dingtalk' as const, accepted: ok, body, headers, text: md.text ?? '', reason: ok ? undefined : 'sign not match' };
      return { post, ...json(200, ok ? { errcode: 0, errmsg: 'ok' } : { errcode: 310000, errmsg: 'sign not match' }) };
    }
    if (url.pathname === '/wecom/webhook/send') {
      const ok = url.searchParams.get('key') === secrets.wecom.key && body.msgtype === 'markdown';
      const post = { channel: 'wecom' as const, accepted: ok, body, headers, text: md.content ?? '', reason: ok ? undefined : 'invalid webhook url' };
      return { post, ...json(200, ok ? { errcode: 0, errmsg: 'ok' } : { errcode: 93000, errmsg: 'invalid webhook url' }) };
    }
    if (url.pathname === `/feishu/bot/v2/hook/${secrets.feishu.token}`) {
      const ts = Number(body.timestamp);
      const expected = createHmac('sha256', `${ts}\n${secrets.feishu.secret}`).update('').digest('base64');
      const ok = Math.abs(Date.now() / 1000 - ts) < 3600 && body.sign === expected && body.msg_type === 'text';
      const post = { channel: 'feishu' as const, accepted: ok, body, headers, text: ((body.content ?? {}) as { text?: string }).text ?? '', reason: ok ? undefined : 'sign match fail' };
      return { post, ...json(200, ok ? { code: 0, msg: 'success' } : { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time' }) };
    }
    if (url.pathname.startsWith('/slack/services/')) {
      const ok = url.pathname === `/slack/services/${secrets.slack.path}` && typeof body.text === 'string';
      const post = { channel: 'slack' as const, accepted: ok, body, headers, text: String(body.text ?? ''), reason: ok ? undefined : 'no_service' };
      return { post, status: ok ? 200 : 404, answer: ok ? 'ok' : 'no_service' };
    }
    if (url.pathname === '/erp/webhook') {
      const verdict = verifyWebhookSignature({ secret: secrets.webhook.secret, body: raw, header: headers['x-sop-signature'] as string | undefined });
      const eventId = headers['x-sop-event-id'] as string | undefined;
      const ok = verdict.ok && eventId !== undefined && eventId === body.id;
      if (ok) seenEvents.add(eventId);
      const post = { channel: 'webhook' as const, accepted: ok, body, headers, text: String(body.type ?? ''), eventId, reason: verdict.ok ? undefined : verdict.reason };
      return { post, status: ok ? 204 : 401, answer: ok ? '' : (verdict.ok ? 'event id mismatch' : verdict.reason) };
    }
    return { post: { channel: 'webhook', accepted: false, body, headers, text: '', reason: `unknown path ${url.pathname}` }, status: 404, answer: 'not found' };
  }

  let server: http.Server | undefined;
  const up = () =>
    new Promise<void>((resolve, reject) => {
      const s = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const { post, status, answer } = judge(new URL(req.url ?? '/', base), Buffer.concat(chunks).toString('utf8'), req.headers);
          posts.push({ ...post, at: Date.now() });
          res.writeHead(status, { 'Content-Type': answer.startsWith('{') ? 'application/json' : 'text/plain' }).end(answer);
        });
      });
      s.once('error', reject);
      s.listen(listenPort, '127.0.0.1', () => {
        server = s;
        resolve();
      });
    });
  const down = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = undefined;
      if (!s) return resolve();
      s.close(() => resolve());
      s.closeAllConnections();
    });
  await up();
  return {
    port: (server as unknown as http.Server).address() ? ((server as unknown as http.Server).address() as AddressInfo).port : listenPort,
    base,
    urls: {
      dingtalk: `${base}/dingtalk/robot/send?access_token=${secrets.dingtalk.token}`,
      wecom: `${base}/wecom/webhook/send`,
      feishu: `${base}/feishu/bot/v2/hook/${secrets.feishu.token}`,
      slack: `${base}/slack/services/${secrets.slack.path}`,
      webhook: `${base}/erp/webhook`,
    },
    posts,
    accepted: (channel) => posts.filter((p) => p.channel === channel && p.accepted),
    distinctEvents: () => [...seenEvents],
    down,
    up,
    close: down,
  };
}
