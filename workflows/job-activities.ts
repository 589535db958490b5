/** The activity proxies a job workflow calls through (activities/create-activities.ts implements them). */
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
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
export const checks = proxyActivities<JobActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 5 },
});
