/**
 * The `step.at_risk` notice: to the job's owner and its bound manager, once per
 * step run, when the step's delay risk first reaches the model's threshold —
 * an inbox entry and an e-mail as each person's preferences say (e-mail when the
 * SOP or the owner's organisation has an e-mail config), through the
 * notification outbox. Never to the vendor, never a robot post (a risk is a
 * staff estimate). The idempotency key is (job, kind, step, round, person,
 * channel): a retried or concurrent scoring pass writes no second row.
 */
import type { AuditTx } from '../audit/audit-log';
import { insertOutboxRows } from '../notifications/outbox-insert';
import { emailConfigsFor, noticePeople } from '../notifications/personal-notice-audience';
import { outboxRows, type NoticeRecipient } from '../notifications/outbox-rows';
import { notifyOutboxInTransaction } from '../notifications/outbox-signal';

export const AT_RISK_NOTICE_KIND = 'step.at_risk';

export interface AtRiskNoticeInput {
  job: { id: string; code: string; title: string; sopKey: string; ownerId: string; managerId: string | null };
  step: { nodeId: string; round: number; title: string; dueAt: number };
  probability: number;
  at: Date;
  publicUrl: string;
  timezone: string;
}

/** Writes the notice rows inside `tx`; returns how many were new. */
export async function writeAtRiskNotice(tx: AuditTx, input: AtRiskNoticeInput): Promise<number> {
  const ids = [...new Set([input.job.ownerId, ...(input.job.managerId ? [input.job.managerId] : [])])];
  const people = await noticePeople(tx, ids, { staffOnly: true });
  if (people.length === 0) return 0;
  const configs = await emailConfigsFor(tx, input.job);
  const recipients: NoticeRecipient[] = people.map((p) => ({
    userId: p.id, name: p.name, email: p.email, locale: p.locale, timezone: p.timezone, channels: p.notificationChannels, cc: false,
    roles: [p.id === input.job.ownerId ? 'owner' : 'manager'],
  }));
  const message = `P(late) ≈ ${Math.round(input.probability * 100)}%`;
  const link = `${input.publicUrl}/jobs/${input.job.id}`;
  const rows = outboxRows({
    id: { jobId: input.job.id, kind: AT_RISK_NOTICE_KIND, nodeId: input.step.nodeId, round: input.step.round },
    facts: { jobCode: input.job.code, jobTitle: input.job.title, nodeTitle: input.step.title, message, dueAt: new Date(input.step.dueAt).toISOString(), scheduledAt: input.at.toISOString(), link },
    view: { kind: AT_RISK_NOTICE_KIND, jobCode: input.job.code, jobTitle: input.job.title, link, stepTitle: input.step.title, dueAt: input.step.dueAt, at: input.at.getTime(), message },
    recipients,
    // Robot posts are left out: only the e-mail config travels with the notice.
    configs,
    zone: input.timezone,
    now: input.at,
  });
  const created = await insertOutboxRows(tx, rows);
  if (created.some((r) => r.status === 'pending')) await notifyOutboxInTransaction(tx);
  return created.length;
}
