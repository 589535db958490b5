/** The activity proxies a job workflow calls through (activities/create-activities.ts implements them). */
import { patched, proxyActivities, proxyLocalActivities, workflowInfo, type ActivityOptions } from '@temporalio/workflow';
import { checksTaskQueue } from '../core/jobs/checks-task-queue';
import type { JobActivities } from '../core/jobs/contract';

/**
 * Bookkeeping activities (events, notices, submissions, reviews) are short
 * idempotent database writes: run as *local* activities, inside the workflow
 * task that asks for them. That saves a server round trip and two history
 * events per call, which is most of the engine's cost over a bare workflow
 * (bench/engine.bench.ts, docs/BENCHMARKS.md). Retried until the database
 * answers; past `localRetryThreshold` the SDK waits between attempts on a
 * durable timer instead of keeping the workflow task open.
 */
export const bookkeeping = proxyLocalActivities<JobActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
  localRetryThreshold: '10 seconds',
});

/** Check activities decode images and run OCR: long, heartbeating, bounded retries. */
const CHECK_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 5 },
};

/** Checks on the job's own task queue: what histories recorded before `checks-own-task-queue` replay. */
export const checks = proxyActivities<JobActivities>(CHECK_OPTIONS);

/** Patch: check activities go to the checks' own task queue (core/jobs/checks-task-queue.ts). */
export const CHECKS_OWN_TASK_QUEUE = 'checks-own-task-queue';

/** The proxy a check step schedules its checks with (call once per step, before scheduling). */
export function checkActivities(): typeof checks {
  if (!patched(CHECKS_OWN_TASK_QUEUE)) return checks;
  return proxyActivities<JobActivities>({ ...CHECK_OPTIONS, taskQueue: checksTaskQueue(workflowInfo().taskQueue) });
}
