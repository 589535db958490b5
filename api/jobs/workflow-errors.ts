/**
 * Maps a failed Update (submission, review) to an HTTP problem. The workflow's
 * validators refuse with ApplicationFailures typed by code (core/jobs/action-rules.ts);
 * failures are matched on their type name, never with instanceof.
 */
import { HttpProblem } from '../http/problem';

const STATUS_BY_CODE: Record<string, number> = {
  STEP_NOT_ACTIVE: 409,
  STEP_BUSY: 409,
  JOB_NOT_RUNNING: 409,
  STEP_WRONG_TYPE: 404,
  NOT_ASSIGNEE: 403,
  DELIVERABLE_MISSING: 422,
  DELIVERABLE_UNKNOWN: 422,
  CHECKLIST_INCOMPLETE: 422,
  FORM_INVALID: 422,
  REASON_UNKNOWN: 422,
  REASON_REQUIRED: 422,
  DECISION_INVALID: 422,
  RESTART_NODE_INVALID: 422,
  REPORTS_NOT_ASKED: 404,
  REPORT_PERIOD_CLOSED: 409,
  REPORT_ALREADY_FILED: 409,
};

/** A refusal of the engine's rules (core/jobs/action-rules.ts), by code, as an HTTP problem. */
export function problemFromRefusal(code: string, message: string): HttpProblem {
  const status = STATUS_BY_CODE[code] ?? 422;
  const title = status === 409 ? 'Conflict' : status === 403 ? 'Forbidden' : status === 404 ? 'Not found' : 'Unprocessable content';
  return new HttpProblem(status, code.toLowerCase().replace(/_/g, '-'), title, message);
}

/** The workflow ended in Temporal (its row may not have caught up yet). */
export function workflowGone(error: unknown): boolean {
  const e = error as { name?: string; message?: string };
  return e?.name === 'WorkflowNotFoundError' || /already completed|workflow execution.*(completed|not found)/i.test(e?.message ?? '');
}

export function problemFromUpdateError(error: unknown): HttpProblem {
  const e = error as { name?: string; message?: string; cause?: { type?: string; message?: string; name?: string } };
  if (e?.name === 'WorkflowUpdateFailedError' && e.cause) return problemFromRefusal(e.cause.type ?? 'UPDATE_FAILED', e.cause.message ?? e.message ?? '');
  if (workflowGone(error)) {
    return new HttpProblem(409, 'job-not-running', 'Conflict', 'The job has ended; nothing can be submitted to it.');
  }
  if (error instanceof HttpProblem) return error;
  return new HttpProblem(503, 'engine-unavailable', 'Service unavailable', 'The workflow engine did not answer; try again.');
}
