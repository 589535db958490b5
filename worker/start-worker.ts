import { DefaultLogger, Runtime as TemporalRuntime } from '@temporalio/worker';
import { createActivities } from '../activities/create-activities';
import { sharedOcrPool } from '../checks/ocr-pool';
import type { Runtime } from '../platform/runtime/open-runtime';
import { createDispatcher } from '../platform/notifications/dispatcher';
import { loadNotificationSettings } from '../platform/notifications/notification-settings';
import { scheduleFileGc } from '../platform/storage/file-gc';
import { createJobWorker } from './create-worker';

let loggerInstalled = false;

/** Starts a job worker on the runtime's task queue and the notification dispatcher; resolves to a stop function. */
export async function startJobWorker(runtime: Runtime, log: (line: string) => void): Promise<() => Promise<void>> {
  if (!loggerInstalled) {
    TemporalRuntime.install({ logger: new DefaultLogger('WARN') });
    loggerInstalled = true;
  }
  const activities = createActivities({ db: runtime.db, storage: runtime.storage, ocrPool: () => sharedOcrPool(), publicUrl: runtime.config.publicUrl });
  const { worker, connection } = await createJobWorker({
    address: runtime.temporalAddress,
    namespace: runtime.config.temporalNamespace,
    taskQueue: runtime.config.taskQueue,
    activities,
    maxCachedWorkflows: runtime.config.maxCachedWorkflows,
  });
  const running = worker.run();
  log(`[worker] polling task queue "${runtime.config.taskQueue}" on ${runtime.temporalAddress}`);
  // The dispatcher also LISTENs, so rows other processes write are sent at once, not at the next poll.
  const dispatcher = createDispatcher({ db: runtime.db, publicUrl: runtime.config.publicUrl, listenUrl: runtime.db.url, log, ...loadNotificationSettings() });
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
