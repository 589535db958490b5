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
import { withJobCalendar } from '../calendars/calendar-store';

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
  const [from, target] = (await withJobCalendar(deps.prisma, job.id, [stored, to])) as [ExecutionPlan, ExecutionPlan];
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
  const done = await executeUpdateOnce(deps.client, job.workflowId, migrateUpdate, [{ plan: target, mapping: options.mapping, actor: actorOf(options.user) }], undefined);
  await deps.prisma.$transaction(async (tx) => {
    // The recording activity writes the same version when it records the move; whichever comes first. Only from the
    // version the engine moved from: a later migration already recorded is never written back over.
    await tx.job.updateMany({ where: { id: job.id, sopVersion: done.fromVersion }, data: { sopVersion: done.toVersion } });
    await appendAudit(tx, {
      type: 'job.migrated', actorId: options.user.id, actorLabel: options.user.email, jobId: job.id,
      data: { sopKey: job.sopKey, from: done.fromVersion, to: done.toVersion, mapping: options.mapping ?? null, moves: done.moves, changes: done.changes },
    });
  });
  return { ...head, fromVersion: done.fromVersion, status: 'migrated', moves: done.moves, changes: changesDto(done.changes) };
}
