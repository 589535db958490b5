/**
 * The delivery sweep: a calendar version whose delivery to the running jobs
 * never started — the API crashed, or Temporal was down, between storing the
 * version and starting its `calendarRetimeWorkflow`, and nobody retried the
 * edit — is started here. Each API process sweeps once a minute; a version is
 * left alone for its first minute (the request that stored it is starting it),
 * and two processes sweeping at once start it once (one workflow id per
 * version, REJECT_DUPLICATE). Only a calendar's latest version needs it: a
 * job applies the newest version it is told of, and later versions supersede
 * earlier ones whole.
 */
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../platform/db/prisma-types';
import { retimeRunningJobs } from './calendar-store';

/** How long a stored version is left to the request that stored it. */
export const DELIVERY_GRACE_MS = 60_000;

/**
 * Starts the deliveries left unstarted; answers the `key@version`s started and those that failed (each is tried
 * on its own: one that cannot start does not hold back the others). The grace is measured on the database's
 * clock, the one that wrote `createdAt`.
 */
export async function sweepCalendarDeliveries(
  prisma: PrismaClient, client: Client, taskQueue: string, graceMs = DELIVERY_GRACE_MS,
): Promise<{ started: string[]; failed: Array<{ version: string; error: string }> }> {
  const pending = await prisma.$queryRaw<Array<{ key: string; version: number }>>`
    SELECT v."calendarKey" AS key, v."version" AS version
      FROM "CalendarVersion" v
     WHERE v."deliveryStartedAt" IS NULL AND v."version" > 1 AND v."createdAt" <= now() - make_interval(secs => ${graceMs / 1000}::double precision)
       AND v."version" = (SELECT MAX(l."version") FROM "CalendarVersion" l WHERE l."calendarKey" = v."calendarKey")
     ORDER BY v."calendarKey"
     LIMIT 100`;
  const started: string[] = [];
  const failed: Array<{ version: string; error: string }> = [];
  for (const { key, version } of pending) {
    const name = `${key}@${Number(version)}`;
    try {
      await retimeRunningJobs(prisma, client, taskQueue, key, { version: Number(version) });
      started.push(name);
    } catch (error) {
      failed.push({ version: name, error: (error as Error).message });
    }
  }
  return { started, failed };
}

/** Sweeps every `intervalMs` until stopped; a failed sweep (Temporal or the database down) is logged and tried again next time. */
export function startDeliverySweep(prisma: PrismaClient, client: Client, taskQueue: string, log: (line: string) => void, intervalMs = 60_000): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweepCalendarDeliveries(prisma, client, taskQueue)
      .then(({ started, failed }) => {
        if (started.length > 0) log(`[api] calendar versions delivered by the sweep: ${started.join(', ')}`);
        for (const f of failed) log(`[api] calendar delivery sweep failed for ${f.version} (next try in ${Math.round(intervalMs / 1000)} s): ${f.error}`);
      })
      .catch((error: Error) => log(`[api] calendar delivery sweep failed (next try in ${Math.round(intervalMs / 1000)} s): ${error.message}`))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
