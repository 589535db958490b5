/**
 * An overdue step through the real workflow (Temporal dev server, real
 * database, real activities) reaches people on every configured channel:
 * inbox, e-mail to a loopback SMTP server, and DingTalk / WeCom / Feishu /
 * Slack robots and a signed ERP webhook on a loopback HTTP receiver that
 * checks every signature. Exactly one message per recipient per escalation
 * level on each channel; one post per level per robot.
 */
import request from 'supertest';
import type { SopNode } from '../../core/sop/types';
import { formatInstant } from '../../platform/notifications/templates';
import { auth, publishSop, startJob } from '../support/api-fixtures';
import { databaseKinds, startAppHarness, type AppHarness } from '../support/app-harness';
import { configureChannels, LOOPBACK_RECEIVERS, removeChannels, startTestDispatcher, type ConfigIds } from '../support/notification-fixtures';
import { randomSecrets, startHttpReceiver, type HttpReceiver } from '../support/notification-http-receiver';
import { startSmtpReceiver, type SmtpReceiver } from '../support/notification-smtp-receiver';
import { minimalReviewSop } from '../support/sop-builder';
import { waitFor } from '../support/wait-for';

jest.setTimeout(120_000);

const ladder = {
  due: { after: 'PT2S' },
  escalation: [
    { overdue: 'PT0S', notify: ['assignee'] },
    { overdue: 'PT2S', notify: ['owner'], cc: ['manager'], message: '初稿已逾期，请跟进' },
  ],
} as Partial<SopNode>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(databaseKinds())('on %s', (kind) => {
  let h: AppHarness;
  let http: HttpReceiver;
  let smtp: SmtpReceiver;
  let configs: ConfigIds;
  let dispatcher: ReturnType<typeof startTestDispatcher>;
  const secrets = randomSecrets();

  beforeAll(async () => {
    h = await startAppHarness(kind, { notifyAllowedHosts: LOOPBACK_RECEIVERS });
    http = await startHttpReceiver(secrets);
    smtp = await startSmtpReceiver();
    configs = await configureChannels(h, { http, secrets, smtp }, ['email', 'dingtalk', 'wecom', 'feishu', 'slack', 'webhook']);
    const manager = await h.login('manager');
    const prefs = await request(h.app).put('/api/notifications/preferences').set(auth(manager)).send({ locale: 'en', timezone: 'Europe/Berlin' });
    expect(prefs.body).toEqual({ channels: ['inbox', 'email'], locale: 'en', timezone: 'Europe/Berlin', available: ['inbox', 'email'] });
    await publishSop(h, { ...minimalReviewSop(ladder), key: `ladder-${kind}`, name: 'Ladder' });
    dispatcher = startTestDispatcher(h);
  });
  afterAll(async () => {
    await dispatcher?.stop();
    await removeChannels(h, configs);
    await http?.close();
    await smtp?.close();
    await h?.close();
  });

  test('a step 2 s overdue and then 4 s overdue sends each level once per recipient on e-mail, inbox, every robot and the webhook', async () => {
    const job = await startJob(h, `ladder-${kind}`);
    const owner = await h.login('owner');
    const detail = await request(h.app).get(`/api/jobs/${job.id}`).set(auth(owner));
    const dueAt = Date.parse((detail.body.steps as Array<{ nodeId: string; dueAt: string }>).find((s) => s.nodeId === 'draft')!.dueAt);
    const mine = () => smtp.mails.filter((m) => m.subject.includes(job.code));
    const posts = (channel: 'dingtalk' | 'wecom' | 'feishu' | 'slack') => http.accepted(channel).filter((p) => p.text.includes(job.code));
    const events = () => http.accepted('webhook').filter((p) => (p.body.job as { code?: string } | null)?.code === job.code);
    const complete = () =>
      mine().length === 4 && (['dingtalk', 'wecom', 'feishu', 'slack'] as const).every((c) => posts(c).length === 2)
      && events().filter((e) => e.text === 'notice.escalation').length === 2;
    await waitFor(async () => (complete() ? true : undefined), 30_000);
    await sleep(1500); // nothing more arrives
    expect(complete()).toBe(true);

    const vendor = h.ids.users['vendor-a']!;
    const mails = mine().map((m) => [m.to.join(','), m.subject]).sort();
    expect(mails).toEqual([
      ['manager@demo.test', `[Escalation level 2] ${job.code} draft: Job ${job.code} Late by 2 s`],
      ['owner@demo.test', `[升级 第 2 级] ${job.code} draft：Job ${job.code} 已逾期 2 秒`],
      ['vendor-a@demo.test', `[升级 第 1 级] ${job.code} draft：Job ${job.code}`],
      ['vendor-a@demo.test', `[新任务] ${job.code} draft：Job ${job.code}`],
    ].sort());
    for (const mail of mine()) {
      expect(mail.contentType).toBe('multipart/alternative');
      expect(mail.messageId).toMatch(/^<[0-9a-f]{32}@sop\.example>$/);
      expect(mail.html).toContain(`<a href="http://localhost/jobs/${job.id}">`);
      expect(mail.from).toBe('notify@sop.example');
    }
    expect(new Set(mine().map((m) => m.messageId)).size).toBe(4);
    const managerMail = mine().find((m) => m.to[0] === 'manager@demo.test')!;
    expect(managerMail.text).toContain(`Deadline: ${formatInstant(dueAt, 'Europe/Berlin')}\nLate by: 2 s\nMessage: 初稿已逾期，请跟进\nYou are copied: ✓\n`);
    const ownerMail = mine().find((m) => m.to[0] === 'owner@demo.test')!;
    expect(ownerMail.text).toContain(`截止: ${formatInstant(dueAt, 'Asia/Shanghai')}\n已逾期: 2 秒\n说明: 初稿已逾期，请跟进\n`);

    for (const channel of ['dingtalk', 'wecom', 'feishu', 'slack'] as const) {
      const texts = posts(channel).map((p) => p.text);
      expect([channel, texts.filter((t) => t.includes('第 1 级')).length, texts.filter((t) => t.includes('第 2 级')).length]).toEqual([channel, 1, 1]);
      expect(texts.find((t) => t.includes('第 2 级'))).toContain('流程负责人 Olivia、项目经理 Max');
    }
    expect(http.posts.filter((p) => !p.accepted)).toEqual([]);

    const types = events().map((e) => e.text);
    expect(types.filter((t) => t === 'notice.escalation')).toHaveLength(2);
    expect(types.filter((t) => t === 'step.overdue')).toHaveLength(1);
    expect(types.filter((t) => t === 'job.started')).toHaveLength(1);
    expect(types.filter((t) => t === 'job.created')).toHaveLength(1);
    expect(new Set(events().map((e) => e.eventId)).size).toBe(events().length);
    expect(events().find((e) => e.text === 'step.overdue')!.body.data).toEqual({ nodeId: 'draft', round: 1, type: 'task', dueAt: new Date(dueAt).toISOString() });

    const rows = await h.test.db.prisma.notification.groupBy({ by: ['channel', 'status'], where: { jobId: job.id, kind: 'escalation' }, _count: true });
    expect(rows.map((r) => [r.channel, r.status, r._count]).sort()).toEqual([
      ['dingtalk', 'sent', 2], ['email', 'sent', 3], ['feishu', 'sent', 2], ['inbox', 'sent', 3], ['slack', 'sent', 2], ['wecom', 'sent', 2],
    ].sort());

    const vendorToken = await h.login('vendor-a');
    const inbox = await request(h.app).get('/api/notifications').set(auth(vendorToken));
    expect(inbox.body.unread).toBe(2);
    expect((inbox.body.items as Array<{ kind: string; jobId: string; title: string }>).map((i) => [i.kind, i.jobId, i.title])).toEqual([
      ['escalation', job.id, `[升级 第 1 级] ${job.code} draft：Job ${job.code}`],
      ['task_assigned', job.id, `[新任务] ${job.code} draft：Job ${job.code}`],
    ]);
    const badge = await request(h.app).get('/api/notifications/unread-count').set(auth(vendorToken));
    expect(badge.body).toEqual({ unread: 2 });
    const read = await request(h.app).post('/api/notifications/read').set(auth(vendorToken)).send({});
    expect(read.body).toEqual({ updated: 2 });
    const firstId = (inbox.body.items as Array<{ id: string }>)[0]!.id;
    const unread = await request(h.app).post('/api/notifications/unread').set(auth(vendorToken)).send({ ids: [firstId] });
    expect(unread.body).toEqual({ updated: 1 });
    expect((await request(h.app).get('/api/notifications/unread-count').set(auth(vendorToken))).body).toEqual({ unread: 1 });
    expect(vendor).toBeDefined();
  });
});
