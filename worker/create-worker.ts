import { NativeConnection, Worker } from '@temporalio/worker';
import { checksTaskQueue } from '../core/jobs/checks-task-queue';
import type { BackupActivities } from '../core/backup/contract';
import type { JobActivities } from '../core/jobs/contract';
import { workerInterceptors, workerSinks } from '../platform/observability/temporal-interceptors';
import type { MonthlyReportActivities } from '../core/reports/monthly-contract';
import type { RiskActivities } from '../core/risk/contract';
import type { CalendarRetimeActivities } from '../core/jobs/calendar-retime-contract';
import { DEFAULT_LOCAL_ACTIVITY_SLOTS, DEFAULT_WORKFLOW_TASK_POLLS, DEFAULT_WORKFLOW_TASK_SLOTS } from '../platform/config';
import { workerWorkflowBundle } from './workflow-bundle';

export { WORKFLOWS_PATH, workflowBundle } from './workflow-bundle';

export interface JobWorkerOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  /** The job workflow's activities, and the scheduled backup's, monthly report's and delay-risk passes' where this worker runs them. */
  activities: JobActivities & Partial<CalendarRetimeActivities> & Partial<BackupActivities> & Partial<MonthlyReportActivities> & Partial<RiskActivities>;
  /** Identity shown in Temporal's UI; defaults to the SDK's host@pid. */
  identity?: string;
  /** Open workflows kept in memory (see AppConfig.maxCachedWorkflows); SDK default when omitted. */
  maxCachedWorkflows?: number;
  /** Workflow tasks and local activities run at once (see AppConfig.workflowTaskSlots); the product's defaults when omitted. */
  workflowTaskSlots?: number;
  localActivitySlots?: number;
  /** Workflow task polls kept open (see AppConfig.workflowTaskPolls); the product's default when omitted. */
  workflowTaskPolls?: number;
  /** How long a shutdown waits for activities in progress before cancelling them (default 20 s). */
  shutdownGraceTimeMs?: number;
}

/** Check activities one worker runs at once on the checks' queue (OCR itself is bounded by its pool, one per core). */
export const CHECK_SLOTS = 16;

/** A job worker: the job queue's worker and the checks' queue's (check activities only). */
export interface JobWorkers {
  worker: Worker;
  checksWorker: Worker;
  connection: NativeConnection;
  /** Runs both until both have stopped (a failure of one shuts the other down). */
  run(): Promise<void>;
  /** Asks both to stop (what `run` resolves after). */
  shutdown(): void;
}

/** Default of JobWorkerOptions.shutdownGraceTimeMs: below the supervisor's 30 s before it kills a worker. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 20_000;

/** The SDK's slot options: the product's defaults, workflow tasks capped at the cache size (the SDK refuses more). */
export function slotOptions(options: Pick<JobWorkerOptions, 'workflowTaskSlots' | 'localActivitySlots' | 'workflowTaskPolls' | 'maxCachedWorkflows'>) {
  const workflowTasks = Math.max(2, Math.min(options.workflowTaskSlots ?? DEFAULT_WORKFLOW_TASK_SLOTS, options.maxCachedWorkflows ?? Infinity));
  return {
    maxConcurrentWorkflowTaskExecutions: workflowTasks,
    maxConcurrentLocalActivityExecutions: options.localActivitySlots ?? DEFAULT_LOCAL_ACTIVITY_SLOTS,
    // No more polls than slots (the SDK's rule); at least 2, one for the sticky and one for the shared queue.
    maxConcurrentWorkflowTaskPolls: Math.max(2, Math.min(options.workflowTaskPolls ?? DEFAULT_WORKFLOW_TASK_POLLS, workflowTasks)),
  };
}

/**
 * A worker that runs job workflows and their activities on `taskQueue`, and the check
 * activities on the checks' own queue (core/jobs/checks-task-queue.ts) with slots of their
 * own. Its workflow code is the prebuilt bundle of WORKFLOW_BUNDLE_DIR when set (refused with
 * WORKFLOW_BUNDLE_MISSING / WORKFLOW_BUNDLE_STALE before connecting), else bundled now.
 */
export async function createJobWorker(options: JobWorkerOptions): Promise<JobWorkers> {
  const workflowBundle = await workerWorkflowBundle();
  const connection = await NativeConnection.connect({ address: options.address });
  const worker = await Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle,
    activities: options.activities,
    interceptors: workerInterceptors(),
    sinks: workerSinks(),
    shutdownGraceTime: options.shutdownGraceTimeMs ?? DEFAULT_SHUTDOWN_GRACE_MS,
    ...(options.identity ? { identity: options.identity } : {}),
    ...(options.maxCachedWorkflows ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
    ...slotOptions(options),
  });
  const checksWorker = await Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: checksTaskQueue(options.taskQueue),
    activities: { runCheck: options.activities.runCheck },
    interceptors: workerInterceptors(),
    maxConcurrentActivityTaskExecutions: CHECK_SLOTS,
    shutdownGraceTime: options.shutdownGraceTimeMs ?? DEFAULT_SHUTDOWN_GRACE_MS,
    ...(options.identity ? { identity: options.identity } : {}),
  });
  const shutdown = () => {
    for (const w of [worker, checksWorker]) if (w.getState() === 'RUNNING') w.shutdown();
  };
  const run = async () => {
    const runs = [worker.run(), checksWorker.run()];
    try {
      await Promise.race(runs);
    } finally {
      shutdown();
      await Promise.allSettled(runs);
    }
    await Promise.all(runs);
  };
  return { worker, checksWorker, connection, run, shutdown };
}
