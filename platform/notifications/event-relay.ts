/**
 * Turns the job's audit events into generic-webhook outbox rows: `job.started`,
 * `step.overdue`, `job.completed`, `notice.escalation`, … Rows are keyed by
 * (job, event seq, config), so an event reaches each config once however many
 * writers create its row: `webhookRows` is called twice for every event.
 *
 * 1. Directly, by the writer that appends the event (activities/record-events.ts),
 *    in the same transaction: the row is due the moment the transition commits.
 * 2. By the relay (`relayAuditEvents`, run by every dispatcher), a cursor on the
 *    append-only audit `seq` (appends are serialised, platform/audit): it reads
 *    every event once and catches what no writer relayed directly — events the
 *    API appends (`job.created`, `submission.refused`, …) and any event whose
 *    writer did not see a config (one created meanwhile). For events already
 *    relayed it creates nothing (`ON CONFLICT DO NOTHING` on the idempotency
 *    key), and it does not even read the events a writer of its own process
 *    relayed with every current webhook config in view (outbox-signal.ts).
 *
 * A config receives events that happened after it was created, filtered by its
 * `events` setting.
 */
import type { ChannelConfig, Prisma, PrismaClient } from '../db/prisma-types';
import { DEFAULT_WEBHOOK_EVENTS, matchesPattern, settingsOf } from './channel-config';
import { insertOutboxRows } from './outbox-insert';
import type { OutboxPayload } from './outbox-payload';
import { eventIdFor } from './signatures';

export const AUDIT_WEBHOOK_CURSOR = 'audit-webhooks';

/** What a webhook row needs of an audit event. */
export interface RelayedEvent {
  seq: number;
  type: string;
  jobId: string | null;
  at: Date;
  data: unknown;
}

/** What a webhook row needs of the event's job. */
export interface RelayedJob {
  id: string;
  code: string;
  title: string;
  sopKey: string;
  ownerOrgId: string;
}

/** The idempotency key of event `seq`'s row for `configId`. */
export function webhookRowKey(jobId: string, seq: number, configId: string): string {
  return [jobId, 'event', seq, `config:${configId}`, 'webhook'].join('/');
}

/** The webhook outbox rows of `events` (pure): one per event and applicable enabled webhook config. */
export function webhookRows(
  events: readonly RelayedEvent[],
  configs: readonly ChannelConfig[],
  jobOf: (jobId: string) => RelayedJob | undefined,
  publicUrl: string,
): Prisma.NotificationCreateManyInput[] {
  const webhooks = configs.filter((c) => c.channel === 'webhook' && c.enabled);
  const rows: Prisma.NotificationCreateManyInput[] = [];
  if (webhooks.length === 0) return rows;
  for (const event of events) {
    const job = event.jobId ? jobOf(event.jobId) : undefined;
    if (!job) continue;
    for (const config of webhooks) {
      const applies = config.scope === 'sop' ? config.scopeId === job.sopKey : config.scopeId === job.ownerOrgId;
      if (!applies || event.at < config.createdAt || !matchesPattern(settingsOf(config).events ?? DEFAULT_WEBHOOK_EVENTS, event.type)) continue;
      const idempotencyKey = webhookRowKey(job.id, event.seq, config.id);
      const payload: OutboxPayload = {
        event: {
          id: eventIdFor(idempotencyKey),
          type: event.type,
          occurredAt: event.at.toISOString(),
          job: { id: job.id, code: job.code, title: job.title, link: `${publicUrl}/jobs/${job.id}` },
          data: event.data,
        },
      };
      rows.push({ idempotencyKey, channel: 'webhook', kind: 'job_event', jobId: job.id, configId: config.id, payload: payload as unknown as Prisma.InputJsonValue, status: 'pending' });
    }
  }
  return rows;
}

export interface RelayOptions {
  publicUrl: string;
  /** Events read per call (default 500). */
  batch?: number;
  /**
   * The webhook configs a writer already considered when it relayed event
   * `seq` directly (outbox-signal.ts `relayedWith`): such an event is skipped
   * when every enabled webhook config is among them.
   */
  relayedWith?: (seq: number) => ReadonlySet<string> | undefined;
}

/**
 * Reads up to `batch` audit events past the cursor and creates their webhook
 * rows (those not created yet); returns how many events it read (0 = caught
 * up), how many rows it created and the new cursor position.
 */
export async function relayAuditEvents(prisma: PrismaClient, options: RelayOptions): Promise<{ read: number; created: number; position: number }> {
  const cursor = await prisma.notificationCursor.findUnique({ where: { name: AUDIT_WEBHOOK_CURSOR } });
  const after = cursor?.position ?? 0;
  const seqs = (await prisma.$queryRaw<Array<{ seq: number }>>`SELECT "seq" FROM "AuditEvent" WHERE "seq" > ${after} ORDER BY "seq" LIMIT ${options.batch ?? 500}`).map((r) => Number(r.seq));
  if (seqs.length === 0) return { read: 0, created: 0, position: after };
  const configs = await prisma.channelConfig.findMany({ where: { channel: 'webhook', enabled: true } });
  const todo = configs.length === 0 ? [] : seqs.filter((seq) => {
    const considered = options.relayedWith?.(seq);
    return !considered || configs.some((c) => !considered.has(c.id));
  });
  let created = 0;
  if (todo.length > 0) {
    const events = await prisma.auditEvent.findMany({ where: { seq: { in: todo } }, orderBy: { seq: 'asc' }, select: { seq: true, type: true, jobId: true, at: true, data: true } });
    const jobIds = [...new Set(events.map((e) => e.jobId).filter((id): id is string => id !== null))];
    const jobs = jobIds.length === 0 ? [] : await prisma.job.findMany({ where: { id: { in: jobIds } }, select: { id: true, code: true, title: true, sopKey: true, owner: { select: { orgId: true } } } });
    const jobById = new Map(jobs.map((j) => [j.id, { id: j.id, code: j.code, title: j.title, sopKey: j.sopKey, ownerOrgId: j.owner.orgId }]));
    const rows = webhookRows(events, configs, (id) => jobById.get(id), options.publicUrl);
    created = (await insertOutboxRows(prisma, rows)).length;
  }
  const last = seqs.at(-1)!;
  await prisma.$executeRaw`INSERT INTO "NotificationCursor" ("name", "position", "updatedAt") VALUES (${AUDIT_WEBHOOK_CURSOR}, ${last}, now())
    ON CONFLICT ("name") DO UPDATE SET "position" = GREATEST("NotificationCursor"."position", EXCLUDED."position"), "updatedAt" = now()`;
  return { read: seqs.length, created, position: last };
}
