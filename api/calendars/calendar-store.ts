/**
 * Shared organisation calendars (README "Calendars"): stored versions, and
 * the hand-off of a new version to the running jobs that use it.
 *
 * A new version is written in a transaction that locks the calendar row and
 * moves the running jobs on it to that version (`Job.calendarVersion`); a job
 * start takes the same row `FOR SHARE` while it reads the latest version
 * (resolveJobCalendar), so a job row is either created on the new version or
 * moved to it. The jobs get the `calendarChanged` signal from a Temporal
 * workflow (workflows/calendar-retime-workflow.ts, durable once started) that
 * pages through them. A job whose workflow did not exist yet when its page was
 * signalled is caught up by whoever started it ({@link catchUpCalendar}).
 */
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { calendarInZone, compileCalendar } from '../../core/time/business-calendar';
import { nextWorkingMoment } from '../../core/time/business-duration';
import { isUsableTimeZone } from '../../core/sop/value-rules';
import type { BusinessCalendarSpec } from '../../core/sop/types';
import type { ExecutionPlan } from '../../core/sop/compile';
import { appendAudit, type AuditTx } from '../../platform/audit/audit-log';
import type { Prisma, PrismaClient } from '../../platform/db/prisma-types';
import type { AuthUser } from '../auth/auth-user';
import { HttpProblem, conflict, unprocessable } from '../http/problem';
import { CALENDAR_RETIME_WORKFLOW_TYPE, type CalendarRetimeInput } from '../../workflows/calendar-retime-workflow';
import { calendarChangedSignal } from '../../workflows/definitions';

export const calendarNotFound = (key: string) => new HttpProblem(404, 'calendar-not-found', 'Not found', `Calendar "${key}" was not found.`);

/** 409 `calendar-version-stale`: the change was made on `basedOn`, and a later version has been stored since. */
export const calendarVersionStale = (key: string, basedOn: number, latest: number) =>
  conflict('calendar-version-stale', `Calendar "${key}" is at version ${latest}; this change was made on version ${basedOn}. Reload the calendar and make the change again.`);

export interface CalendarVersionDto {
  version: number;
  spec: BusinessCalendarSpec;
  timezone: string;
  note: string | null;
  createdById: string;
  createdAt: string;
}

interface VersionRow {
  version: number;
  spec: unknown;
  timezone: string;
  note: string | null;
  createdById: string;
  createdAt: Date;
}

export const versionDto = (v: VersionRow): CalendarVersionDto => ({
  version: v.version, spec: v.spec as BusinessCalendarSpec, timezone: v.timezone, note: v.note, createdById: v.createdById, createdAt: v.createdAt.toISOString(),
});

/**
 * The spec as stored: the fields of a BusinessCalendarSpec only, dates sorted and unique.
 * @throws 422 `calendar-invalid` naming the rule (core/time/business-calendar.ts) or the unknown zone.
 */
/** Most holidays, and most make-up working days, one calendar version lists. */
export const MAX_CALENDAR_DATES = 2000;

export function checkCalendar(spec: BusinessCalendarSpec, timezone: string, now = Date.now()): BusinessCalendarSpec {
  try {
    compileCalendar(spec);
  } catch (error) {
    throw unprocessable('calendar-invalid', `The calendar is invalid: ${(error as Error).message}.`, [{ path: 'body/spec', message: (error as Error).message }]);
  }
  if (!isUsableTimeZone(timezone)) throw unprocessable('calendar-invalid', `"${timezone}" is not an IANA time zone (e.g. Asia/Shanghai).`, [{ path: 'body/timezone', message: 'unknown time zone' }]);
  const dates = (list?: string[]) => [...new Set(list ?? [])].sort();
  const checked = { workdays: [...spec.workdays], hours: [spec.hours[0], spec.hours[1]] as [string, string], holidays: dates(spec.holidays), workdaysExtra: dates(spec.workdaysExtra) };
  for (const [field, list] of [['holidays', checked.holidays], ['workdaysExtra', checked.workdaysExtra]] as const) {
    if (list.length > MAX_CALENDAR_DATES) throw unprocessable('calendar-too-large', `The calendar lists ${list.length} ${field}; at most ${MAX_CALENDAR_DATES} (remove past years).`, [{ path: `body/spec/${field}`, message: `more than ${MAX_CALENDAR_DATES} dates` }]);
  }
  // Business deadlines need working time ahead: a calendar without any in the coming year would stop every job on it.
  let next: number | undefined;
  try {
    next = nextWorkingMoment(now, checked, timezone);
  } catch {
    next = undefined;
  }
  if (next === undefined || next - now > 366 * 86_400_000) {
    throw unprocessable('calendar-invalid', 'The calendar has no working time in the coming year: business deadlines on it could never fall due.', [{ path: 'body/spec', message: 'no working time in the coming year' }]);
  }
  return checked;
}

/** The latest version of a calendar, or undefined. */
export async function latestVersion(db: PrismaClient | AuditTx, key: string): Promise<VersionRow | undefined> {
  return (await db.calendarVersion.findFirst({ where: { calendarKey: key }, orderBy: { version: 'desc' } })) ?? undefined;
}

export interface NewVersion {
  spec: BusinessCalendarSpec;
  timezone: string;
  note?: string | null;
  /** The version the change was derived from: stored only while that is still the latest (else 409 `calendar-version-stale`). */
  basedOn?: number;
}

/**
 * Stores the next version of `key` (audited `calendar.version_created`) and
 * moves the running jobs on it to that version; answers the version and how
 * many jobs moved (the answer's `jobsRetimed`; the
 * re-timing workflow reads the jobs itself, {@link retimeRunningJobs}).
 * @throws 404 `calendar-not-found`; 409 `calendar-version-stale` when `change.basedOn` is no longer the latest version.
 */
export async function addVersion(prisma: PrismaClient, key: string, change: NewVersion, user: AuthUser): Promise<{ version: VersionRow; jobsMoved: number }> {
  return prisma.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<Array<{ key: string }>>`SELECT "key" FROM "Calendar" WHERE "key" = ${key} FOR UPDATE`;
    if (locked.length === 0) throw calendarNotFound(key);
    const latest = await latestVersion(tx, key);
    // Checked under the row lock: two editors of the same version cannot both store (the second would drop the first's edit).
    if (change.basedOn !== undefined && change.basedOn !== (latest?.version ?? 0)) throw calendarVersionStale(key, change.basedOn, latest?.version ?? 0);
    const version = await tx.calendarVersion.create({
      data: { calendarKey: key, version: (latest?.version ?? 0) + 1, spec: change.spec as unknown as Prisma.InputJsonValue, timezone: change.timezone, note: change.note ?? null, createdById: user.id },
    });
    // Counted, not returned: the re-timing workflow pages through the jobs itself, so the answer stays small with 100,000 jobs.
    const jobsMoved = await tx.$executeRaw`
      UPDATE "Job" SET "calendarVersion" = ${version.version}
      WHERE "calendarKey" = ${key} AND "status" IN ('running', 'stuck')`;
    await appendAudit(tx, { type: 'calendar.version_created', actorId: user.id, actorLabel: user.email, data: { key, version: version.version, note: version.note, jobs: jobsMoved } });
    return { version, jobsMoved };
  });
}

/**
 * Starts the delivery of `version` to the running jobs on `key` (one workflow per version: a second start of
 * the same version is a no-op). The input is the key and the version only; the workflow pages through the jobs.
 * Started even when no job was moved by the version's transaction: a job moved to this calendar by a migration
 * that raced with it is listed by the workflow's pages.
 */
export async function retimeRunningJobs(prisma: PrismaClient, client: Client, taskQueue: string, key: string, version: Pick<VersionRow, 'version'>): Promise<void> {
  const input: CalendarRetimeInput = { key, version: version.version };
  try {
    // REJECT_DUPLICATE: a version is delivered once, even when its start is asked for again after the first run closed.
    await client.workflow.start(CALENDAR_RETIME_WORKFLOW_TYPE, {
      taskQueue, workflowId: `calendar-retime-${key}-v${version.version}`, workflowIdReusePolicy: 'REJECT_DUPLICATE', args: [input],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  // Marked once started: the delivery sweep (delivery-sweep.ts) starts only versions left unmarked.
  await prisma.calendarVersion.updateMany({ where: { calendarKey: key, version: version.version, deliveryStartedAt: null }, data: { deliveryStartedAt: new Date() } });
}

/**
 * Stores a version and starts its delivery. When `basedOn` is stale (409), the latest version's delivery is
 * started before the refusal goes out: a request whose version was stored but whose delivery failed to start
 * (a 500 from a Temporal outage) is usually retried with the same `basedOn`, and that retry now delivers it
 * instead of leaving the running jobs on the old version until the next one.
 */
export async function storeAndDeliverVersion(
  prisma: PrismaClient, client: Client, taskQueue: string, key: string, change: NewVersion, user: AuthUser,
): Promise<{ version: VersionRow; jobsMoved: number }> {
  let stored: { version: VersionRow; jobsMoved: number };
  try {
    stored = await addVersion(prisma, key, change, user);
  } catch (error) {
    if (error instanceof HttpProblem && error.code === 'calendar-version-stale') {
      const latest = await latestVersion(prisma, key);
      if (latest) await retimeRunningJobs(prisma, client, taskQueue, key, latest);
    }
    throw error;
  }
  await retimeRunningJobs(prisma, client, taskQueue, key, stored.version);
  return stored;
}

/**
 * A job's workflow now runs on `version` of `key` (just started, or just migrated to that calendar): when a later
 * version was stored meanwhile, the job is moved to it (`Job.calendarVersion`) and signalled here; answers that
 * version, or undefined when `version` is still the latest.
 *
 * Why here and not only in the re-timing workflow: the version was read before the workflow existed (the calendar's
 * lock is released before the start), and a signal cannot reach a workflow that does not exist yet, so a page that
 * listed the job in that window signalled nothing. Read *after* the workflow exists, every later version is
 * delivered once at least: one stored before this read is signalled here; one stored after it is listed by its own
 * re-timing workflow, which starts after the version is stored and finds the job's workflow running. A job ignores
 * a version it already applied, so both arriving changes nothing.
 */
export async function catchUpCalendar(prisma: PrismaClient, client: Client, job: { id: string; workflowId: string }, key: string, version: number): Promise<number | undefined> {
  const latest = await latestVersion(prisma, key);
  if (!latest || latest.version <= version) return undefined;
  await prisma.job.updateMany({ where: { id: job.id, calendarKey: key, calendarVersion: { lt: latest.version } }, data: { calendarVersion: latest.version } });
  try {
    await client.workflow.getHandle(job.workflowId).signal(calendarChangedSignal, { key, version: latest.version });
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error; // a job that ended has nothing to re-time
  }
  return latest.version;
}

/**
 * The calendar a job starts on when its SOP names a shared one: the latest
 * version, read under the calendar row's share lock (see the module comment).
 * Call inside the transaction that creates the Job row.
 * @throws 422 `calendar-not-found` when the calendar has no version.
 */
export async function resolveJobCalendar(tx: AuditTx, key: string): Promise<{ key: string; version: number; spec: BusinessCalendarSpec }> {
  await tx.$queryRaw`SELECT "key" FROM "Calendar" WHERE "key" = ${key} FOR SHARE`;
  const latest = await latestVersion(tx, key);
  if (!latest) throw unprocessable('calendar-not-found', `The SOP names calendar "${key}", which does not exist.`, [{ path: 'body/sop', message: `calendar "${key}" not found` }]);
  return { key, version: latest.version, spec: calendarInZone(latest.spec as BusinessCalendarSpec, latest.timezone) };
}

/**
 * `plans` with the job's shared calendar filled in where they name it (`calendarRef`): a stored
 * plan holds only the reference, the workflow runs on the spec (job start, a SOP version migration).
 */
export async function withJobCalendar(prisma: PrismaClient, jobId: string, plans: ExecutionPlan[]): Promise<ExecutionPlan[]> {
  const job = await prisma.job.findUnique({ where: { id: jobId }, select: { calendarKey: true, calendarVersion: true } });
  if (!job?.calendarKey || job.calendarVersion === null) return plans;
  const version = await prisma.calendarVersion.findUnique({ where: { calendarKey_version: { calendarKey: job.calendarKey, version: job.calendarVersion } } });
  if (!version) return plans;
  return plans.map((p) => (p.calendarRef === job.calendarKey ? { ...p, calendar: calendarInZone(version.spec as unknown as BusinessCalendarSpec, version.timezone) } : p));
}
