/**
 * Outbound calls of notifications (issue 12, items 4 and 5), against the real
 * app, database and dispatcher with the production default (no
 * NOTIFY_ALLOWED_HOSTS): internal targets are refused when a config is saved
 * (422 `url-not-allowed`) and again when a message is sent (a permanent
 * failure, nothing reaches the receiver), robots post only to their vendor's
 * hosts, SMTP needs TLS unless a config opts out, the Deliveries list shows a
 * short one-line reason, and a stored secret is never re-pointed at a new
 * host or channel type (422 `secret-required`).
 *
 * Live receivers listen on 127.0.0.1 to prove that nothing reaches them.
 * Configs that the API now refuses are written to the database directly, as
 * they were before this rule (and as a name re-pointed by DNS would be).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createDispatcher, type DispatcherOptions } from '../../platform/notifications/dispatcher';
import type { OutboxPayload } from '../../platform/notifications/outbox-payload';
import type { NotificationChannel, Prisma } from '../../platform/db/prisma-types';
import { auth } from '../support/api-fixtures';
import { databaseKinds, startAppHarness, type AppHarness } from '../support/app-harness';
import { startSmtpReceiver, type SmtpReceiver } from '../support/notification-smtp-receiver';

jest.setTimeout(120_000);

interface Receiver {
  url: string;
  port: number;
  hits: string[];
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 that records every request and answers with `status` and `body`. */
async function startReceiver(status: number, body: string): Promise<Receiver> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => res.writeHead(status, { 'Content-Type': 'text/html' }).end(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    hits,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const LOOPBACK_RULE = 'is a loopback address (127.0.0.0/8, ::1): notifications may not reach internal addresses (rule "loopback"). An operator can allow it by listing the host in NOTIFY_ALLOWED_HOSTS.';

describe.each(databaseKinds())('on %s', (kind) => {
  let h: AppHarness;
  let admin: string;
  let org: string;
  let sequence = 0;

  beforeAll(async () => {
    h = await startAppHarness(kind); // the production default: no NOTIFY_ALLOWED_HOSTS
    admin = await h.login('admin');
    org = h.ids.orgs['Demo Co 演示公司']!;
  });
  afterAll(async () => {
    await h?.close();
  });

  const create = (body: Record<string, unknown>) =>
    request(h.app).post('/api/notifications/channels').set(auth(admin)).send({ scope: 'org', scopeId: org, name: 'outbound test', ...body });
  const update = (id: string, body: Record<string, unknown>) => request(h.app).put(`/api/notifications/channels/${id}`).set(auth(admin)).send(body);

  /** A config written straight to the database (as one saved before the rule, or whose name now resolves inward). */
  const storedConfig = (channel: NotificationChannel, url: string, settings: Record<string, unknown> = {}) =>
    h.test.db.prisma.channelConfig.create({ data: { scope: 'org', scopeId: org, channel, url, secret: channel === 'webhook' ? 'outbound-secret-0123456789' : '', settings: settings as Prisma.InputJsonValue } });

  /** One pending outbox row through `configId`. */
  const outboxRow = (channel: NotificationChannel, configId: string, payload: OutboxPayload) =>
    h.test.db.prisma.notification.create({ data: { idempotencyKey: `outbound-test/${kind}/${(sequence += 1)}`, channel, kind: 'escalation', configId, payload: payload as Prisma.InputJsonValue } });

  const event = { id: 'evt_outbound', type: 'notice.escalation', occurredAt: new Date().toISOString(), job: null, data: {} };
  const mail = { to: 'vendor-a@demo.test', subject: 'Outbound test', text: 'hello', html: '<p>hello</p>' };

  /** Runs one dispatcher round (default: no allow-list) and answers the row as stored. */
  async function dispatch(rowId: string, options: Partial<DispatcherOptions> = {}) {
    const dispatcher = createDispatcher({ db: h.test.db, publicUrl: 'http://localhost', timeoutMs: 2000, ...options });
    try {
      await dispatcher.runOnce();
    } finally {
      await dispatcher.stop();
    }
    return h.test.db.prisma.notification.findUniqueOrThrow({ where: { id: rowId } });
  }

  describe('when a config is saved', () => {
    test.each([
      ['webhook', 'http://127.0.0.1:8080/hooks/sop', 'loopback', `127.0.0.1 ${LOOPBACK_RULE}`],
      ['webhook', 'http://[::1]:8080/hooks/sop', 'loopback', `::1 ${LOOPBACK_RULE}`],
      ['webhook', 'http://[::ffff:127.0.0.1]/hooks/sop', 'loopback', `::ffff:7f00:1 ${LOOPBACK_RULE}`],
      ['webhook', 'http://localhost:8080/hooks/sop', 'loopback', `localhost (127.0.0.1) ${LOOPBACK_RULE}`],
      ['webhook', 'http://169.254.169.254/latest/meta-data/iam/', 'link-local', '169.254.169.254 is a link-local address (169.254.0.0/16, fe80::/10; includes cloud metadata at 169.254.169.254): notifications may not reach internal addresses (rule "link-local"). An operator can allow it by listing the host in NOTIFY_ALLOWED_HOSTS.'],
      ['webhook', 'https://10.1.2.3/erp', 'private', '10.1.2.3 is a private-network address (RFC 1918: 10/8, 172.16/12, 192.168/16): notifications may not reach internal addresses (rule "private"). An operator can allow it by listing the host in NOTIFY_ALLOWED_HOSTS.'],
      ['webhook', 'http://100.64.0.7/hook', 'cgnat', '100.64.0.7 is a carrier-grade NAT address (100.64.0.0/10): notifications may not reach internal addresses (rule "cgnat"). An operator can allow it by listing the host in NOTIFY_ALLOWED_HOSTS.'],
      ['email', 'smtp://192.168.1.25:25', 'private', '192.168.1.25 is a private-network address (RFC 1918: 10/8, 172.16/12, 192.168/16): notifications may not reach internal addresses (rule "private"). An operator can allow it by listing the host in NOTIFY_ALLOWED_HOSTS.'],
      ['dingtalk', 'https://relay.corp.example/robot/send?access_token=t0p-secret', 'robot-host', 'a dingtalk robot posts only to https://oapi.dingtalk.com (found https://relay.corp.example); an operator can allow another host in NOTIFY_ALLOWED_HOSTS.'],
      ['wecom', 'http://qyapi.weixin.qq.com/cgi-bin/webhook/send', 'robot-host', 'a wecom robot posts only to https://qyapi.weixin.qq.com (found http://qyapi.weixin.qq.com); an operator can allow another host in NOTIFY_ALLOWED_HOSTS.'],
      ['feishu', 'https://127.0.0.1/open-apis/bot/v2/hook/x', 'robot-host', 'a feishu robot posts only to https://open.feishu.cn or https://open.larksuite.com (found https://127.0.0.1); an operator can allow another host in NOTIFY_ALLOWED_HOSTS.'],
      ['slack', 'https://hooks.slack.example/services/T/B/X', 'robot-host', 'a slack robot posts only to https://hooks.slack.com (found https://hooks.slack.example); an operator can allow another host in NOTIFY_ALLOWED_HOSTS.'],
    ])('a %s config for %s is refused: 422 url-not-allowed naming the rule (%s), and nothing is stored', async (channel, url, rule, message) => {
      const before = await h.test.db.prisma.channelConfig.count();
      const res = await create({ channel, url, secret: channel === 'webhook' ? 'outbound-secret-0123456789' : '', settings: channel === 'email' ? { from: 'SOP <notify@sop.example>' } : {} });
      expect([res.status, res.body.type, res.body.detail, res.body.errors]).toEqual([
        422, 'urn:sop:problem:url-not-allowed', `The ${channel} URL is not allowed: ${message}`, [{ path: 'body/url', message, code: rule }],
      ]);
      expect(res.text).not.toContain('t0p-secret');
      expect(await h.test.db.prisma.channelConfig.count()).toBe(before);
    });

    test('a config moved to an internal address by an update is refused the same way, and keeps its old target', async () => {
      const created = await create({ channel: 'webhook', url: 'https://erp.example/hooks/sop', secret: 'outbound-secret-0123456789' });
      expect(created.status).toBe(201);
      const res = await update(created.body.id as string, { url: 'http://169.254.169.254/latest/meta-data/', secret: 'outbound-secret-0123456789' });
      expect([res.status, res.body.type, res.body.errors?.[0]?.code]).toEqual([422, 'urn:sop:problem:url-not-allowed', 'link-local']);
      expect((await h.test.db.prisma.channelConfig.findUniqueOrThrow({ where: { id: created.body.id as string } })).url).toBe('https://erp.example/hooks/sop');
    });

    test('a config saved before the rule can still be renamed or disabled (its sends fail with the rule instead)', async () => {
      const legacy = await storedConfig('webhook', 'http://10.1.2.3/erp', { events: ['outbound_test.none'] });
      const res = await update(legacy.id, { name: 'legacy ERP', enabled: false });
      expect([res.status, res.body.name, res.body.enabled]).toEqual([200, 'legacy ERP', false]);
      const moved = await update(legacy.id, { url: 'http://10.1.2.4/erp', secret: 'outbound-secret-0123456789' });
      expect([moved.status, moved.body.errors?.[0]?.code]).toEqual([422, 'private']);
    });

    test('public targets and the robots\' official hosts are accepted', async () => {
      for (const [channel, url, secret] of [
        ['webhook', 'https://erp.example/hooks/sop', 'outbound-secret-0123456789'],
        ['dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=tok', ''],
        ['wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send', 'wk-key'],
        ['feishu', 'https://open.larksuite.com/open-apis/bot/v2/hook/x', ''],
        ['slack', 'https://hooks.slack.com/services/T/B/X', ''],
      ] as const) {
        const res = await create({ channel, url, secret });
        expect([channel, res.status]).toEqual([channel, 201]);
      }
    });
  });

  describe('when a message is sent', () => {
    test('a webhook at a loopback address fails at once, for good, with the rule as its reason; the receiver gets nothing', async () => {
      const receiver = await startReceiver(204, '');
      try {
        const config = await storedConfig('webhook', `${receiver.url}/hooks/sop`, { events: ['outbound_test.none'] });
        const row = await outboxRow('webhook', config.id, { event });
        const after = await dispatch(row.id);
        expect([after.status, after.attempts, after.lastError, receiver.hits]).toEqual(['failed', 1, `not sent: 127.0.0.1 ${LOOPBACK_RULE}`, []]);
      } finally {
        await receiver.close();
      }
    });

    test('a host name is judged on the address it resolves to when connecting (a name re-pointed inward is refused)', async () => {
      const receiver = await startReceiver(204, '');
      try {
        const config = await storedConfig('webhook', `http://localhost:${receiver.port}/hooks/sop`, { events: ['outbound_test.none'] });
        const row = await outboxRow('webhook', config.id, { event });
        const after = await dispatch(row.id);
        expect([after.status, after.attempts, after.lastError, receiver.hits]).toEqual(['failed', 1, `not sent: localhost (127.0.0.1) ${LOOPBACK_RULE}`, []]);
      } finally {
        await receiver.close();
      }
    });

    test('a robot stored with a non-vendor host fails for good without a request', async () => {
      const receiver = await startReceiver(200, '{"errcode":0}');
      try {
        const config = await storedConfig('dingtalk', `${receiver.url}/robot/send?access_token=t0p-secret`);
        const row = await outboxRow('dingtalk', config.id, {});
        const after = await dispatch(row.id, { allowedHosts: ['10.0.0.0/8'] });
        expect([after.status, after.attempts, after.lastError, receiver.hits]).toEqual([
          'failed', 1, `not sent: a dingtalk robot posts only to https://oapi.dingtalk.com (found http://127.0.0.1:${receiver.port}); an operator can allow another host in NOTIFY_ALLOWED_HOSTS.`, [],
        ]);
      } finally {
        await receiver.close();
      }
    });

    test('the allow-list (NOTIFY_ALLOWED_HOSTS) lets the dispatcher reach a listed internal host', async () => {
      const receiver = await startReceiver(204, '');
      try {
        const config = await storedConfig('webhook', `${receiver.url}/hooks/sop`, { events: ['outbound_test.none'] });
        const row = await outboxRow('webhook', config.id, { event });
        const after = await dispatch(row.id, { allowedHosts: ['127.0.0.0/8'] });
        expect([after.status, after.attempts, receiver.hits]).toEqual(['sent', 1, ['POST /hooks/sop']]);
      } finally {
        await receiver.close();
      }
    });

    describe('e-mail', () => {
      let smtp: SmtpReceiver;
      beforeAll(async () => {
        smtp = await startSmtpReceiver(); // plain text only: STARTTLS disabled
      });
      afterAll(async () => {
        await smtp?.close();
      });
      const received = (subject: string) => smtp.mails.filter((m) => m.subject === subject).length;

      test('an SMTP server at a loopback address fails for good; no mail arrives', async () => {
        const config = await storedConfig('email', smtp.url, { from: 'SOP <notify@sop.example>', tls: false });
        const row = await outboxRow('email', config.id, { email: { ...mail, subject: 'refused address' } });
        const after = await dispatch(row.id);
        expect([after.status, after.attempts, after.lastError, received('refused address')]).toEqual(['failed', 1, `not sent: 127.0.0.1 ${LOOPBACK_RULE}`, 0]);
      });

      test('a server without STARTTLS is refused unless the config says tls: false — never a silent fallback to plain text', async () => {
        const required = await storedConfig('email', smtp.url, { from: 'SOP <notify@sop.example>' });
        const row = await outboxRow('email', required.id, { email: { ...mail, subject: 'tls required' } });
        const after = await dispatch(row.id, { allowedHosts: ['127.0.0.1'] });
        expect([after.status, after.attempts, received('tls required')]).toEqual(['failed', 1, 0]);
        expect(after.lastError).toMatch(new RegExp(`^e-mail not sent: the SMTP server 127\\.0\\.0\\.1:${smtp.port} did not upgrade to TLS with STARTTLS \\(the server answered: .{1,120}\\); TLS is required\\. Use smtps://, enable STARTTLS on the server, or set "tls": false in the config's settings to allow plain text\\.$`));

        const optedOut = await storedConfig('email', smtp.url, { from: 'SOP <notify@sop.example>', tls: false });
        const plain = await outboxRow('email', optedOut.id, { email: { ...mail, subject: 'plain text allowed' } });
        const sent = await dispatch(plain.id, { allowedHosts: ['127.0.0.1'] });
        expect([sent.status, received('plain text allowed')]).toEqual(['sent', 1]);
      });

      test('tls: false is refused for smtps:// and for channels other than e-mail', async () => {
        const smtps = await create({ channel: 'email', url: 'smtps://smtp.example.com:465', settings: { from: 'SOP <notify@sop.example>', tls: false } });
        expect([smtps.status, smtps.body.type, smtps.body.errors]).toEqual([422, 'urn:sop:problem:channel-config-invalid', [{ path: 'body/settings/tls', message: 'smtps:// is always TLS: use smtp:// to allow plain text' }]]);
        const hook = await create({ channel: 'webhook', url: 'https://erp.example/hooks/sop', secret: 'outbound-secret-0123456789', settings: { tls: false } });
        expect([hook.status, hook.body.errors]).toEqual([422, [{ path: 'body/settings/tls', message: 'tls is a setting of e-mail configs only' }]]);
      });
    });

    test('Deliveries show one short line of a receiver\'s answer, not its page', async () => {
      const page = `<html>\n<head><title>Forbidden</title></head>\n<body>${'<p>internal detail\u202e\u0007</p>\r\n'.repeat(40)}</body></html>`;
      const receiver = await startReceiver(403, page);
      try {
        const config = await storedConfig('webhook', `${receiver.url}/hooks/sop`, { events: ['outbound_test.none'] });
        const row = await outboxRow('webhook', config.id, { event });
        const after = await dispatch(row.id, { allowedHosts: ['127.0.0.1'] });
        expect([after.status, receiver.hits.length]).toEqual(['failed', 1]);
        const quoted = '<html> <head><title>Forbidden</title></head> <body><p>internal detail </p> <p>internal detail </p> <p>internal detail <…'; // 120 characters, one line
        expect([after.lastError, quoted.length]).toEqual([`the webhook receiver answered HTTP 403: ${quoted}`, 120]);

        // A reason stored long ago (before this limit) is cut when listed.
        await h.test.db.prisma.notification.update({ where: { id: row.id }, data: { lastError: `legacy\n${'x'.repeat(990)}` } });
        const listed = await request(h.app).get('/api/notifications/deliveries?status=failed&channel=webhook').set(auth(admin));
        const item = (listed.body.items as Array<{ id: string; lastError: string }>).find((i) => i.id === row.id)!;
        expect([item.lastError.length, item.lastError.startsWith('legacy x'), item.lastError.endsWith('…'), /[\n\r]/.test(item.lastError)]).toEqual([300, true, true, false]);
      } finally {
        await receiver.close();
      }
    });
  });

  describe('a stored secret is never re-pointed', () => {
    const secretOf = async (id: string) => (await h.test.db.prisma.channelConfig.findUniqueOrThrow({ where: { id } })).secret;

    test('a webhook moved to another host, scheme or port needs the secret again; a new path on the same host does not', async () => {
      const created = await create({ channel: 'webhook', url: 'https://erp.example/hooks/sop', secret: 'outbound-secret-0123456789' });
      const id = created.body.id as string;
      for (const url of ['https://collector.example/hooks/sop', 'http://erp.example/hooks/sop', 'https://erp.example:8443/hooks/sop']) {
        const res = await update(id, { url });
        expect([url, res.status, res.body.type, res.body.errors]).toEqual([url, 422, 'urn:sop:problem:secret-required', [
          { path: 'body/secret', message: 'required when the URL\'s scheme, host or port, the channel type or e-mail TLS changes' },
        ]]);
      }
      const refused = await update(id, { url: 'https://collector.example/hooks/sop' });
      expect(refused.body.detail).toBe('Send the secret again: the target changes from https://erp.example to https://collector.example, and the stored secret is never sent to a new place. Include "secret" in this request.');
      expect((await h.test.db.prisma.channelConfig.findUniqueOrThrow({ where: { id } })).url).toBe('https://erp.example/hooks/sop');

      expect((await update(id, { url: 'https://erp.example/hooks/v2' })).status).toBe(200);
      const moved = await update(id, { url: 'https://collector.example/hooks/sop', secret: 'a-new-secret-for-the-collector' });
      expect([moved.status, moved.body.target, await secretOf(id)]).toEqual([200, 'https://collector.example', 'a-new-secret-for-the-collector']);
    });

    test('changing the channel type needs the secret again (a WeCom key must not become a webhook signing secret)', async () => {
      const created = await create({ channel: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send', secret: 'wk-0123456789abcdef' });
      const id = created.body.id as string;
      const res = await update(id, { channel: 'webhook', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send' });
      expect([res.status, res.body.type, res.body.detail]).toEqual([422, 'urn:sop:problem:secret-required', 'Send the secret again: the channel changes from wecom to webhook, and the stored secret is never sent to a new place. Include "secret" in this request.']);
      expect([(await h.test.db.prisma.channelConfig.findUniqueOrThrow({ where: { id } })).channel, await secretOf(id)]).toEqual(['wecom', 'wk-0123456789abcdef']);
    });

    test('an SMTP password stays with its server: a new host, or switching TLS off, needs it again', async () => {
      const created = await create({ channel: 'email', url: 'smtp://smtp.example.com:587', secret: 'smtp-password', settings: { from: 'SOP <notify@sop.example>', user: 'notify' } });
      const id = created.body.id as string;
      const moved = await update(id, { url: 'smtp://mail.attacker.example:587' });
      expect([moved.status, moved.body.type]).toEqual([422, 'urn:sop:problem:secret-required']);
      const plain = await update(id, { settings: { from: 'SOP <notify@sop.example>', user: 'notify', tls: false } });
      expect([plain.status, plain.body.detail]).toEqual([422, 'Send the secret again: TLS is switched off, and the stored secret is never sent to a new place. Include "secret" in this request.']);
      expect([(await h.test.db.prisma.channelConfig.findUniqueOrThrow({ where: { id } })).url, await secretOf(id)]).toEqual(['smtp://smtp.example.com:587', 'smtp-password']);
      expect((await update(id, { name: 'renamed', enabled: false })).status).toBe(200);
    });

    test('a config without a secret can be moved to another host (there is nothing to re-point)', async () => {
      const created = await create({ channel: 'email', url: 'smtp://smtp.example.com:587', settings: { from: 'SOP <notify@sop.example>' } });
      const moved = await update(created.body.id as string, { url: 'smtp://smtp2.example.com:587' });
      expect([moved.status, moved.body.target]).toEqual([200, 'smtp://smtp2.example.com:587']);
    });
  });
});
