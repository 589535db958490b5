import { DefaultLogger, Runtime as TemporalRuntime } from '@temporalio/worker';
import { createActivities } from '../activities/create-activities';
import { sharedOcrPool } from '../checks/ocr-pool';
import type { Runtime } from '../platform/runtime/open-runtime';
import { createDispatcher } from '../platform/notifications/dispatcher';
import { loadNotificationSettings } from '../platform/notifications/notification-settings';
import { scheduleFileGc } from '../platform/storage/file-gc';
import { loadAllowedHosts } from '../platform/notifications/outbound/address-rules';
import { runBackupActivity } from '../activities/run-backup';
import { syncBackupSchedule } from './backup-schedule';
import { riskActivities } from '../activities/risk';
import { riskScheduleSettingsFromEnv, syncRiskSchedules } from './risk-schedules';
import { createJobWorker } from './create-worker';

let loggerInstalled = false;

/** Starts a job worker on the runtime's task queue and the notification dispatcher; resolves to a stop function. */
export async function startJobWorker(runtime: Runtime, log: (line: string) => void): Promise<() => Promise<void>> {
  if (!loggerInstalled) {
    TemporalRuntime.install({ logger: new DefaultLogger('WARN') });
    loggerInstalled = true;
  }
  const { config } = runtime;
  const activities = {
    ...createActivities({ db: runtime.db, storage: runtime.storage, ocrPool: () => sharedOcrPool(), publicUrl: config.publicUrl }),
    runBackup: runBackupActivity({ databaseUrl: runtime.db.url, storage: runtime.storage, root: config.backup.dir, keep: config.backup.keep, log }),
    ...riskActivities({ db: runtime.db, publicUrl: config.publicUrl }),
  };
  const { worker, connection } = await createJobWorker({
    address: runtime.temporalAddress,
    namespace: runtime.config.temporalNamespace,
    taskQueue: runtime.config.taskQueue,
    activities,
    maxCachedWorkflows: runtime.config.maxCachedWorkflows,
  });
  const running = worker.run();
  log(`[worker] polling task queue "${runtime.config.taskQueue}" on ${runtime.temporalAddress}`);
  const { cron, timezone } = config.backup;
  try {
    const change = await syncBackupSchedule(runtime.client, { cron, timezone, taskQueue: config.taskQueue });
    if (change !== 'absent') log(`[worker] nightly backup schedule ${change}${cron ? `: "${cron}" (${timezone}) into ${config.backup.dir}, keeping ${config.backup.keep}` : ''}`);
  } catch (error) {
    // Jobs matter more than the schedule: keep working, say so loudly; the next worker start tries again.
    log(`[worker] could not set up the nightly backup schedule: ${(error as Error).message}`);
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
    ? scheduleFileGc({ prisma: runtime.db.prisma, storage: runtime.storage, graceMs: fileGc.graceMs, intervalMs: fileGc.intervalMs, log })
    : async () => undefined;
  return async () => {
    await stopFileGc();
    await dispatcher.stop();
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    await connection.close();
    await sharedOcrPool().terminate();
  };
}
