/**
 * Moving one running job to another published version of its SOP: the plan
 * from the job's live state (core/jobs/migration-rules.ts, the rule the
 * workflow's `migrate` Update validator applies again), then — unless a dry
 * run — the Update, the job row's version and the `job.migrated` audit event.
 */
import type { Client } from '@temporalio/client';
import type { JobState } from '../../core/jobs/contract';
import { planJobMigration } from '../../core/jobs/migration-rules';
import type { ExecutionPlan } from '../../core/sop/compile';
import type { MigrationChanges, MigrationMove, MigrationRefusal } from '../../core/sop/migration-plan';
import { appendAudit } from '../../platform/audit/audit-log';
import type { PrismaClient } from '../../platform/db/prisma-types';
import { migrateUpdate, stateQuery } from '../../workflows/definitions';
import type { AuthUser } from '../auth/auth-user';
import type { PlanCache } from '../sops/plan-cache';
import { executeUpdateOnce } from './execute-update';
import { problemFromUpdateError } from './workflow-errors';
import { actorOf } from '../routes/job-routes';
import { catchUpCalendar, latestVersion, withJobCalendar } from '../calendars/calendar-store';
import type { BusinessCalendarSpec } from '../../core/sop/types';
import { calendarInZone } from '../../core/time/business-calendar';
import { unprocessable } from '../http/problem';

export interface MigratingJob {
  id: string;
  code: string;
  workflowId: string;
  sopKey: string;
  sopVersion: number;
}

const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

/** One job's answer: what would move (`planned`), what moved (`migrated`), or why not (`refused`). */
export interface MigrationOutcome {
  jobId: string;
  /** Null for a listed id that is no running job of the version. */
  jobCode: string | null;
  status: 'planned' | 'migrated' | 'refused';
  fromVersion: number;
  toVersion: number;
  moves?: MigrationMove[];
  changes?: { deadlines: Array<{ nodeId: string; kind: string; from: string | null; to: string | null }>; checks: MigrationChanges['checks']; assignees: MigrationChanges['assignees'] };
  /** MigrationRefusal codes, JOB_NOT_RUNNING, or (bulk) the engine's refusal and MIGRATE_JOB_NOT_ELIGIBLE. */
  refusals?: Array<Omit<MigrationRefusal, 'code'> & { code: string }>;
}

export interface MigrateDeps {
  prisma: PrismaClient;
  client: Client;
  plans: PlanCache;
}

function changesDto(changes: MigrationChanges): NonNullable<MigrationOutcome['changes']> {
  return { deadlines: changes.deadlines.map((d) => ({ ...d, from: iso(d.from), to: iso(d.to) })), checks: changes.checks, assignees: changes.assignees };
}

/**
 * Plans (and, unless `dryRun`, performs) the move of `job` to `to`. A job that
 * ended, or whose engine does not answer, throws the HTTP problem the Update
 * would; refusals of the plan come back as a `refused` outcome.
 */
export async function migrateJob(
  deps: MigrateDeps,
  job: MigratingJob,
  to: ExecutionPlan,
  options: { mapping?: Record<string, string>; dryRun: boolean; user: AuthUser },
): Promise<MigrationOutcome> {
  const head = { jobId: job.id, jobCode: job.code, fromVersion: job.sopVersion, toVersion: to.sopVersion };
  const stored = (await deps.plans.get(job.sopKey, job.sopVersion))!.plan;
  // A job on a shared calendar runs on its spec; the stored plans hold only the reference.
  const [from] = (await withJobCalendar(deps.prisma, job.id, [stored])) as [ExecutionPlan];
  const { plan: target, calendar } = await targetCalendar(deps.prisma, job.id, to);
  let state: JobState;
  try {
    state = await deps.client.workflow.getHandle(job.workflowId).query(stateQuery);
  } catch (error) {
    throw problemFromUpdateError(error);
  }
  const planned = planJobMigration(state, from, target, options.mapping);
  if (!planned.ok) {
    const refusals = 'code' in planned ? [{ code: planned.code, message: planned.message }] : planned.refusals;
    return { ...head, status: 'refused', refusals };
  }
  if (options.dryRun) return { ...head, status: 'planned', moves: planned.moves, changes: changesDto(planned.changes) };
  const update = { plan: target, mapping: options.mapping, actor: actorOf(options.user), ...(calendar.key !== null ? { calendarVersion: calendar.version! } : {}) };
  const done = await executeUpdateOnce(deps.client, job.workflowId, migrateUpdate, [update], undefined);
  await deps.prisma.$transaction(async (tx) => {
    // The recording activity writes the same version when it records the move; whichever comes first. Only from the
    // version the engine moved from: a later migration already recorded is never written back over.
    await tx.job.updateMany({ where: { id: job.id, sopVersion: done.fromVersion }, data: { sopVersion: done.toVersion } });
    // The calendar the job runs on now: the new version's shared one (re-timing workflows list the job from here on), or none.
    if (calendar.changed) await tx.job.update({ where: { id: job.id }, data: { calendarKey: calendar.key, calendarVersion: calendar.version } });
    await appendAudit(tx, {
      type: 'job.migrated', actorId: options.user.id, actorLabel: options.user.email, jobId: job.id,
      data: {
        sopKey: job.sopKey, from: done.fromVersion, to: done.toVersion, mapping: options.mapping ?? null, moves: done.moves, changes: done.changes,
        ...(calendar.changed ? { calendar: { key: calendar.key, version: calendar.version } } : {}),
      },
    });
  });
  // A version of the calendar stored since it was read above: listed the job before it was on it (another calendar), or
  // was applied by the job before this move set the version it was read with (the same calendar). Either way, send it again.
  if (calendar.key !== null) await catchUpCalendar(deps.prisma, deps.client, { id: job.id, workflowId: job.workflowId }, calendar.key, calendar.version!);
  return { ...head, fromVersion: done.fromVersion, status: 'migrated', moves: done.moves, changes: changesDto(done.changes) };
}

/**
 * The plan `to` with the calendar the job runs on after the move: the same shared calendar keeps the job's version
 * (re-timing moves it on); another shared one starts on its latest version; an inline calendar, or none, is the
 * plan's own. `changed`: the job's shared calendar (key) differs from the one it has.
 */
async function targetCalendar(
  prisma: PrismaClient,
  jobId: string,
  to: ExecutionPlan,
): Promise<{ plan: ExecutionPlan; calendar: { key: string | null; version: number | null; changed: boolean } }> {
  const job = await prisma.job.findUniqueOrThrow({ where: { id: jobId }, select: { calendarKey: true, calendarVersion: true } });
  const key = to.calendarRef ?? null;
  const changed = key !== job.calendarKey;
  if (key === null) return { plan: to, calendar: { key: null, version: null, changed } };
  if (!changed && job.calendarVersion !== null) {
    const [plan] = (await withJobCalendar(prisma, jobId, [to])) as [ExecutionPlan];
    return { plan, calendar: { key, version: job.calendarVersion, changed } };
  }
  const latest = await latestVersion(prisma, key);
  if (!latest) throw unprocessable('calendar-not-found', `Version ${to.sopVersion} names calendar "${key}", which does not exist.`, [{ path: 'body/version', message: `calendar "${key}" not found` }]);
  return { plan: { ...to, calendar: calendarInZone(latest.spec as BusinessCalendarSpec, latest.timezone) }, calendar: { key, version: latest.version, changed } };
}
