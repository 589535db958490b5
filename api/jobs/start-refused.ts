/**
 * A job start the workflow engine refused (e.g. Temporal's frontend answering
 * `Namespace not found` while its database restarts): the job row goes again,
 * so a retry can take the same code — but its `job.created` may already have
 * reached a webhook (the audit relay turns it into an outbox row within a
 * tick). Deleting the row would cascade to those outbox rows and leave the
 * receiver holding a job id that no longer exists, never told otherwise.
 *
 * So, in one transaction: the `job.start_failed` event is appended; every
 * applicable webhook config gets the job's `job.created` and `job.start_failed`
 * rows (created now if the relay had not got to them, kept if it had); those
 * rows are detached from the job (`jobId` null) so the deletion leaves them;
 * then the job row is deleted. A receiver therefore hears both or, when the
 * row is new, both in order of their `occurredAt` — never a bare `job.created`.
 */
import { appendAuditBatch } from '../../platform/audit/audit-log';
import type { PrismaClient } from '../../platform/db/prisma-types';
import { webhookRows } from '../../platform/notifications/event-relay';
import { insertOutboxRows } from '../../platform/notifications/outbox-insert';
import type { AuthUser } from '../auth/auth-user';

export async function recordRefusedStart(prisma: PrismaClient, jobId: string, user: AuthUser, error: Error, publicUrl: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const job = await tx.job.findUnique({ where: { id: jobId }, select: { id: true, code: true, title: true, sopKey: true, owner: { select: { orgId: true } } } });
    const [failed] = await appendAuditBatch(tx, [{ type: 'job.start_failed', actorId: user.id, actorLabel: user.email, jobId, data: { code: job?.code ?? null, error: error.message } }]);
    if (!job) return;
    const created = await tx.auditEvent.findMany({ where: { jobId, type: 'job.created' }, orderBy: { seq: 'asc' }, select: { seq: true, type: true, jobId: true, at: true, data: true } });
    const configs = await tx.channelConfig.findMany({ where: { channel: 'webhook', enabled: true } });
    const relayed = { id: job.id, code: job.code, title: job.title, sopKey: job.sopKey, ownerOrgId: job.owner.orgId };
    await tx.notification.updateMany({ where: { jobId, channel: 'webhook', kind: 'job_event' }, data: { jobId: null } });
    const rows = webhookRows([...created, failed!], configs, () => relayed, publicUrl).map((row) => ({ ...row, jobId: null }));
    await insertOutboxRows(tx, rows);
    await tx.job.delete({ where: { id: jobId } });
  });
}
