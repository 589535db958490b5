/**
 * A `comment_mentioned` notice to each person a comment mentions: an inbox
 * entry and an e-mail as each person's channel preferences say (e-mail only
 * when the job's SOP or owner organisation has an e-mail config), in their
 * language and time zone, written in the comment's transaction through the
 * notification outbox (platform/notifications/). Never a robot post: a
 * mention is personal. One row per (comment, person, channel): the
 * idempotency key carries the comment id. The author mentioning themselves
 * gets nothing.
 */
import type { AuditTx } from '../../platform/audit/audit-log';
import { insertOutboxRows } from '../../platform/notifications/outbox-insert';
import { emailConfigsFor, noticePeople } from '../../platform/notifications/personal-notice-audience';
import { outboxRows, type NoticeRecipient } from '../../platform/notifications/outbox-rows';
import { notifyOutboxInTransaction } from '../../platform/notifications/outbox-signal';
import type { ScopedJob } from '../access/job-scope';

export const MENTION_NOTICE_KIND = 'comment_mentioned';
/** The excerpt of the comment a notice quotes. */
const EXCERPT_CHARS = 200;

export interface MentionNoticeInput {
  job: Pick<ScopedJob, 'id' | 'code' | 'title' | 'sopKey' | 'ownerId'>;
  commentId: string;
  body: string;
  author: { id: string; name: string };
  at: Date;
  mentionedIds: readonly string[];
  publicUrl: string;
}

/** Writes the notices (inside `tx`); returns how many outbox rows it created. */
export async function writeMentionNotices(tx: AuditTx, input: MentionNoticeInput): Promise<number> {
  const ids = input.mentionedIds.filter((id) => id !== input.author.id);
  if (ids.length === 0) return 0;
  const people = await noticePeople(tx, ids);
  if (people.length === 0) return 0;
  const configs = await emailConfigsFor(tx, input.job);
  const recipients: NoticeRecipient[] = people.map((p) => ({
    userId: p.id, name: p.name, email: p.email, locale: p.locale, timezone: p.timezone, channels: p.notificationChannels, cc: false, roles: [],
  }));
  const excerpt = input.body.length > EXCERPT_CHARS ? `${input.body.slice(0, EXCERPT_CHARS)}…` : input.body;
  const message = `${input.author.name}: ${excerpt}`;
  const link = `${input.publicUrl}/jobs/${input.job.id}`;
  const rows = outboxRows({
    id: { jobId: input.job.id, kind: MENTION_NOTICE_KIND },
    facts: { jobCode: input.job.code, jobTitle: input.job.title, nodeTitle: null, message, dueAt: null, scheduledAt: input.at.toISOString(), link },
    view: { kind: MENTION_NOTICE_KIND, jobCode: input.job.code, jobTitle: input.job.title, link, at: input.at.getTime(), message },
    recipients,
    configs,
    zone: 'Asia/Shanghai',
    now: input.at,
  }).map((row) => ({ ...row, idempotencyKey: `${row.idempotencyKey}/comment:${input.commentId}` }));
  const created = await insertOutboxRows(tx, rows);
  if (created.some((r) => r.status === 'pending')) await notifyOutboxInTransaction(tx);
  return created.length;
}
