/**
 * Which outbox rows one notice becomes (pure): an inbox entry and an e-mail per
 * recipient, as each person's preferences say, in their language and time
 * zone; one post per applicable chat robot config (whose notice kinds include
 * this one). Generic webhooks get the notice from the audit trail (event-relay.ts).
 *
 * Every row's idempotency key is (job, kind, step, round, level, deadline
 * epoch, recipient, channel), the recipient of a robot post being its config.
 */
import type { ChannelConfig, NotificationChannel, Prisma } from '../db/prisma-types';
import { DEFAULT_ROBOT_KINDS, ROBOT_CHANNELS, settingsOf } from './channel-config';
import type { NoticeFacts, OutboxPayload } from './outbox-payload';
import { stableDigest } from './signatures';
import { noticeLocale, noticeZone, renderNotice, toHtml, toPlainText, type NoticeView } from './templates';

export interface NoticeRecipient {
  userId: string;
  name: string;
  email: string;
  locale: string;
  timezone: string;
  channels: NotificationChannel[];
  cc: boolean;
  roles: string[];
}

export interface NoticeIdentity {
  jobId: string;
  kind: string;
  nodeId?: string | null;
  round?: number | null;
  level?: number | null;
  deadlineEpoch?: number | null;
  period?: number | null;
}

export function noticeKeyOf(id: NoticeIdentity, recipient: string, channel: string): string {
  // A report period (reports ladder) joins the key only when there is one: keys of every other notice are unchanged.
  const period = id.period !== undefined && id.period !== null ? [`p${id.period}`] : [];
  return [id.jobId, id.kind, id.nodeId ?? '-', id.round ?? '-', id.level ?? '-', id.deadlineEpoch ?? '-', ...period, recipient, channel].join('/');
}

export interface OutboxRowsInput {
  id: NoticeIdentity;
  facts: Omit<NoticeFacts, 'cc' | 'roles'>;
  view: Omit<NoticeView, 'cc' | 'ref'>;
  recipients: NoticeRecipient[];
  /** Configs that apply to the job, most specific first (activities/notice-rows.ts `configsForJobs`). */
  configs: ChannelConfig[];
  /** Fallback zone of robot posts (the SOP's). */
  zone: string;
  now: Date;
}

export function outboxRows(input: OutboxRowsInput): Prisma.NotificationCreateManyInput[] {
  const { id } = input;
  const base = { kind: id.kind, jobId: id.jobId, nodeId: id.nodeId ?? null, round: id.round ?? null, level: id.level ?? null };
  const rows: Prisma.NotificationCreateManyInput[] = [];
  const emailConfig = input.configs.find((c) => c.channel === 'email');
  for (const r of input.recipients) {
    const facts: NoticeFacts = { ...input.facts, cc: r.cc, roles: r.roles };
    const locale = noticeLocale(r.locale);
    const rendered = renderNotice({ ...input.view, cc: r.cc }, locale, noticeZone(r.timezone, input.zone));
    if (r.channels.includes('inbox')) {
      const payload: OutboxPayload = { ...facts, title: rendered.subject, text: toPlainText(rendered) };
      rows.push({ ...base, idempotencyKey: noticeKeyOf(id, r.userId, 'inbox'), userId: r.userId, channel: 'inbox', payload: json(payload), status: 'sent', sentAt: input.now });
    }
    if (r.channels.includes('email') && emailConfig && r.email) {
      const key = noticeKeyOf(id, r.userId, 'email');
      const mail = renderNotice({ ...input.view, cc: r.cc, ref: stableDigest(key).slice(0, 8) }, locale, noticeZone(r.timezone, input.zone));
      const payload: OutboxPayload = { ...facts, email: { to: r.email, subject: mail.subject, text: toPlainText(mail), html: toHtml(mail) } };
      rows.push({ ...base, idempotencyKey: key, userId: r.userId, channel: 'email', configId: emailConfig.id, payload: json(payload), status: 'pending', nextAttemptAt: input.now });
    }
  }
  for (const config of input.configs) {
    if (!ROBOT_CHANNELS.includes(config.channel)) continue;
    const settings = settingsOf(config);
    if (!(settings.kinds ?? DEFAULT_ROBOT_KINDS).includes(id.kind)) continue;
    const key = noticeKeyOf(id, `config:${config.id}`, config.channel);
    const people = input.recipients.map((r) => r.name);
    const notice = renderNotice({ ...input.view, people, ref: stableDigest(key).slice(0, 8) }, noticeLocale(settings.locale ?? 'zh-CN'), noticeZone(settings.timezone, input.zone));
    const facts: NoticeFacts = { ...input.facts, cc: false, roles: [...new Set(input.recipients.flatMap((r) => r.roles))] };
    rows.push({ ...base, idempotencyKey: key, channel: config.channel, configId: config.id, payload: json({ ...facts, notice }), status: 'pending', nextAttemptAt: input.now });
  }
  return rows;
}

const json = (payload: OutboxPayload) => payload as unknown as Prisma.InputJsonValue;
