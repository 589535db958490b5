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

/** A stored submission's answer (a retried activity answers the same). */
async function storedResult(tx: Prisma.TransactionClient, submissionId: string, round: number, example: (deliverable: string, name: string, version: number) => string | undefined): Promise<SubmitResult> {
  const versions = await tx.deliverableVersion.findMany({ where: { submissionId }, include: { file: true }, orderBy: { deliverableId: 'asc' } });
  return {
    submissionId,
    round,
    files: versions.map((v) => ({ deliverable: v.deliverableId, version: v.version, name: v.file.originalName, sha256: v.file.sha256, fileId: v.fileId })),
    naming: versions.map((v) => ({
      deliverable: v.deliverableId,
      passed: v.namingPassed,
      reasons: v.namingReasons as unknown[],
      ...(v.namingPassed ? {} : { example: example(v.deliverableId, v.file.originalName, v.version) }),
    })),
  };
}

/** How a submission's files are named-checked: the job's time zone and template values (read before the transaction). */
export type VerdictFor = (deliverable: string, name: string, version: number) => ReturnType<typeof namingVerdict>;

export async function submissionVerdicts(deps: ActivityDeps, input: RecordSubmissionInput): Promise<VerdictFor> {
  const job = await deps.db.prisma.job.findUnique({ where: { id: input.jobId }, include: { sop: { select: { definition: true } } } });
  if (!job) throw ApplicationFailure.nonRetryable(`job ${input.jobId} not found`, 'JobNotFound');
  const timezone = (job.sop.definition as { timezone?: string }).timezone ?? 'Asia/Shanghai';
  const date = localDate(new Date(), timezone);
  return (deliverable, name, version) =>
    namingVerdict(deliverable, input.naming[deliverable], name, { jobCode: input.jobCode, vendorName: input.vendorName, version, date });
}

/** The submission's rows and audit event, inside the caller's transaction; a stored one answers as it was. */
export async function writeSubmission(tx: Prisma.TransactionClient, input: RecordSubmissionInput, verdictFor: VerdictFor): Promise<SubmitResult> {
  const key = { jobId_nodeId_round: { jobId: input.jobId, nodeId: input.nodeId, round: input.round } };
  const existing = await tx.submission.findUnique({ where: key });
  if (existing) return storedResult(tx, existing.id, input.round, (d, name, version) => verdictFor(d, name, version).example);
  const files = await tx.storedFile.findMany({ where: { id: { in: input.files.map((f) => f.fileId) } } });
  const byId = new Map(files.map((f) => [f.id, f]));
  const missing = input.files.filter((f) => !byId.has(f.fileId)).map((f) => f.fileId);
  if (missing.length > 0) throw ApplicationFailure.nonRetryable(`uploaded file(s) not found: ${missing.join(', ')}`, 'FileNotFound');
  const submission = await tx.submission.create({
    data: {
      jobId: input.jobId, nodeId: input.nodeId, round: input.round, submittedById: input.actor.userId,
      note: input.note ?? null, checklist: input.checklist, form: (input.form ?? {}) as Prisma.InputJsonValue, idempotencyKey: input.requestId ?? null,
    },
  });
  const result: SubmitResult = { submissionId: submission.id, round: input.round, files: [], naming: [] };
  for (const { deliverable, fileId } of input.files) {
    const last = await tx.deliverableVersion.aggregate({ where: { jobId: input.jobId, deliverableId: deliverable }, _max: { version: true } });
    const version = (last._max.version ?? 0) + 1;
    const file = byId.get(fileId)!;
    const verdict = verdictFor(deliverable, file.originalName, version);
    await tx.deliverableVersion.create({
      data: { jobId: input.jobId, deliverableId: deliverable, version, fileId, submissionId: submission.id, namingPassed: verdict.passed, namingReasons: verdict.reasons as Prisma.InputJsonValue },
    });
    result.files.push({ deliverable, version, name: file.originalName, sha256: file.sha256, fileId });
    result.naming.push(verdict.passed ? { deliverable, passed: true, reasons: [] } : verdict);
  }
  await appendAudit(tx, {
    type: 'submission.created', actorId: input.actor.userId, actorLabel: input.actor.name ?? input.actor.userId, jobId: input.jobId,
    data: { nodeId: input.nodeId, round: input.round, submissionId: submission.id, files: input.files },
  });
  const byDeliverable = (x: { deliverable: string }, y: { deliverable: string }) => x.deliverable.localeCompare(y.deliverable);
  result.files.sort(byDeliverable);
  result.naming.sort(byDeliverable);
  return result;
}

export function recordSubmissionActivity(deps: ActivityDeps) {
  return async function recordSubmission(input: RecordSubmissionInput): Promise<SubmitResult> {
    const verdictFor = await submissionVerdicts(deps, input);
    return deps.db.prisma.$transaction((tx) => writeSubmission(tx, input, verdictFor));
  };
}
