/**
 * Saves an accepted submission: one Submission row per (job, step, round) and
 * the next version of each deliverable, with the naming verdict. Idempotent:
 * a retry finds the row and answers the same result.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { RecordSubmissionInput, SubmitResult } from '../core/jobs/contract';
import { appendAudit } from '../platform/audit/audit-log';
import type { Prisma } from '../platform/db/prisma-types';
import type { ActivityDeps } from './deps';
import { localDate, namingVerdict } from './naming-verdict';

async function resultOf(tx: Prisma.TransactionClient, submissionId: string, round: number): Promise<SubmitResult> {
  const versions = await tx.deliverableVersion.findMany({ where: { submissionId }, include: { file: true }, orderBy: { deliverableId: 'asc' } });
  return {
    submissionId,
    round,
    files: versions.map((v) => ({ deliverable: v.deliverableId, version: v.version, name: v.file.originalName, sha256: v.file.sha256, fileId: v.fileId })),
    naming: versions.map((v) => ({ deliverable: v.deliverableId, passed: v.namingPassed, reasons: v.namingReasons as unknown[] })),
  };
}

export function recordSubmissionActivity(deps: ActivityDeps) {
  return async function recordSubmission(input: RecordSubmissionInput): Promise<SubmitResult> {
    const prisma = deps.db.prisma;
    const job = await prisma.job.findUnique({ where: { id: input.jobId }, include: { sop: { select: { definition: true } } } });
    if (!job) throw ApplicationFailure.nonRetryable(`job ${input.jobId} not found`, 'JobNotFound');
    const timezone = (job.sop.definition as { timezone?: string }).timezone ?? 'Asia/Shanghai';
    return prisma.$transaction(async (tx) => {
      const key = { jobId_nodeId_round: { jobId: input.jobId, nodeId: input.nodeId, round: input.round } };
      const existing = await tx.submission.findUnique({ where: key });
      if (existing) return resultOf(tx, existing.id, input.round);
      const files = await tx.storedFile.findMany({ where: { id: { in: input.files.map((f) => f.fileId) } } });
      const byId = new Map(files.map((f) => [f.id, f]));
      const missing = input.files.filter((f) => !byId.has(f.fileId)).map((f) => f.fileId);
      if (missing.length > 0) throw ApplicationFailure.nonRetryable(`uploaded file(s) not found: ${missing.join(', ')}`, 'FileNotFound');
      const submission = await tx.submission.create({
        data: {
          jobId: input.jobId, nodeId: input.nodeId, round: input.round, submittedById: input.actor.userId,
          note: input.note ?? null, checklist: input.checklist, idempotencyKey: input.requestId ?? null,
        },
      });
      const date = localDate(new Date(), timezone);
      for (const { deliverable, fileId } of input.files) {
        const last = await tx.deliverableVersion.aggregate({ where: { jobId: input.jobId, deliverableId: deliverable }, _max: { version: true } });
        const version = (last._max.version ?? 0) + 1;
        const file = byId.get(fileId)!;
        const verdict = namingVerdict(deliverable, input.naming[deliverable], file.originalName, { jobCode: input.jobCode, vendorName: input.vendorName, version, date });
        await tx.deliverableVersion.create({
          data: { jobId: input.jobId, deliverableId: deliverable, version, fileId, submissionId: submission.id, namingPassed: verdict.passed, namingReasons: verdict.reasons as Prisma.InputJsonValue },
        });
      }
      await appendAudit(tx, {
        type: 'submission.created', actorId: input.actor.userId, actorLabel: input.actor.name ?? input.actor.userId, jobId: input.jobId,
        data: { nodeId: input.nodeId, round: input.round, submissionId: submission.id, files: input.files },
      });
      const result = await resultOf(tx, submission.id, input.round);
      // Examples are worked out again for the answer (they are not stored).
      result.naming = result.naming.map((n) => {
        const f = result.files.find((x) => x.deliverable === n.deliverable)!;
        return n.passed ? n : namingVerdict(n.deliverable, input.naming[n.deliverable], f.name, { jobCode: input.jobCode, vendorName: input.vendorName, version: f.version, date });
      });
      return result;
    });
  };
}
