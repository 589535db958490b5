/**
 * Turns the job's audit trail into generic-webhook outbox rows: `job.started`,
 * `step.overdue`, `job.completed`, `notice.escalation`, … The audit trail is
 * append-only and its appends are serialised (platform/audit), so a cursor on
 * `seq` reads every event once; rows are keyed by (job, event seq, config), so
 * two relays reading the same events create each row once. A config receives
 * events that happened after it was created, filtered by its `events` setting.
 */
import type { Prisma, PrismaClient } from '../db/prisma-types';
import { DEFAULT_WEBHOOK_EVENTS, matchesPattern, settingsOf } from './channel-config';
import type { OutboxPayload } from './outbox-payload';
import { eventIdFor } from './signatures';

export const AUDIT_WEBHOOK_CURSOR = 'audit-webhooks';

/** Reads up to `batch` audit events past the cursor; returns how many it read (0 = caught up). */
export async function relayAuditEvents(prisma: PrismaClient, options: { publicUrl: string; batch?: number }): Promise<number> {
  const cursor = await prisma.notificationCursor.findUnique({ where: { name: AUDIT_WEBHOOK_CURSOR } });
  const after = cursor?.position ?? 0;
  const events = await prisma.auditEvent.findMany({ where: { seq: { gt: after } }, orderBy: { seq: 'asc' }, take: options.batch ?? 500 });
  if (events.length === 0) return 0;
  const configs = await prisma.channelConfig.findMany({ where: { channel: 'webhook', enabled: true } });
  const jobIds = [...new Set(events.map((e) => e.jobId).filter((id): id is string => id !== null))];
  const jobs = configs.length === 0 || jobIds.length === 0 ? [] : await prisma.job.findMany({ where: { id: { in: jobIds } }, select: { id: true, code: true, title: true, sopKey: true, owner: { select: { orgId: true } } } });
  const jobById = new Map(jobs.map((j) => [j.id, j]));
  const rows: Prisma.NotificationCreateManyInput[] = [];
  for (const event of events) {
    const job = event.jobId ? jobById.get(event.jobId) : undefined;
    if (!job) continue;
    for (const config of configs) {
      const applies = config.scope === 'sop' ? config.scopeId === job.sopKey : config.scopeId === job.owner.orgId;
      if (!applies || event.at < config.createdAt || !matchesPattern(settingsOf(config).events ?? DEFAULT_WEBHOOK_EVENTS, event.type)) continue;
      const idempotencyKey = [job.id, 'event', event.seq, `config:${config.id}`, 'webhook'].join('/');
      const payload: OutboxPayload = {
        event: {
          id: eventIdFor(idempotencyKey),
          type: event.type,
          occurredAt: event.at.toISOString(),
          job: { id: job.id, code: job.code, title: job.title, link: `${options.publicUrl}/jobs/${job.id}` },
          data: event.data,
        },
      };
      rows.push({ idempotencyKey, channel: 'webhook', kind: 'job_event', jobId: job.id, configId: config.id, payload: payload as unknown as Prisma.InputJsonValue, status: 'pending' });
    }
  }
  if (rows.length > 0) await prisma.notification.createMany({ data: rows, skipDuplicates: true });
  const last = events.at(-1)!.seq;
  await prisma.$executeRaw`INSERT INTO "NotificationCursor" ("name", "position", "updatedAt") VALUES (${AUDIT_WEBHOOK_CURSOR}, ${last}, now())
    ON CONFLICT ("name") DO UPDATE SET "position" = GREATEST("NotificationCursor"."position", EXCLUDED."position"), "updatedAt" = now()`;
  return events.length;
}
