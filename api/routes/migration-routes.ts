/**
 * Moving running jobs to another published version of their SOP:
 * `POST /api/jobs/:id/migrate` for one job, `POST /api/sops/:key/migrations`
 * for the running jobs of one version. `dryRun: true` answers the plan (what
 * each active step continues on, deadline/check/assignee changes, or the
 * refusals) and moves nothing; without it (default false) the plan is carried
 * out. See api/jobs/migrate-job.ts and core/sop/migration-plan.ts.
 */
import type { AppDeps } from '../deps';
import { isVendorUser } from '../auth/auth-user';
import { HttpProblem, conflict, forbidden, notFound, unprocessable } from '../http/problem';
import { jobOf, userOf, type RouteDef } from '../http/route';
import { ref } from '../http/response-schemas';
import { planCacheFor } from '../sops/plan-cache';
import { migrateJob, type MigrateDeps, type MigratingJob, type MigrationOutcome } from '../jobs/migrate-job';
import { INT4_MAX } from '../http/input-rules';

/** Jobs one bulk request considers at most (each is a query and an Update). */
export const BULK_MIGRATION_LIMIT = 200;

const version = { type: 'integer', minimum: 1, maximum: INT4_MAX } as const;
const mapping = {
  type: 'object', maxProperties: 200, additionalProperties: { type: 'string', minLength: 1, maxLength: 64 },
  description: 'Old step id → step id of the new version, for steps renamed or replaced (default: the same id)',
} as const;
const dryRun = { type: 'boolean', description: 'Answer the plan and move nothing (default false)' } as const;

export function migrationRoutes(deps: AppDeps): RouteDef[] {
  const prisma = deps.db.prisma;
  const plans = planCacheFor(prisma);
  const migrate: MigrateDeps = { prisma, client: deps.temporal.client, plans };

  async function targetPlan(sopKey: string, toVersion: number) {
    const found = await plans.get(sopKey, toVersion);
    if (!found) throw notFound(`Version ${toVersion} of SOP "${sopKey}"`);
    return found.plan;
  }

  return [
    {
      method: 'post', path: '/api/jobs/:id/migrate', operationId: 'migrateJob',
      summary: 'Move a running job to another published version of its SOP (or, with dryRun, show what would move)', tag: 'jobs',
      access: { roles: ['owner', 'admin'] }, jobScoped: true,
      body: {
        type: 'object', required: ['version'], additionalProperties: false,
        properties: { version, mapping, dryRun },
      },
      responses: {
        200: { description: 'The plan (`planned`, dry run) or the move done (`migrated`)', schema: ref('JobMigration') },
        404: { description: 'No such version of the job\'s SOP' },
        409: { description: 'The job is not running (`job-not-running`)' },
        422: { description: 'The job cannot continue safely on that version: `migrate-same-version`, `migrate-node-missing`, `migrate-type-changed`, `migrate-join-changed`, `migrate-deliverable-removed`, `migrate-mapping-unknown`, `migrate-mapping-collision`, `migrate-step-busy`, `migrate-reports-changed` (every refusal in `errors`)' },
      },
      async handler(req) {
        const user = userOf(req);
        if (isVendorUser(user)) throw forbidden('Users of a vendor organisation cannot migrate jobs.');
        const job = jobOf(req);
        const body = req.body as { version: number; mapping?: Record<string, string>; dryRun?: boolean };
        if (job.status !== 'running' && job.status !== 'stuck') throw conflict('job-not-running', `The job is ${job.status}; it can no longer move to another version.`);
        const to = await targetPlan(job.sopKey, body.version);
        const outcome = await migrateJob(migrate, job, to, { mapping: body.mapping, dryRun: body.dryRun ?? false, user });
        if (outcome.status === 'refused') throw refusedProblem(outcome);
        return outcome;
      },
    },
    {
      method: 'post', path: '/api/sops/:key/migrations', operationId: 'migrateSopJobs',
      summary: `Move the running jobs of one version of an SOP (all, or those listed; at most ${BULK_MIGRATION_LIMIT} per request) to another version, with a result per job`, tag: 'sops',
      access: { roles: ['owner', 'admin'] },
      body: {
        type: 'object', required: ['fromVersion', 'toVersion'], additionalProperties: false,
        properties: {
          fromVersion: version, toVersion: version, mapping, dryRun,
          jobIds: { type: 'array', minItems: 1, maxItems: BULK_MIGRATION_LIMIT, uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 64 }, description: 'Only these jobs (default: every running job of `fromVersion`)' },
        },
      },
      responses: {
        200: { description: '{ fromVersion, toVersion, dryRun, results, more }: one result per job (planned, migrated or refused); `more` when jobs beyond the limit remain', schema: ref('SopMigration') },
        404: { description: 'Unknown SOP or version' },
        422: { description: '`migrate-same-version`' },
      },
      async handler(req) {
        const user = userOf(req);
        if (isVendorUser(user)) throw forbidden('Users of a vendor organisation cannot migrate jobs.');
        const key = String(req.params.key);
        const body = req.body as { fromVersion: number; toVersion: number; jobIds?: string[]; mapping?: Record<string, string>; dryRun?: boolean };
        if (!(await plans.get(key, body.fromVersion))) throw notFound(`Version ${body.fromVersion} of SOP "${key}"`);
        const to = await targetPlan(key, body.toVersion);
        if (body.fromVersion === body.toVersion) throw unprocessable('migrate-same-version', `The jobs already run version ${body.toVersion}.`);
        const dry = body.dryRun ?? false;
        const jobs: MigratingJob[] = await prisma.job.findMany({
          where: { sopKey: key, sopVersion: body.fromVersion, status: { in: ['running', 'stuck'] }, ...(body.jobIds ? { id: { in: body.jobIds } } : {}) },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          take: BULK_MIGRATION_LIMIT + 1,
          select: { id: true, code: true, workflowId: true, sopKey: true, sopVersion: true },
        });
        const more = jobs.length > BULK_MIGRATION_LIMIT;
        const results: MigrationOutcome[] = [];
        for (const job of jobs.slice(0, BULK_MIGRATION_LIMIT)) {
          try {
            results.push(await migrateJob(migrate, job, to, { mapping: body.mapping, dryRun: dry, user }));
          } catch (error) {
            // One job's engine refusal or end does not stop the others.
            if (!(error instanceof HttpProblem)) throw error;
            results.push({ jobId: job.id, jobCode: job.code, status: 'refused', fromVersion: job.sopVersion, toVersion: body.toVersion, refusals: [{ code: error.code.toUpperCase().replace(/-/g, '_'), message: error.detail ?? error.title }] });
          }
        }
        const found = new Set(jobs.map((j) => j.id));
        for (const id of body.jobIds ?? []) {
          if (!found.has(id)) {
            results.push({ jobId: id, jobCode: null, status: 'refused', fromVersion: body.fromVersion, toVersion: body.toVersion, refusals: [{ code: 'MIGRATE_JOB_NOT_ELIGIBLE', message: `Job "${id}" is not a running job of version ${body.fromVersion} of "${key}".` }] });
          }
        }
        return { fromVersion: body.fromVersion, toVersion: body.toVersion, dryRun: dry, results, more };
      },
    },
  ];
}

/** A refused plan as a 422 problem: the first refusal's code, every refusal in `errors`. */
function refusedProblem(outcome: MigrationOutcome): HttpProblem {
  const refusals = outcome.refusals ?? [];
  const first = refusals[0]!;
  if (first.code === 'JOB_NOT_RUNNING') return conflict('job-not-running', first.message);
  return unprocessable(
    first.code.toLowerCase().replace(/_/g, '-'),
    refusals.map((r) => r.message).join(' '),
    refusals.map((r) => ({ path: r.nodeId ? `job/steps/${r.nodeId}` : r.deliverable ? `job/deliverables/${r.deliverable}` : 'body/version', message: r.message, code: r.code })),
  );
}
