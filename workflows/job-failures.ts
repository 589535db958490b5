/** How a job workflow refuses an Update: non-retryable application failures the caller sees with a code. */
import { ApplicationFailure } from '@temporalio/workflow';
import type { ActionRefusal } from '../core/jobs/action-rules';

export function refusal(r: Pick<ActionRefusal, 'message'> & { code: string }): ApplicationFailure {
  return ApplicationFailure.create({ message: r.message, type: r.code, nonRetryable: true });
}

/** Turns a failed activity inside an update into a failure the caller sees (not a workflow-task failure). */
export function asUpdateFailure(error: unknown): ApplicationFailure {
  if (error instanceof ApplicationFailure) return error;
  const cause = (error as { cause?: { message?: string; type?: string } }).cause;
  const message = cause?.message ?? (error as Error).message ?? 'update failed';
  return ApplicationFailure.create({ message, type: cause?.type ?? 'UpdateFailed', nonRetryable: true });
}

/** A refused migration as one failure: the first refusal's code, every refusal's message. */
export function migrationRefusal(r: { code: string; message: string } | { refusals: Array<{ code: string; message: string }> }): { code: string; message: string } {
  if ('code' in r) return r;
  return { code: r.refusals[0]!.code, message: r.refusals.map((x) => x.message).join(' ') };
}
