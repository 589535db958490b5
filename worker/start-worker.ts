import { DefaultLogger, Runtime as TemporalRuntime, type LogEntry } from '@temporalio/worker';
import type { Logger } from '../platform/observability/logger';
import { createActivities } from '../activities/create-activities';
import { OCR_POOL_DEFAULTS, sharedOcrPool } from '../checks/ocr-pool';
import type { Runtime } from '../platform/runtime/open-runtime';
import { createDispatcher } from '../platform/notifications/dispatcher';
import { loadNotificationSettings } from '../platform/notifications/notification-settings';
import { scheduleFileGc } from '../platform/storage/file-gc';
import { loadAllowedHosts } from '../platform/notifications/outbound/address-rules';
import { runBackupActivity } from '../activities/run-backup';
import { buildMonthlyReportActivity } from '../activities/build-monthly-report';
import { syncBackupSchedule } from './backup-schedule';
import { syncMonthlyReportSchedules } from '../platform/schedules/monthly-report-schedule';
import { riskActivities } from '../activities/risk';
import { riskScheduleSettingsFromEnv, syncRiskSchedules } from './risk-schedules';
import { createJobWorker } from './create-worker';

let loggerInstalled = false;

export interface JobWorkerObservability {
  /** Temporal's own log lines (SDK, workflows, activities) go here, at the logger's level. */
  logger?: Logger;
  /** Loopback port for the Temporal SDK's Prometheus exporter (its metrics are appended to the worker's /metrics). */
  temporalMetricsPort?: number;
}

/** Routes a Temporal log entry into pino, keeping the SDK's attributes (workflow and activity ids, request id). */
function temporalLogFunction(logger: Logger) {
  const levels = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;
  return (entry: LogEntry) => logger[levels[entry.level]]({ temporal: true, ...entry.meta }, entry.message);
}

function temporalLevelOf(logger: Logger): 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' {
  const map: Record<string, 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR'> = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO', warn: 'WARN' };
  return map[logger.level] ?? 'ERROR';
}

/** Starts a job worker on the runtime's task queue and the notification dispatcher; resolves to a stop function. */
export async function startJobWorker(runtime: Runtime, log: (line: string) => void, observability: JobWorkerObservability = {}): Promise<() => Promise<void>> {
  if (!loggerInstalled) {
    const { logger, temporalMetricsPort } = observability;
    TemporalRuntime.install({
      logger: logger ? new DefaultLogger(temporalLevelOf(logger), temporalLogFunction(logger)) : new DefaultLogger('WARN'),
      ...(temporalMetricsPort ? { telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${temporalMetricsPort}`, useSecondsForDurations: true } } } } : {}),
    });
    loggerInstalled = true;
  }
  const { config } = runtime;
  const activityDeps = { db: runtime.db, storage: runtime.storage, ocrPool: () => sharedOcrPool(), publicUrl: config.publicUrl };
  const activities = {
    ...createActivities(activityDeps),
    buildMonthlyReport: buildMonthlyReportActivity(activityDeps, log),
    runBackup: runBackupActivity({ databaseUrl: runtime.db.url, storage: runtime.storage, root: config.backup.dir, keep: config.backup.keep, log }),
    ...riskActivities({ db: runtime.db, publicUrl: config.publicUrl }),
  };
  const workers = await createJobWorker({
    address: runtime.temporalAddress,
    namespace: runtime.config.temporalNamespace,
    taskQueue: runtime.config.taskQueue,
    activities,
    maxCachedWorkflows: runtime.config.maxCachedWorkflows,
    workflowTaskSlots: runtime.config.workflowTaskSlots,
    localActivitySlots: runtime.config.localActivitySlots,
    workflowTaskPolls: runtime.config.workflowTaskPolls,
  });
  const { connection } = workers;
  const running = workers.run();
  log(`[worker] polling task queues "${runtime.config.taskQueue}" and "${workers.checksWorker.options.taskQueue}" (checks) on ${runtime.temporalAddress}`);
  // OCR models load now, not in the first vendor's check (seconds for chi_sim); a check arriving meanwhile waits for a warm slot.
  const warmStarted = Date.now();
  sharedOcrPool().warm().then(
    () => log(`[worker] OCR workers warm (${sharedOcrPool().size}, ${OCR_POOL_DEFAULTS.defaultLanguages.join('+')}) in ${Date.now() - warmStarted} ms`),
    (error: Error) => log(`[worker] could not warm the OCR workers (checks start them when they need them): ${error.message}`),
  );
  const { cron, timezone } = config.backup;
  try {
    const change = await syncBackupSchedule(runtime.client, { cron, timezone, taskQueue: config.taskQueue });
    if (change !== 'absent') log(`[worker] nightly backup schedule ${change}${cron ? `: "${cron}" (${timezone}) into ${config.backup.dir}, keeping ${config.backup.keep}` : ''}`);
  } catch (error) {
    // Jobs matter more than the schedule: keep working, say so loudly; the next worker start tries again.
    log(`[worker] could not set up the nightly backup schedule: ${(error as Error).message}`);
  }
  try {
    const changes = Object.entries(await syncMonthlyReportSchedules(runtime.client, runtime.db.prisma, { taskQueue: config.taskQueue })).filter(([, change]) => change !== 'unchanged');
    if (changes.length > 0) log(`[worker] monthly report schedules: ${changes.map(([org, change]) => `${org} ${change}`).join(', ')} (1st of the month, 09:00 in each organisation's zone)`);
  } catch (error) {
    log(`[worker] could not set up the monthly report schedules: ${(error as Error).message}`);
  }
  try {
    const change = await syncRiskSchedules(runtime.client, { ...riskScheduleSettingsFromEnv(process.env), timezone, taskQueue: config.taskQueue });
    if (change.retrain !== 'unchanged' || change.score !== 'unchanged') log(`[worker] delay-risk schedules: retraining ${change.retrain}, scoring ${change.score}`);
  } catch (error) {
    log(`[worker] could not set up the delay-risk schedules: ${(error as Error).message}`);
  }
  // The dispatcher also LISTENs, so rows other processes write are sent at once, not at the next poll.
  const dispatcher = createDispatcher({ db: runtime.db, publicUrl: runtime.config.publicUrl, listenUrl: runtime.db.url, log, ...loadNotificationSettings(), allowedHosts: loadAllowedHosts() });
  dispatcher.start();
  const { fileGc } = runtime.config;
  const stopFileGc = fileGc.enabled
    ? scheduleFileGc({ prisma: runtime.db.prisma, storage: runtime.storage, graceMs: fileGc.graceMs, intervalMs: fileGc.intervalMs, log, lockUrl: runtime.db.url })
    : async () => undefined;
  return async () => {
    await stopFileGc();
    await dispatcher.stop();
    workers.shutdown();
    await running;
    await connection.close();
    await sharedOcrPool().terminate();
  };
}
