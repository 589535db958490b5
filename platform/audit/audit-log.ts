/**
 * The tamper-evident audit trail: every event's hash covers its content and
 * the previous event's hash, so editing or deleting any row breaks the chain
 * from there on. Appends are serialised by a transaction-scoped advisory lock.
 */
import { createHash } from 'node:crypto';
import type { Prisma, PrismaClient } from '../db/prisma-types';
import { canonicalJson } from './canonical-json';

export const GENESIS_HASH = '0'.repeat(64);
const AUDIT_LOCK_KEY = 727073;

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
  await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})::text AS locked`);
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
