/**
 * An Update's bookkeeping in one call (workflows/job-updates.ts, patch `update-one-bookkeeping-call`): the
 * submission or review row and the transition batch it causes (the step done, the next steps active, their
 * notices) written in one database transaction — both or neither. Idempotent as its parts are: a retry finds
 * the submission or review and answers it as stored, and the batch upserts the same rows.
 */
import type { RecordReviewWithBatchInput, RecordSubmissionWithBatchInput, ReviewResult, SubmitResult } from '../core/jobs/contract';
import type { ActivityDeps } from './deps';
import { batchAfterWriter } from './record-events';
import { writeReview } from './record-review';
import { submissionVerdicts, writeSubmission } from './record-submission';

export function recordUpdateActivities(deps: ActivityDeps) {
  const write = batchAfterWriter(deps);
  return {
    async recordSubmissionWithBatch({ batch, ...input }: RecordSubmissionWithBatchInput): Promise<SubmitResult> {
      const verdictFor = await submissionVerdicts(deps, input);
      return write(batch, (tx) => writeSubmission(tx, input, verdictFor));
    },
    async recordReviewWithBatch({ batch, ...input }: RecordReviewWithBatchInput): Promise<ReviewResult> {
      return write(batch, (tx) => writeReview(tx, input));
    },
  };
}
