/**
 * What notices say and which outbox rows they become, as pure logic: the
 * zh-CN and English texts with deadlines in the reader's zone and how late the
 * step is, each channel's formatting (plain text, HTML, DingTalk/WeCom
 * markdown, Slack mrkdwn) with escaping, and the rows of one notice per
 * recipient preference and robot config, with their idempotency keys.
 */
import type { ChannelConfig } from '../../platform/db/prisma-types';
import type { OutboxPayload } from '../../platform/notifications/outbox-payload';
import { noticeKeyOf, outboxRows, type NoticeRecipient, type OutboxRowsInput } from '../../platform/notifications/outbox-rows';
import { stableDigest } from '../../platform/notifications/signatures';
import {
  formatDuration,
  formatInstant,
  noticeLocale,
  noticeZone,
  renderNotice,
  toHtml,
  toMarkdown,
  toPlainText,
  toSlackText,
  type NoticeView,
} from '../../platform/notifications/templates';

const DUE = Date.parse('2026-11-27T10:00:00Z');
const view: NoticeView = { kind: 'escalation', jobCode: 'J-7', jobTitle: '双十一横幅', link: 'https://sop.example/jobs/j7', stepTitle: '设计稿', level: 1, dueAt: DUE, at: DUE + 2 * 3_600_000 + 5 * 60_000, message: '请尽快提交' };

describe('durations and instants', () => {
  test.each([
    [0, 'en', '0 s'],
    [59_400, 'en', '59 s'],
    [61_000, 'en', '1 min'],
    [3_600_000 + 5 * 60_000, 'en', '1 h 5 min'],
    [2 * 86_400_000 + 3 * 3_600_000 + 7 * 60_000, 'en', '2 d 3 h'],
    [86_400_000 + 5 * 60_000, 'en', '1 d'],
    [2 * 86_400_000 + 3 * 3_600_000, 'zh-CN', '2 天 3 小时'],
    [2000, 'zh-CN', '2 秒'],
    [-5000, 'en', '0 s'],
  ] as const)('formatDuration(%p, %s) = %p', (ms, locale, text) => {
    expect(formatDuration(ms, locale)).toBe(text);
  });
  test('an instant in the reader\'s zone, named', () => {
    expect(formatInstant(DUE, 'Asia/Shanghai')).toBe('2026-11-27 18:00 (Asia/Shanghai)');
    expect(formatInstant(DUE, 'Europe/Berlin')).toBe('2026-11-27 11:00 (Europe/Berlin)');
    expect(formatInstant(DUE, 'America/New_York')).toBe('2026-11-27 05:00 (America/New_York)');
    expect(formatInstant(DUE, 'Asia/Shanghai')).toBe('2026-11-27 18:00 (Asia/Shanghai)'); // cached: the same text
  });
  test('locale and zone fall back sensibly', () => {
    expect([noticeLocale('zh-TW'), noticeLocale('ZH'), noticeLocale('en-GB'), noticeLocale('de'), noticeLocale(null)]).toEqual(['zh-CN', 'zh-CN', 'en', 'en', 'en']);
    expect([noticeZone('Europe/Berlin'), noticeZone('Mars/Olympus'), noticeZone(''), noticeZone(undefined, 'UTC'), noticeZone('Mars/Olympus')]).toEqual(['Europe/Berlin', 'Asia/Shanghai', 'Asia/Shanghai', 'UTC', 'Asia/Shanghai']);
  });
});

describe('renderNotice', () => {
  test('zh-CN escalation: level shown 1-based, deadline in the zone, how late, the message', () => {
    const r = renderNotice(view, 'zh-CN', 'Asia/Shanghai');
    expect(r.subject).toBe('[升级 第 2 级] J-7 设计稿：双十一横幅 已逾期 2 小时 5 分钟');
    expect(r.lines).toEqual([
      { label: '任务', value: 'J-7 双十一横幅' },
      { label: '步骤', value: '设计稿' },
      { label: '截止', value: '2026-11-27 18:00 (Asia/Shanghai)' },
      { label: '已逾期', value: '2 小时 5 分钟' },
      { label: '说明', value: '请尽快提交' },
    ]);
    expect([r.linkLabel, r.link, r.footer]).toEqual(['打开任务', 'https://sop.example/jobs/j7', '']);
  });
  test('English for a copied reader in Berlin, with a reference', () => {
    const r = renderNotice({ ...view, cc: true, ref: 'ab12cd34' }, 'en', 'Europe/Berlin');
    expect(r.subject).toBe('[Escalation level 2] J-7 设计稿: 双十一横幅 Late by 2 h 5 min');
    expect(r.lines.map((l) => `${l.label}: ${l.value}`)).toEqual([
      'Job: J-7 双十一横幅', 'Step: 设计稿', 'Deadline: 2026-11-27 11:00 (Europe/Berlin)', 'Late by: 2 h 5 min', 'Message: 请尽快提交', 'You are copied: ✓',
    ]);
    expect(r.footer).toBe('Ref #ab12cd34');
  });
  test('a reminder says how long is left; a robot post names everyone notified', () => {
    const reminder = renderNotice({ ...view, kind: 'reminder', level: 0, at: DUE - 3 * 3_600_000, message: null, people: ['张三', 'Olivia'] }, 'zh-CN', 'Asia/Shanghai');
    expect(reminder.subject).toBe('[提醒] J-7 设计稿：双十一横幅');
    expect(reminder.lines).toContainEqual({ label: '距截止', value: '3 小时' });
    expect(reminder.lines).toContainEqual({ label: '通知', value: '张三、Olivia' });
    expect(renderNotice({ ...view, kind: 'task_assigned', dueAt: null, stepTitle: null, message: null }, 'en', 'UTC').subject).toBe('[New task] J-7: 双十一横幅');
    expect(renderNotice({ ...view, kind: 'something_new' }, 'en', 'UTC').subject.startsWith('[something_new] ')).toBe(true);
  });
});

describe('channel formats', () => {
  const r = renderNotice({ ...view, stepTitle: '<script>alert(1)</script> & "x"', ref: 'ab12cd34' }, 'en', 'UTC');
  test('plain text', () => {
    expect(toPlainText(r)).toBe([
      `[Escalation level 2] J-7 <script>alert(1)</script> & "x": 双十一横幅 Late by 2 h 5 min`, '',
      'Job: J-7 双十一横幅', 'Step: <script>alert(1)</script> & "x"', 'Deadline: 2026-11-27 10:00 (UTC)', 'Late by: 2 h 5 min', 'Message: 请尽快提交', '',
      'Open the job: https://sop.example/jobs/j7', '', 'Ref #ab12cd34', '',
    ].join('\n'));
  });
  test('HTML escapes everything that came from people', () => {
    const html = toHtml(r);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;');
    expect(html).toContain('<a href="https://sop.example/jobs/j7">Open the job</a>');
    expect(html).toContain('<p style="color:#888;font-size:12px">Ref #ab12cd34</p>');
  });
  test('DingTalk/WeCom markdown and Slack mrkdwn', () => {
    expect(toMarkdown(r).split('\n')[0]).toBe('### [Escalation level 2] J-7 <script>alert(1)</script> & "x": 双十一横幅 Late by 2 h 5 min');
    expect(toMarkdown(r)).toContain('\n[Open the job](https://sop.example/jobs/j7)\n\n> Ref #ab12cd34');
    const slack = toSlackText(r);
    expect(slack).toContain('• *Step*: &lt;script&gt;alert(1)&lt;/script&gt; &amp; "x"');
    expect(slack).toContain('<https://sop.example/jobs/j7|Open the job>');
    expect(slack.endsWith('_Ref #ab12cd34_')).toBe(true);
  });
});

describe('outboxRows', () => {
  const now = new Date(DUE + 1000);
  const cfg = (channel: ChannelConfig['channel'], settings: Record<string, string | string[]> = {}): ChannelConfig =>
    ({ id: `cfg-${channel}`, scope: 'org', scopeId: 'org-1', channel, name: '', url: 'https://x.example/', secret: 's', settings, enabled: true, createdAt: now, updatedAt: now });
  const person = (over: Partial<NoticeRecipient>): NoticeRecipient => ({ userId: 'u-vendor', name: '张三', email: 'zhang@vendor.example', locale: 'zh-CN', timezone: 'Asia/Shanghai', channels: ['inbox', 'email'], cc: false, roles: ['vendor'], ...over });
  const input = (over: Partial<OutboxRowsInput>): OutboxRowsInput => ({
    id: { jobId: 'j7', kind: 'escalation', nodeId: 'draft', round: 1, level: 1, deadlineEpoch: 0 },
    facts: { jobCode: 'J-7', jobTitle: '双十一横幅', nodeTitle: '设计稿', message: '请尽快提交', dueAt: new Date(DUE).toISOString(), scheduledAt: new Date(view.at).toISOString(), link: view.link },
    view,
    recipients: [person({})],
    configs: [cfg('email', { from: 'SOP <n@sop.example>' }), cfg('dingtalk')],
    zone: 'Asia/Shanghai',
    now,
    ...over,
  });

  test('the key names job, kind, step, round, level, deadline epoch, recipient and channel', () => {
    expect(noticeKeyOf({ jobId: 'j7', kind: 'escalation', nodeId: 'draft', round: 1, level: 1, deadlineEpoch: 0 }, 'u-vendor', 'email')).toBe('j7/escalation/draft/1/1/0/u-vendor/email');
    expect(noticeKeyOf({ jobId: 'j7', kind: 'job_completed' }, 'u-owner', 'inbox')).toBe('j7/job_completed/-/-/-/-/u-owner/inbox');
    // A report period's ladder: the period joins the key (period 2's escalation is not period 3's); keys without one are unchanged.
    expect(noticeKeyOf({ jobId: 'j7', kind: 'escalation', nodeId: 'draft', round: 1, level: 0, deadlineEpoch: 0, period: 2 }, 'u-owner', 'inbox')).toBe('j7/escalation/draft/1/0/0/p2/u-owner/inbox');
    expect(noticeKeyOf({ jobId: 'j7', kind: 'escalation', nodeId: 'draft', round: 1, level: 0, deadlineEpoch: 0, period: null }, 'u-owner', 'inbox')).toBe('j7/escalation/draft/1/0/0/u-owner/inbox');
  });
  test('per person: an inbox row (delivered by being written) and an e-mail (pending); per robot config one post', () => {
    const rows = outboxRows(input({}));
    expect(rows.map((r) => [r.idempotencyKey, r.channel, r.status, r.configId ?? null])).toEqual([
      ['j7/escalation/draft/1/1/0/u-vendor/inbox', 'inbox', 'sent', null],
      ['j7/escalation/draft/1/1/0/u-vendor/email', 'email', 'pending', 'cfg-email'],
      ['j7/escalation/draft/1/1/0/config:cfg-dingtalk/dingtalk', 'dingtalk', 'pending', 'cfg-dingtalk'],
    ]);
    expect(rows[0]!.sentAt).toEqual(now);
    const mail = (rows[1]!.payload as OutboxPayload).email!;
    expect([mail.to, mail.subject]).toEqual(['zhang@vendor.example', '[升级 第 2 级] J-7 设计稿：双十一横幅 已逾期 2 小时 5 分钟']);
    expect(mail.text).toContain(`编号 #${stableDigest('j7/escalation/draft/1/1/0/u-vendor/email').slice(0, 8)}`);
    const robot = (rows[2]!.payload as OutboxPayload).notice!;
    expect(robot.lines).toContainEqual({ label: '通知', value: '张三' });
    expect(robot.footer).toBe(`编号 #${stableDigest('j7/escalation/draft/1/1/0/config:cfg-dingtalk/dingtalk').slice(0, 8)}`);
  });
  test('each person\'s channels, language and zone; no e-mail without an e-mail config; robots post only their kinds', () => {
    const rows = outboxRows(input({
      recipients: [person({ channels: ['inbox'] }), person({ userId: 'u-mgr', name: 'Max', email: 'max@demo.test', locale: 'en', timezone: 'Europe/Berlin', cc: true, roles: ['manager'] })],
      configs: [cfg('dingtalk', { kinds: ['stuck'] }), cfg('slack')],
    }));
    expect(rows.map((r) => r.idempotencyKey)).toEqual([
      'j7/escalation/draft/1/1/0/u-vendor/inbox', 'j7/escalation/draft/1/1/0/u-mgr/inbox', 'j7/escalation/draft/1/1/0/config:cfg-slack/slack',
    ]);
    const managerInbox = rows[1]!.payload as OutboxPayload;
    expect([managerInbox.title, managerInbox.cc, managerInbox.roles]).toEqual(['[Escalation level 2] J-7 设计稿: 双十一横幅 Late by 2 h 5 min', true, ['manager']]);
    expect(managerInbox.text).toContain('Deadline: 2026-11-27 11:00 (Europe/Berlin)');
    expect((rows[2]!.payload as OutboxPayload).notice!.lines).toContainEqual({ label: '通知', value: '张三、Max' });
  });
  test('rendering is a function of the notice: the same input gives byte-identical rows', () => {
    expect(JSON.stringify(outboxRows(input({})))).toBe(JSON.stringify(outboxRows(input({}))));
  });
});
