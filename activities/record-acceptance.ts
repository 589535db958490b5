import type { AcceptResult, RecordAcceptanceInput } from '../core/jobs/contract';
import { appendAudit } from '../platform/audit/audit-log';
import type { ActivityDeps } from './deps';

/** Saves the answer at an accept step (接单) and audits it as `acceptance.accepted` / `acceptance.declined`; idempotent on (job, step, round). */
export function recordAcceptanceActivity(deps: ActivityDeps) {
  return async function recordAcceptance(input: RecordAcceptanceInput): Promise<AcceptResult> {
    return deps.db.prisma.$transaction(async (tx) => {
      const key = { jobId_nodeId_round: { jobId: input.jobId, nodeId: input.nodeId, round: input.round } };
      const existing = await tx.acceptance.findUnique({ where: key });
      const answer = (row: { id: string; round: number; decision: 'accepted' | 'declined'; reason: string | null }): AcceptResult => ({
        acceptanceId: row.id, round: row.round, decision: row.decision, ...(row.reason ? { reason: row.reason } : {}),
      });
      if (existing) return answer(existing);
      const row = await tx.acceptance.create({
        data: { jobId: input.jobId, nodeId: input.nodeId, round: input.round, actorId: input.actor.userId, decision: input.decision, reason: input.reason ?? null, note: input.note ?? null },
      });
      await appendAudit(tx, {
        type: `acceptance.${input.decision}`, actorId: input.actor.userId, actorLabel: input.actor.name ?? input.actor.userId, jobId: input.jobId,
        data: { nodeId: input.nodeId, round: input.round, reason: input.reason ?? null, acceptanceId: row.id },
      });
      return answer(row);
    });
  };
}
