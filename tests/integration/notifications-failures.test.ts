/**
 * Delivery guarantees against real loopback receivers, driving the notify
 * activity and the dispatcher directly (a job row from the real API; no
 * timers needed): a receiver that is down, a dispatcher that dies between
 * sending and recording, a wrong secret, an unreachable SMTP server — every
 * failure visible to admins, nothing lost, and no secret ever shown.
 */
import request from 'supertest';
import { notifyActivity } from '../../activities/notify';
import type { OcrPool } from '../../checks/ocr-pool';
import { freePort } from '../../platform/net';
import { relayAuditEvents } from '../../platform/notifications/event-relay';
import { auth, publishSop, startJob, strictSop } from '../support/api-fixtures';
import { databaseKinds, startAppHarness, type AppHarness } from '../support/app-harness';
import { configureChannels, LOOPBACK_RECEIVERS, removeChannels, startTestDispatcher, type ConfigIds } from '../support/notification-fixtures';
import { randomSecrets, startHttpReceiver } from '../support/notification-http-receiver';
import { startSmtpReceiver } from '../support/notification-smtp-receiver';
import { waitFor } from '../support/wait-for';

jest.setTimeout(120_000);

describe.each(databaseKinds())('on %s', (kind) => {
  let h: AppHarness;
  const secrets = randomSecrets();
  const wrongSecret = 'wrong-secret-0123456789';
  /** Every response body and dispatcher log line of this file, checked for secrets at the end. */
  const seen: string[] = [];
  let admin: string;

  beforeAll(async () => {
    h = await startAppHarness(kind, { notifyAllowedHosts: LOOPBACK_RECEIVERS });
    admin = await h.login('admin');
    await publishSop(h, strictSop(`plain-${kind}`));
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Level `level` of an escalation of job's `draft`, 1 min late, to the assignee (Vendor A). */
  async function escalate(job: { id: string }, level: number): Promise<{ created: number }> {
    const notify = notifyActivity({ db: h.test.db, storage: h.storage, ocrPool: () => ({}) as OcrPool, publicUrl: 'http://localhost' });
    const dueAt = Date.now() - 60_000;
    const assignees = { vendor: h.ids.users['vendor-a']!, owner: h.ids.users.owner!, manager: h.ids.users.manager!, qa: h.ids.users.qa! };
    return notify({ jobId: job.id, kind: 'escalation', nodeId: 'draft', round: 1, level, deadlineEpoch: 0, roles: ['assignee'], assignees, dueAt, at: dueAt + 60_000 });
  }
  const row = (jobId: string, channel: 'email' | 'dingtalk' | 'webhook') =>
    h.test.db.prisma.notification.findFirstOrThrow({ where: { jobId, channel, ...(channel === 'webhook' ? { payload: { path: ['event', 'type'], equals: 'notice.escalation' } } : { kind: 'escalation' }) } });
  const api = async (req: request.Test) => {
    const res = await req;
    seen.push(res.text);
    return res;
  };

  test('a robot and a webhook receiver that are down for a while get the message once they are back; meanwhile the retries show their last error', async () => {
    const http = await startHttpReceiver(secrets);
    await http.down();
    const ids = await configureChannels(h, { http, secrets }, ['dingtalk', 'webhook'], { settings: { events: ['notice.*'] } });
    const dispatcher = startTestDispatcher(h, { maxAttempts: 20 });
    try {
      const job = await startJob(h, `plain-${kind}`);
      expect(await escalate(job, 0)).toEqual({ created: 2 }); // inbox + DingTalk (e-mail is not configured)
      const retrying = await waitFor(async () => {
        const r = await row(job.id, 'dingtalk');
        return r.attempts >= 2 ? r : undefined;
      });
      expect([retrying.status, retrying.lastError]).toEqual(['pending', `cannot reach 127.0.0.1:${http.port}: ECONNREFUSED`]);
      const pending = await api(request(h.app).get(`/api/notifications/deliveries?status=pending&jobId=${job.id}`).set(auth(admin)));
      expect((pending.body.items as Array<{ channel: string; lastError: string }>).map((i) => [i.channel, i.lastError]).sort()).toEqual([
        ['dingtalk', `cannot reach 127.0.0.1:${http.port}: ECONNREFUSED`],
        ['webhook', `cannot reach 127.0.0.1:${http.port}: ECONNREFUSED`],
      ]);
      await http.up();
      await waitFor(async () => ((await row(job.id, 'dingtalk')).status === 'sent' && (await row(job.id, 'webhook')).status === 'sent' ? true : undefined));
      expect(http.accepted('dingtalk').filter((p) => p.text.includes(job.code))).toHaveLength(1);
      expect(http.accepted('webhook').filter((p) => p.text === 'notice.escalation' && (p.body.job as { id: string }).id === job.id)).toHaveLength(1);
      expect(http.posts.filter((p) => !p.accepted)).toEqual([]);
    } finally {
      await dispatcher.stop();
      seen.push(...dispatcher.logs);
      await removeChannels(h, ids);
      await http.close();
    }
  });

  test('a dispatcher that dies after the receiver acknowledged but before recording it: the resend carries the same Message-ID and event id, so the receivers keep one distinct message', async () => {
    const http = await startHttpReceiver(secrets);
    const smtp = await startSmtpReceiver();
    const ids = await configureChannels(h, { http, secrets, smtp }, ['email', 'webhook'], { settings: { events: ['notice.*'] } });
    const job = await startJob(h, `plain-${kind}`);
    await escalate(job, 1);
    await relayAuditEvents(h.test.db.prisma, { publicUrl: 'http://localhost' }); // both rows exist before the first claim
    const crashed = startTestDispatcher(h, { leaseMs: 800, stopTimeoutMs: 50, afterSend: () => new Promise<void>(() => undefined) });
    let second: ReturnType<typeof startTestDispatcher> | undefined;
    try {
      const mails = () => smtp.mails.filter((m) => m.subject.startsWith('[升级') && m.subject.includes(job.code));
      const events = () => http.accepted('webhook').filter((p) => p.text === 'notice.escalation' && (p.body.job as { id: string }).id === job.id);
      await waitFor(async () => (mails().length === 1 && events().length === 1 ? true : undefined));
      await crashed.stop(); // gives up on its sends in flight, as a killed process would
      expect([(await row(job.id, 'email')).status, (await row(job.id, 'webhook')).status]).toEqual(['pending', 'pending']);
      second = startTestDispatcher(h, { leaseMs: 800 });
      await waitFor(async () => ((await row(job.id, 'email')).status === 'sent' && (await row(job.id, 'webhook')).status === 'sent' ? true : undefined));
      expect(mails()).toHaveLength(2);
      expect(new Set(mails().map((m) => m.messageId)).size).toBe(1);
      expect(mails()[0]!.text).toBe(mails()[1]!.text);
      expect(events()).toHaveLength(2);
      expect(new Set(events().map((e) => e.eventId)).size).toBe(1);
      expect(http.distinctEvents().filter((id) => id === events()[0]!.eventId)).toHaveLength(1);
      expect([(await row(job.id, 'email')).attempts, (await row(job.id, 'webhook')).attempts]).toEqual([2, 2]);
    } finally {
      await crashed.stop();
      await second?.stop();
      seen.push(...crashed.logs, ...(second?.logs ?? []));
      await removeChannels(h, ids);
      await http.close();
      await smtp.close();
    }
  });

  test('a wrong robot or webhook secret fails at once with the receiver\'s reason; after the admin fixes the secret and retries, each is delivered once', async () => {
    const http = await startHttpReceiver(secrets);
    const ids = await configureChannels(h, { http, secrets }, ['dingtalk', 'webhook'], { secretOverride: wrongSecret, settings: { events: ['notice.*'] } });
    const dispatcher = startTestDispatcher(h);
    try {
      const job = await startJob(h, `plain-${kind}`);
      await escalate(job, 0);
      await waitFor(async () => ((await row(job.id, 'dingtalk')).status === 'failed' && (await row(job.id, 'webhook')).status === 'failed' ? true : undefined));
      const failed = await api(request(h.app).get(`/api/notifications/deliveries?jobId=${job.id}`).set(auth(admin)));
      expect((failed.body.items as Array<Record<string, unknown>>).map((i) => [i.channel, i.status, i.attempts, i.lastError, (i.config as { target: string }).target]).sort()).toEqual([
        ['dingtalk', 'failed', 1, 'DingTalk refused the message: {"errcode":310000,"errmsg":"sign not match"}', http.base],
        ['webhook', 'failed', 1, 'the webhook receiver answered HTTP 401: signature-mismatch', http.base],
      ]);
      for (const channel of ['dingtalk', 'webhook'] as const) {
        const fixed = await api(request(h.app).put(`/api/notifications/channels/${ids[channel]}`).set(auth(admin)).send({ secret: channel === 'dingtalk' ? secrets.dingtalk.secret : secrets.webhook.secret }));
        expect(fixed.status).toBe(200);
        expect(fixed.body.hasSecret).toBe(true);
        const id = (await row(job.id, channel)).id;
        const retried = await api(request(h.app).post(`/api/notifications/deliveries/${id}/retry`).set(auth(admin)));
        expect([retried.status, retried.body.status, retried.body.attempts]).toEqual([200, 'pending', 0]);
      }
      await waitFor(async () => ((await row(job.id, 'dingtalk')).status === 'sent' && (await row(job.id, 'webhook')).status === 'sent' ? true : undefined));
      expect(http.accepted('dingtalk').filter((p) => p.text.includes(job.code))).toHaveLength(1);
      expect(http.accepted('webhook').filter((p) => p.text === 'notice.escalation' && (p.body.job as { id: string }).id === job.id)).toHaveLength(1);
      const again = await api(request(h.app).post(`/api/notifications/deliveries/${(await row(job.id, 'webhook')).id}/retry`).set(auth(admin)));
      expect([again.status, again.body.type]).toEqual([409, 'urn:sop:problem:delivery-not-failed']);
    } finally {
      await dispatcher.stop();
      seen.push(...dispatcher.logs);
      await removeChannels(h, ids);
      await http.close();
    }
  });

  test('an unreachable SMTP server: the e-mail is retried, then failed with the reason; once the server is up a manual retry delivers exactly one', async () => {
    const port = await freePort();
    const ids = await configureChannels(h, { smtp: { url: `smtp://127.0.0.1:${port}` } }, ['email']);
    const dispatcher = startTestDispatcher(h, { maxAttempts: 3, backoffMs: 100 });
    let smtp: Awaited<ReturnType<typeof startSmtpReceiver>> | undefined;
    try {
      const job = await startJob(h, `plain-${kind}`);
      await escalate(job, 0);
      const failed = await waitFor(async () => {
        const r = await row(job.id, 'email');
        return r.status === 'failed' ? r : undefined;
      });
      expect([failed.attempts, failed.lastError]).toEqual([3, `e-mail not accepted: ESOCKET: connect ECONNREFUSED 127.0.0.1:${port}`]);
      const listed = await api(request(h.app).get('/api/notifications/deliveries?status=failed&channel=email').set(auth(admin)));
      expect((listed.body.items as Array<{ id: string; to: string }>).find((i) => i.id === failed.id)?.to).toBe('vendor-a@demo.test');
      smtp = await startSmtpReceiver(port);
      expect((await api(request(h.app).post(`/api/notifications/deliveries/${failed.id}/retry`).set(auth(admin)))).status).toBe(200);
      await waitFor(async () => ((await row(job.id, 'email')).status === 'sent' ? true : undefined));
      expect(smtp.mails.filter((m) => m.subject.startsWith('[升级') && m.subject.includes(job.code)).map((m) => m.to)).toEqual([['vendor-a@demo.test']]);
    } finally {
      await dispatcher.stop();
      seen.push(...dispatcher.logs);
      await removeChannels(h, ids);
      await smtp?.close();
    }
  });

  test('no API response, audit event or dispatcher log line contains a secret, a robot token or a hook URL', async () => {
    const http = await startHttpReceiver(secrets);
    const ids = await configureChannels(h, { http, secrets }, ['dingtalk', 'wecom', 'feishu', 'slack', 'webhook']);
    try {
      const listed = await api(request(h.app).get('/api/notifications/channels').set(auth(admin)));
      expect((listed.body.items as Array<Record<string, unknown>>).filter((c) => Object.values(ids).includes(c.id as string)).map((c) => [c.channel, c.target, c.hasSecret, 'url' in c, 'secret' in c])).toEqual([
        ['dingtalk', http.base, true, false, false],
        ['wecom', http.base, true, false, false],
        ['feishu', http.base, true, false, false],
        ['slack', http.base, false, false, false],
        ['webhook', http.base, true, false, false],
      ]);
      const created = await api(request(h.app).post('/api/notifications/channels').set(auth(admin))
        .send({ scope: 'org', scopeId: h.ids.orgs['Demo Co 演示公司'], channel: 'webhook', url: 'ftp://erp.example/x', secret: 'short' }));
      expect([created.status, created.body.errors]).toEqual([422, [
        { path: 'body/url', message: 'a webhook config needs an http(s) URL (found ftp://)' },
        { path: 'body/secret', message: 'a webhook needs a signing secret of at least 16 characters' },
      ]]);
      seen.push(created.text);
      for (const status of ['pending', 'sent', 'failed']) seen.push((await api(request(h.app).get(`/api/notifications/deliveries?status=${status}`).set(auth(admin)))).text);
      seen.push((await api(request(h.app).get('/api/audit/export').set(auth(admin)))).text);
      seen.push((await api(request(h.app).get('/api/notifications').set(auth(await h.login('vendor-a'))))).text);
      const credentials = [secrets.dingtalk.secret, secrets.dingtalk.token, secrets.wecom.key, secrets.feishu.secret, secrets.feishu.token, secrets.slack.path, secrets.webhook.secret, wrongSecret];
      expect(seen.length).toBeGreaterThan(15);
      expect(credentials.flatMap((c) => seen.filter((text) => text.includes(c)).map((text) => `${c} in ${text.slice(0, 120)}`))).toEqual([]);
    } finally {
      await removeChannels(h, ids);
      await http.close();
    }
  });
});
