/**
 * Signature schemes and request shapes of every outgoing channel, as pure
 * logic: known-answer vectors (computed independently with `openssl dgst`),
 * the generic webhook's verification with its replay window and secret
 * rotation, and what each robot/webhook sender puts where (query string,
 * body, headers) with HTTP replaced by a recorder.
 */
import { createHmac } from 'node:crypto';
import type { ChannelConfig } from '../../platform/db/prisma-types';
import type { OutboxMessage } from '../../platform/notifications/channels/sender';
import { isPermanentFailure } from '../../platform/notifications/delivery-error';
import type { OutboxPayload } from '../../platform/notifications/outbox-payload';
import {
  dingTalkSign,
  eventIdFor,
  feishuSign,
  messageIdFor,
  signWebhook,
  stableDigest,
  verifyWebhookSignature,
  WEBHOOK_TOLERANCE_SECONDS,
} from '../../platform/notifications/signatures';
import type { RenderedNotice } from '../../platform/notifications/templates';

interface Posted {
  url: string;
  body: string;
  headers: Record<string, string>;
}
const posted: Posted[] = [];
let answer = { status: 200, text: '{"errcode":0,"errmsg":"ok"}' };

jest.mock('../../platform/notifications/channels/http-post', () => {
  const actual = jest.requireActual<typeof import('../../platform/notifications/channels/http-post')>('../../platform/notifications/channels/http-post');
  return {
    ...actual,
    postJson: async (url: string, body: string, headers: Record<string, string>) => {
      posted.push({ url, body, headers });
      return answer;
    },
  };
});

// Imported after the mock is declared (jest hoists jest.mock above imports anyway).
import { robotSenders } from '../../platform/notifications/channels/robot-senders';
import { webhookSender } from '../../platform/notifications/channels/webhook-sender';

const NOW = 1_700_000_000_000;

describe('known-answer vectors', () => {
  test('DingTalk: base64 HMAC-SHA256(secret, timestamp_ms + "\\n" + secret)', () => {
    expect(dingTalkSign('SEC0123456789abcdef', 1_700_000_000_000)).toBe('TSZbRFUuvaSQaRKUpF970OPCb2/LcQAP3wOvwZIzBZk=');
  });
  test('Feishu: base64 HMAC-SHA256(key = timestamp_s + "\\n" + secret, empty message)', () => {
    expect(feishuSign('fsec-0123456789', 1_700_000_000)).toBe('2isXWTSrIwLafOUWCJm/qjKmk5b6QZBUdl6wTGylDfg=');
  });
  test('generic webhook: t=<unix s>,v1=<hex HMAC-SHA256(secret, t + "." + body)>', () => {
    expect(signWebhook('whsec-0123456789abcdef', '{"id":"evt_1","type":"job.started"}', 1_700_000_000))
      .toBe('t=1700000000,v1=73023a325998fe1ae210215043496359151016d11c34a2c25114b3f947161d6d');
  });
  test('stable ids: 32 hex of sha256(idempotency key), the same for every resend', () => {
    const key = 'job-1/escalation/draft/1/0/0/user-1/email';
    expect(stableDigest(key)).toBe('f3c07c743c93e9a42bc9fce9e1fb5fbd');
    expect(messageIdFor(key, 'sop.example')).toBe('<f3c07c743c93e9a42bc9fce9e1fb5fbd@sop.example>');
    expect(eventIdFor(key)).toBe('evt_f3c07c743c93e9a42bc9fce9e1fb5fbd');
    expect(stableDigest('job-1/escalation/draft/1/1/0/user-1/email')).not.toBe(stableDigest(key));
  });
});

describe('verifyWebhookSignature (receiver side)', () => {
  const secret = 'whsec-0123456789abcdef';
  const body = '{"id":"evt_1","type":"step.overdue","data":{"nodeId":"draft"}}';
  const t = 1_700_000_000;
  const header = signWebhook(secret, body, t);
  const at = (seconds: number) => (t + seconds) * 1000;

  test('accepts the exact body with the right secret inside the 5-minute window, from a string or a Buffer', () => {
    expect(verifyWebhookSignature({ secret, body, header, now: at(0) })).toEqual({ ok: true, timestamp: t });
    expect(verifyWebhookSignature({ secret, body: Buffer.from(body), header, now: at(12) })).toEqual({ ok: true, timestamp: t });
  });
  test.each([
    ['exactly 300 s late', 300, true],
    ['301 s late (a replay)', 301, false],
    ['300 s early (sender clock ahead)', -300, true],
    ['301 s early', -301, false],
  ])('replay window: %s', (_label, offset, ok) => {
    expect(WEBHOOK_TOLERANCE_SECONDS).toBe(300);
    const result = verifyWebhookSignature({ secret, body, header, now: at(offset) });
    expect(result.ok).toBe(ok);
    if (!ok) expect(result).toEqual({ ok: false, reason: 'outside-tolerance' });
  });
  test('a narrower window can be asked for', () => {
    expect(verifyWebhookSignature({ secret, body, header, now: at(61), toleranceSeconds: 60 })).toEqual({ ok: false, reason: 'outside-tolerance' });
  });
  test('a changed body, a re-serialised body or a wrong secret is a signature mismatch', () => {
    expect(verifyWebhookSignature({ secret, body: body.replace('draft', 'review'), header, now: at(0) })).toEqual({ ok: false, reason: 'signature-mismatch' });
    expect(verifyWebhookSignature({ secret, body: JSON.stringify(JSON.parse(body), null, 2), header, now: at(0) })).toEqual({ ok: false, reason: 'signature-mismatch' });
    expect(verifyWebhookSignature({ secret: 'whsec-another-secret-000', body, header, now: at(0) })).toEqual({ ok: false, reason: 'signature-mismatch' });
  });
  test('a re-timestamped replay of a captured signature does not verify', () => {
    const v1 = header.split('v1=')[1]!;
    expect(verifyWebhookSignature({ secret, body, header: `t=${t + 600},v1=${v1}`, now: at(600) })).toEqual({ ok: false, reason: 'signature-mismatch' });
  });
  test('while rotating, any of several secrets may match; several v1 values may be sent', () => {
    expect(verifyWebhookSignature({ secret: ['whsec-new-secret-00000', secret], body, header, now: at(0) }).ok).toBe(true);
    const v1Other = createHmac('sha256', 'whsec-new-secret-00000').update(`${t}.${body}`).digest('hex');
    expect(verifyWebhookSignature({ secret: 'whsec-new-secret-00000', body, header: `${header},v1=${v1Other}`, now: at(0) }).ok).toBe(true);
  });
  test.each([
    [undefined, 'missing-header'],
    ['', 'missing-header'],
    ['v1=abc', 'malformed-header'],
    [`t=${t}`, 'malformed-header'],
    [`t=soon,v1=${'a'.repeat(64)}`, 'malformed-header'],
    [`t=${t},v1=${'z'.repeat(64)}`, 'malformed-header'],
    [`t=${t},v0=${'a'.repeat(64)}`, 'malformed-header'],
  ])('header %p is refused as %s', (h, reason) => {
    expect(verifyWebhookSignature({ secret, body, header: h, now: at(0) })).toEqual({ ok: false, reason });
  });
});

const notice: RenderedNotice = { subject: '[升级 第 1 级] J-1 设计稿：Banner', lines: [{ label: '任务', value: 'J-1 Banner' }], linkLabel: '打开任务', link: 'http://localhost/jobs/j1', footer: '编号 #abcd1234' };

function config(channel: ChannelConfig['channel'], url: string, secret: string): ChannelConfig {
  const at = new Date(NOW);
  return { id: `cfg-${channel}`, scope: 'org', scopeId: 'org-1', channel, name: '', url, secret, settings: {}, enabled: true, createdAt: at, updatedAt: at };
}

function message(channel: ChannelConfig['channel'], cfg: ChannelConfig | null, payload: OutboxPayload = { notice }): OutboxMessage {
  return { id: `row-${channel}`, idempotencyKey: `job-1/escalation/draft/1/0/0/config:${cfg?.id}/${channel}`, channel, payload, config: cfg, attempt: 1 };
}

async function failure(promise: Promise<unknown>): Promise<{ permanent: boolean; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { permanent: isPermanentFailure(error), message: (error as Error).message };
  }
  throw new Error('expected a failure');
}

describe('robot senders (HTTP recorded)', () => {
  const senders = robotSenders({ timeoutMs: 1000, now: () => NOW });
  beforeEach(() => {
    posted.length = 0;
    answer = { status: 200, text: '{"errcode":0,"errmsg":"ok"}' };
  });

  test('DingTalk: keeps the access token, adds timestamp (ms) and sign to the query; markdown body', async () => {
    const cfg = config('dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=tok123', 'SEC0123456789abcdef');
    await senders.dingtalk!(message('dingtalk', cfg));
    const url = new URL(posted[0]!.url);
    expect([url.origin + url.pathname, url.searchParams.get('access_token'), url.searchParams.get('timestamp'), url.searchParams.get('sign')])
      .toEqual(['https://oapi.dingtalk.com/robot/send', 'tok123', String(NOW), 'TSZbRFUuvaSQaRKUpF970OPCb2/LcQAP3wOvwZIzBZk=']);
    const body = JSON.parse(posted[0]!.body) as { msgtype: string; markdown: { title: string; text: string } };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.title).toBe(notice.subject);
    expect(body.markdown.text).toBe('### [升级 第 1 级] J-1 设计稿：Banner\n- **任务**: J-1 Banner\n\n[打开任务](http://localhost/jobs/j1)\n\n> 编号 #abcd1234');
  });
  test('DingTalk without a signing secret (keyword robots): no timestamp or sign', async () => {
    await senders.dingtalk!(message('dingtalk', config('dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=tok123', '')));
    expect(new URL(posted[0]!.url).searchParams.has('sign')).toBe(false);
  });
  test('DingTalk answers: a refused signature is permanent, a rate limit transient', async () => {
    const cfg = config('dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=tok123', 'SEC0123456789abcdef');
    answer = { status: 200, text: '{"errcode":310000,"errmsg":"sign not match"}' };
    expect(await failure(senders.dingtalk!(message('dingtalk', cfg)))).toEqual({ permanent: true, message: 'DingTalk refused the message: {"errcode":310000,"errmsg":"sign not match"}' });
    answer = { status: 200, text: '{"errcode":130101,"errmsg":"send too fast"}' };
    expect((await failure(senders.dingtalk!(message('dingtalk', cfg)))).permanent).toBe(false);
  });
  test('WeCom: the key (the config\'s secret) in the query, markdown content', async () => {
    await senders.wecom!(message('wecom', config('wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send', 'wk-secret-key')));
    expect(new URL(posted[0]!.url).searchParams.get('key')).toBe('wk-secret-key');
    expect(JSON.parse(posted[0]!.body)).toEqual({ msgtype: 'markdown', markdown: { content: expect.stringContaining('### [升级 第 1 级]') as unknown } });
  });
  test('Feishu: timestamp (s) and sign in the body, text message; a refused signature is permanent', async () => {
    const cfg = config('feishu', 'https://open.feishu.cn/open-apis/bot/v2/hook/hook-token', 'fsec-0123456789');
    answer = { status: 200, text: '{"code":0,"msg":"success"}' };
    await senders.feishu!(message('feishu', cfg));
    expect(posted[0]!.url).toBe('https://open.feishu.cn/open-apis/bot/v2/hook/hook-token');
    const body = JSON.parse(posted[0]!.body) as Record<string, unknown>;
    expect([body.timestamp, body.sign, body.msg_type]).toEqual(['1700000000', '2isXWTSrIwLafOUWCJm/qjKmk5b6QZBUdl6wTGylDfg=', 'text']);
    expect((body.content as { text: string }).text).toContain('打开任务: http://localhost/jobs/j1');
    answer = { status: 200, text: '{"code":19021,"msg":"sign match fail"}' };
    expect((await failure(senders.feishu!(message('feishu', cfg)))).permanent).toBe(true);
  });
  test('Slack: the URL is the credential; mrkdwn text escaped; anything but ok is refused', async () => {
    const cfg = config('slack', 'https://hooks.slack.com/services/T0/B0/secretpath', '');
    answer = { status: 200, text: 'ok' };
    await senders.slack!(message('slack', cfg, { notice: { ...notice, lines: [{ label: 'Job', value: 'A <b> & C' }] } }));
    expect(posted[0]!.url).toBe(cfg.url);
    const body = JSON.parse(posted[0]!.body) as { text: string; blocks: Array<{ text: { type: string } }> };
    expect(body.text).toContain('• *Job*: A &lt;b&gt; &amp; C');
    expect(body.blocks[0]!.text.type).toBe('mrkdwn');
    answer = { status: 400, text: 'invalid_payload' };
    expect(await failure(senders.slack!(message('slack', cfg)))).toEqual({ permanent: true, message: 'Slack answered HTTP 400: invalid_payload' });
  });
  test('HTTP statuses: 5xx, 408 and 429 are retried, other 4xx are permanent', async () => {
    const cfg = config('wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send', 'wk-secret-key');
    for (const [status, permanent] of [[500, false], [503, false], [408, false], [429, false], [400, true], [404, true]] as const) {
      answer = { status, text: 'x' };
      expect([status, (await failure(senders.wecom!(message('wecom', cfg)))).permanent]).toEqual([status, permanent]);
    }
  });
  test('an answer that echoes the token is quoted without it, also where the quote would cut the token in two', async () => {
    const cfg = config('dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=tok-0123456789abcdef', 'SEC0123456789abcdef');
    answer = { status: 400, text: `${'x'.repeat(100)} bad token tok-0123456789abcdef, sign SEC0123456789abcdef` };
    expect(await failure(senders.dingtalk!(message('dingtalk', cfg)))).toEqual({ permanent: true, message: `DingTalk answered HTTP 400: ${'x'.repeat(100)} bad token ***, sig…` });
  });
  test('a row whose config was deleted, or without a rendered notice, fails permanently', async () => {
    expect((await failure(senders.dingtalk!(message('dingtalk', null)))).permanent).toBe(true);
    expect((await failure(senders.wecom!(message('wecom', config('wecom', 'https://x.example/', 'k'), {})))).permanent).toBe(true);
  });
});

describe('generic webhook sender (HTTP recorded)', () => {
  const send = webhookSender({ timeoutMs: 1000, now: () => NOW });
  const secret = 'whsec-0123456789abcdef';
  const event = { id: 'evt_0123', type: 'notice.escalation', occurredAt: new Date(NOW).toISOString(), job: { id: 'j1', code: 'J-1', title: 'Banner', link: 'http://localhost/jobs/j1' }, data: { level: 0 } };
  beforeEach(() => {
    posted.length = 0;
    answer = { status: 204, text: '' };
  });

  test('sends the event as JSON with its id, type and a signature the receiver verifies over the raw body', async () => {
    await send(message('webhook', config('webhook', 'https://erp.example/hooks/sop', secret), { event }));
    const { body, headers, url } = posted[0]!;
    expect(url).toBe('https://erp.example/hooks/sop');
    expect(JSON.parse(body)).toEqual(event);
    expect([headers['X-SOP-Event-Id'], headers['X-SOP-Event-Type']]).toEqual(['evt_0123', 'notice.escalation']);
    expect(headers['X-SOP-Signature']).toBe(signWebhook(secret, body, NOW / 1000));
    expect(verifyWebhookSignature({ secret, body, header: headers['X-SOP-Signature'], now: NOW + 5000 })).toEqual({ ok: true, timestamp: NOW / 1000 });
  });
  test('a 401 is permanent (fix the secret, then retry), a 503 is retried', async () => {
    const cfg = config('webhook', 'https://erp.example/hooks/sop', secret);
    answer = { status: 401, text: 'signature-mismatch' };
    expect(await failure(send(message('webhook', cfg, { event })))).toEqual({ permanent: true, message: 'the webhook receiver answered HTTP 401: signature-mismatch' });
    answer = { status: 503, text: '' };
    expect((await failure(send(message('webhook', cfg, { event })))).permanent).toBe(false);
  });
  test('no config or no event body: permanent', async () => {
    expect((await failure(send(message('webhook', null, { event })))).permanent).toBe(true);
    expect((await failure(send(message('webhook', config('webhook', 'https://erp.example/', secret), {})))).permanent).toBe(true);
  });
});
