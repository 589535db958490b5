import type { RecordReviewInput, ReviewResult } from '../core/jobs/contract';
import { appendAudit, type AuditTx } from '../platform/audit/audit-log';
import type { ActivityDeps } from './deps';

/** A review decision's row and audit event, inside the caller's transaction; idempotent on (job, step, round). */
export async function writeReview(tx: AuditTx, input: RecordReviewInput): Promise<ReviewResult> {
  const key = { jobId_nodeId_round: { jobId: input.jobId, nodeId: input.nodeId, round: input.round } };
  const existing = await tx.review.findUnique({ where: key });
  if (existing) return { reviewId: existing.id, round: existing.round, decision: existing.decision };
  const review = await tx.review.create({
    data: { jobId: input.jobId, nodeId: input.nodeId, round: input.round, reviewerId: input.actor.userId, decision: input.decision, reasons: input.reasons, comment: input.comment ?? null },
  });
  await appendAudit(tx, {
    type: `review.${input.decision}`, actorId: input.actor.userId, actorLabel: input.actor.name ?? input.actor.userId, jobId: input.jobId,
    data: { nodeId: input.nodeId, round: input.round, reasons: input.reasons, reviewId: review.id },
  });
  return { reviewId: review.id, round: review.round, decision: review.decision };
}

/** Saves a review decision; idempotent on (job, step, round). */
export function recordReviewActivity(deps: ActivityDeps) {
  return async function recordReview(input: RecordReviewInput): Promise<ReviewResult> {
    return deps.db.prisma.$transaction((tx) => writeReview(tx, input));
  };
}
