/**
 * The tamper-evident audit trail: every event's hash covers its content and
 * the previous event's hash, so editing or deleting any row breaks the chain
 * from there on. Appends are serialised by a transaction-scoped advisory lock.
 * `appendAuditBatch` appends many events under one acquisition of the lock:
 * the same chain, one event after the other, in one lock, one head read and
 * one insert instead of three statements per event.
 */
import { createHash } from 'node:crypto';
import type { Prisma, PrismaClient } from '../db/prisma-types';
import { canonicalJson } from './canonical-json';
import { AUDIT_SIGNAL_SQL } from '../live/live-signal';

export const GENESIS_HASH = '0'.repeat(64);
const AUDIT_LOCK_KEY = 727073;
/**
 * Takes the append lock and, in the same statement, queues the live-stream
 * signal (platform/live/live-signal.ts; delivered at commit, so listeners read
 * only committed rows). Sequence numbers are drawn under this lock, held to
 * commit: `seq` order is commit order, so a reader of `seq > last` misses nothing.
 */
const LOCK_AND_SIGNAL = `SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})::text AS locked, ${AUDIT_SIGNAL_SQL} AS signalled`;

export type AuditTx = Prisma.TransactionClient;

export interface AuditEntry {
  type: string;
  actorId?: string | null;
  /** Who acted, readable: an e-mail, `system`, `workflow`. */
  actorLabel: string;
  jobId?: string | null;
  data?: Record<string, unknown>;
  at?: Date;
}

interface HashedFields {
  at: Date;
  actorId: string | null;
  actorLabel: string;
  type: string;
  jobId: string | null;
  data: unknown;
  prevHash: string;
}

export function auditHash(fields: HashedFields): string {
  const content = canonicalJson({
    at: fields.at.toISOString(),
    actorId: fields.actorId,
    actorLabel: fields.actorLabel,
    type: fields.type,
    jobId: fields.jobId,
    data: fields.data,
  });
  return createHash('sha256').update(fields.prevHash).update('\n').update(content).digest('hex');
}

/** Appends one event inside the caller's transaction (so it commits with the change it records). */
export async function appendAudit(tx: AuditTx, entry: AuditEntry): Promise<void> {
  await tx.$queryRawUnsafe(LOCK_AND_SIGNAL);
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: 'desc' }, select: { hash: true } });
  const fields: HashedFields = {
    at: entry.at ?? new Date(),
    actorId: entry.actorId ?? null,
    actorLabel: entry.actorLabel,
    type: entry.type,
    jobId: entry.jobId ?? null,
    data: JSON.parse(JSON.stringify(entry.data ?? {})) as unknown,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  await tx.auditEvent.create({
    data: { ...fields, data: fields.data as Prisma.InputJsonValue, hash: auditHash(fields) },
  });
}

/** An appended event: what the audit relay and the webhook rows need of it. */
export interface AppendedAudit {
  seq: number;
  type: string;
  jobId: string | null;
  at: Date;
  data: unknown;
}

/**
 * Appends `entries` in order inside the caller's transaction, chained exactly
 * as that many `appendAudit` calls would chain them, holding the lock once.
 * Sequence numbers are drawn in order and assigned explicitly, so `seq` order
 * is the chain order however the insert is executed. Returns the appended
 * events in the order given.
 */
export async function appendAuditBatch(tx: AuditTx, entries: readonly AuditEntry[]): Promise<AppendedAudit[]> {
  if (entries.length === 0) return [];
  await tx.$queryRawUnsafe(LOCK_AND_SIGNAL);
  // A statement of its own after the lock: its snapshot sees every append committed before the lock was granted.
  const [head] = await tx.$queryRawUnsafe<Array<{ hash: string | null; seqs: number[] }>>(
    `SELECT (SELECT "hash" FROM "AuditEvent" ORDER BY "seq" DESC LIMIT 1) AS "hash",
       ARRAY(SELECT nextval(pg_get_serial_sequence('"AuditEvent"', 'seq'))::int FROM generate_series(1, $1::int) ORDER BY 1) AS "seqs"`,
    entries.length,
  );
  const seqs = (head!.seqs as Array<number | string>).map(Number).sort((a, b) => a - b);
  let prevHash = head!.hash ?? GENESIS_HASH;
  const now = new Date();
  const rows: Array<Omit<HashedFields, 'at'> & { seq: number; at: string; hash: string }> = [];
  const appended: AppendedAudit[] = [];
  entries.forEach((entry, i) => {
    const fields: HashedFields = {
      at: entry.at ?? now,
      actorId: entry.actorId ?? null,
      actorLabel: entry.actorLabel,
      type: entry.type,
      jobId: entry.jobId ?? null,
      data: JSON.parse(JSON.stringify(entry.data ?? {})) as unknown,
      prevHash,
    };
    const hash = auditHash(fields);
    const seq = seqs[i]!;
    rows.push({ ...fields, seq, at: fields.at.toISOString(), hash });
    appended.push({ seq, type: fields.type, jobId: fields.jobId, at: fields.at, data: fields.data });
    prevHash = hash;
  });
  await tx.$executeRawUnsafe(
    `INSERT INTO "AuditEvent" ("seq", "at", "actorId", "actorLabel", "type", "jobId", "data", "prevHash", "hash")
     SELECT r."seq", r."at", r."actorId", r."actorLabel", r."type", r."jobId", r."data", r."prevHash", r."hash"
     FROM jsonb_to_recordset($1::jsonb) AS r("seq" int, "at" timestamptz, "actorId" text, "actorLabel" text, "type" text, "jobId" text, "data" jsonb, "prevHash" text, "hash" text)`,
    JSON.stringify(rows),
  );
  return appended;
}

/** Appends one event in a transaction of its own. */
export async function audit(prisma: PrismaClient, entry: AuditEntry): Promise<void> {
  await prisma.$transaction((tx) => appendAudit(tx, entry));
}

export interface AuditVerification {
  valid: boolean;
  checked: number;
  /** The newest hash: publish or store it elsewhere to detect removal of the newest rows too. */
  headHash: string;
  firstInvalid?: { seq: number; reason: 'hash-mismatch' | 'chain-broken' };
}

/** Recomputes the whole chain, oldest first, in pages. */
export async function verifyAuditChain(prisma: PrismaClient, pageSize = 1000): Promise<AuditVerification> {
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let after = 0;
  for (;;) {
    const rows = await prisma.auditEvent.findMany({ where: { seq: { gt: after } }, orderBy: { seq: 'asc' }, take: pageSize });
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.prevHash !== prevHash) return { valid: false, checked, headHash: prevHash, firstInvalid: { seq: row.seq, reason: 'chain-broken' } };
      const expected = auditHash({ ...row, data: row.data });
      if (expected !== row.hash) return { valid: false, checked, headHash: prevHash, firstInvalid: { seq: row.seq, reason: 'hash-mismatch' } };
      prevHash = row.hash;
      checked += 1;
      after = row.seq;
    }
  }
  return { valid: true, checked, headHash: prevHash };
}
