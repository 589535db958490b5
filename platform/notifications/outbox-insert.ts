/**
 * Inserts outbox rows (Notification) in one statement, idempotently:
 * `INSERT … ON CONFLICT ("idempotencyKey") DO NOTHING RETURNING` the rows that
 * are new. The rows travel as one JSON parameter (`jsonb_to_recordset`)
 * rather than through Prisma's `createMany`, whose per-field argument
 * handling cost more than the database's own work for a group of a few
 * hundred rendered rows.
 */
import { randomUUID } from 'node:crypto';
import type { AuditTx } from '../audit/audit-log';
import type { Prisma, PrismaClient } from '../db/prisma-types';
import { LIVE_CHANNEL } from '../live/live-signal';

let counter = 0;

/** A collision-resistant row id shaped like Prisma's cuid: `c`, time, a counter and 48 random bits (25 characters). */
export function newRowId(): string {
  counter = (counter + 1) % 1_679_616;
  const time = Date.now().toString(36).padStart(8, '0').slice(-8);
  return `c${time}${counter.toString(36).padStart(4, '0')}${randomUUID().slice(-12)}`;
}

export interface InsertedRow {
  id: string;
  idempotencyKey: string;
  status: 'pending' | 'sent' | 'failed';
}

/** Inserts the rows whose idempotency key is new; returns those (the others already existed). */
export async function insertOutboxRows(tx: AuditTx | PrismaClient, rows: readonly Prisma.NotificationCreateManyInput[]): Promise<InsertedRow[]> {
  if (rows.length === 0) return [];
  const values = rows.map((r) => ({
    id: r.id ?? newRowId(),
    idempotencyKey: r.idempotencyKey,
    userId: r.userId ?? null,
    channel: r.channel,
    kind: r.kind,
    jobId: r.jobId ?? null,
    nodeId: r.nodeId ?? null,
    round: r.round ?? null,
    level: r.level ?? null,
    payload: r.payload ?? {},
    status: r.status ?? 'pending',
    attempts: r.attempts ?? 0,
    sentAt: r.sentAt ?? null,
    nextAttemptAt: r.nextAttemptAt ?? null,
    configId: r.configId ?? null,
  }));
  return tx.$queryRawUnsafe<InsertedRow[]>(
    `INSERT INTO "Notification" ("id", "idempotencyKey", "userId", "channel", "kind", "jobId", "nodeId", "round", "level", "payload", "status", "attempts", "sentAt", "nextAttemptAt", "configId")
     SELECT v."id", v."idempotencyKey", v."userId", v."channel"::"NotificationChannel", v."kind", v."jobId", v."nodeId", v."round", v."level", v."payload",
       v."status"::"NotificationStatus", v."attempts", v."sentAt", COALESCE(v."nextAttemptAt", CURRENT_TIMESTAMP), v."configId"
     FROM jsonb_to_recordset($1::jsonb) AS v("id" text, "idempotencyKey" text, "userId" text, "channel" text, "kind" text, "jobId" text, "nodeId" text,
       "round" int, "level" int, "payload" jsonb, "status" text, "attempts" int, "sentAt" timestamptz, "nextAttemptAt" timestamptz, "configId" text)
     ON CONFLICT ("idempotencyKey") DO NOTHING
     RETURNING "id", "idempotencyKey", "status"::text AS "status",
       -- a new inbox notice wakes its reader's live stream at commit (platform/live/live-signal.ts)
       CASE WHEN "channel" = 'inbox' AND "userId" IS NOT NULL THEN pg_notify('${LIVE_CHANNEL}', 'i:' || "userId")::text END AS "signalled"`,
    JSON.stringify(values),
  );
}
