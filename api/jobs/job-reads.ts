/**
 * The hot reads of jobs — one job in scope (with its steps when asked) and the
 * filtered job list — each as ONE SQL statement on the driver (`db.query`),
 * not a chain of Prisma queries: organisation names and steps come back in the
 * same round trip as JSON built by PostgreSQL. Every call that decides what a
 * user may see still goes through the scope rule below (vendor users: only
 * their organisation's jobs).
 *
 * Statements are fixed text; request values only ever travel as parameters.
 */
import type { Database } from '../../platform/db/database';
import type { Job } from '../../platform/db/prisma-types';
import { fieldRolesOf, readsAllFields, readsUndeclaredLegacyFields } from '../access/field-visibility';
import { isVendorUser, type AuthUser } from '../auth/auth-user';
import { likeLiteral } from './job-search';

/** A job row with its vendor organisation's id and name. */
export type ScopedJob = Job & { vendorOrg: { id: string; name: string } };

/**
 * The stored delay risk of an active step run (StepRisk, from the latest scoring pass) with the
 * threshold of the current risk model (null: the model has none) — read for staff only.
 */
export interface StepRiskRow {
  probability: number; atRisk: boolean; factors: unknown; scoredAt: string; threshold: number | null;
}

/** A step run as the job page reads it; `risk` only in a staff read, and only on a scored active step. */
export interface StepRow {
  nodeId: string; type: string; status: string; round: number; activatedAt: Date; dueAt: Date | null;
  completedAt: Date | null; outcome: string | null; assigneeRole: string | null; assigneeUserId: string | null;
  risk?: StepRiskRow | null;
}

/** An active step as the job list shows it (`dueAt` already an ISO string). */
export interface ActiveStepRow {
  nodeId: string; type: string; round: number; dueAt: string | null; assigneeRole: string | null;
}

const JOB_COLUMNS = `j.id, j.code, j.title, j."sopKey", j."sopVersion", j."vendorOrgId", j."ownerId", j."workflowId",
  j.status::text AS status, j.assignees, j.fields, j."createdAt", j."updatedAt", j."completedAt",
  json_build_object('id', o.id, 'name', o.name) AS "vendorOrg"`;

/** ISO-8601 in UTC with milliseconds, exactly as `Date.prototype.toISOString` writes it. */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * An active step's risk row and the current model's threshold (api/jobs/step-risks.ts), in the
 * job's own statement: the threshold subquery is uncorrelated (evaluated once per statement).
 */
const STEP_RISK = `, 'risk', (SELECT json_build_object('probability', r.probability, 'atRisk', r."atRisk", 'factors', r.factors,
      'scoredAt', ${iso('r."scoredAt"')},
      'threshold', (SELECT (m.model->>'threshold')::float8 FROM "RiskModel" m ORDER BY m."trainedAt" DESC, m.id DESC LIMIT 1))
    FROM "StepRisk" r WHERE r."stepRunId" = s.id AND s.status = 'active')`;

const stepsJson = (withRisk: boolean) => `COALESCE((SELECT json_agg(json_build_object(
    'nodeId', s."nodeId", 'type', s.type, 'status', s.status, 'round', s.round,
    'activatedAt', ${iso('s."activatedAt"')}, 'dueAt', ${iso('s."dueAt"')}, 'completedAt', ${iso('s."completedAt"')},
    'outcome', s.outcome, 'assigneeRole', s."assigneeRole", 'assigneeUserId', s."assigneeUserId"${withRisk ? STEP_RISK : ''})
    ORDER BY s."activatedAt", s."nodeId", s.round)
  FROM "StepRun" s WHERE s."jobId" = j.id), '[]'::json) AS steps`;
const STEPS = stepsJson(false);
/** Staff's steps: each with `risk` (null unless scored and active). Vendors never read risks. */
const STEPS_WITH_RISK = stepsJson(true);

/**
 * The job's fields the caller may read, as jsonb — the rule of
 * core/sop/job-fields.ts `projectJobFields` in SQL: for a version that declares
 * `fields`, keys that are declared and either `$1` (the caller reads every
 * declared field) or declared visible to one of the caller's roles `$2`; for a
 * version without declarations, everything if `$3` (legacy readers), else nothing;
 * a stored value that is not an object reads as `{}` (as in Node).
 */
const VISIBLE_FIELDS = `CASE WHEN jsonb_typeof(j.fields) IS DISTINCT FROM 'object' THEN '{}'::jsonb
  WHEN jsonb_typeof(sv.definition->'fields') = 'array' THEN
    (SELECT COALESCE(jsonb_object_agg(f.key, f.value), '{}'::jsonb) FROM jsonb_each(j.fields) f
      WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(sv.definition->'fields') d
                     WHERE d->>'id' = f.key
                       AND ($1::boolean OR (jsonb_typeof(d->'visibleTo') = 'array' AND (d->'visibleTo') ?| $2::text[]))))
  WHEN $3::boolean THEN j.fields ELSE '{}'::jsonb END`;

/**
 * One job of the list rendered by PostgreSQL as the JSON of `jobSummaryDto`
 * (job-dto.ts; the api-job-reads suite pins that both agree), fields projected
 * by VISIBLE_FIELDS.
 */
const LIST_SUMMARY = `json_build_object(
    'id', j.id, 'code', j.code, 'title', j.title, 'status', j.status, 'workflowId', j."workflowId",
    'sop', json_build_object('key', j."sopKey", 'version', j."sopVersion"),
    'vendorOrg', json_build_object('id', o.id, 'name', o.name),
    'ownerId', j."ownerId", 'assignees', j.assignees,
    'createdAt', ${iso('j."createdAt"')}, 'completedAt', ${iso('j."completedAt"')},
    'fields', ${VISIBLE_FIELDS})::text AS summary`;

const ACTIVE_STEPS = `(SELECT json_agg(json_build_object(
    'nodeId', s."nodeId", 'type', s.type, 'round', s.round, 'dueAt', ${iso('s."dueAt"')}, 'assigneeRole', s."assigneeRole")
    ORDER BY s."activatedAt", s."nodeId")
  FROM "StepRun" s WHERE s."jobId" = j.id AND s.status = 'active') AS "activeSteps"`;

/**
 * Ids of jobs with `$n` (an ILIKE pattern) in their code or title, their vendor
 * organisation's name, their SOP's name or key, or the original name of a
 * submitted or reference file. Each branch can use its trigram index (pg_trgm,
 * migration job_search_trgm), which serves substring matches in any script:
 * PostgreSQL's text-search parsers do not split Chinese into words.
 */
const searchMatches = (p: string) => `SELECT js.id FROM "Job" js WHERE js.code ILIKE ${p} OR js.title ILIKE ${p}
    UNION SELECT jv.id FROM "Job" jv JOIN "Org" ov ON ov.id = jv."vendorOrgId" WHERE ov.name ILIKE ${p}
    UNION SELECT jp.id FROM "Job" jp JOIN "Sop" sp ON sp.key = jp."sopKey" WHERE sp.name ILIKE ${p} OR sp.key ILIKE ${p}
    UNION SELECT dv."jobId" FROM "DeliverableVersion" dv JOIN "StoredFile" fd ON fd.id = dv."fileId" WHERE fd."originalName" ILIKE ${p}
    UNION SELECT jr."jobId" FROM "JobReference" jr JOIN "StoredFile" fr ON fr.id = jr."fileId" WHERE fr."originalName" ILIKE ${p}`;

/** An ILIKE pattern matching `word` anywhere, its wildcards and the escape character taken literally. */
export const containsPattern = (word: string): string => `%${likeLiteral(word)}%`;

/** The organisation a user's job reads are limited to; undefined = every job of the tenant (internal users). */
export const scopeOrgOf = (user: AuthUser): string | undefined => (isVendorUser(user) ? user.orgId : undefined);

type StepJson = Omit<StepRow, 'activatedAt' | 'dueAt' | 'completedAt'> & { activatedAt: string; dueAt: string | null; completedAt: string | null };

function stepFromJson(s: StepJson): StepRow {
  return {
    ...s,
    activatedAt: new Date(s.activatedAt),
    dueAt: s.dueAt === null ? null : new Date(s.dueAt),
    completedAt: s.completedAt === null ? null : new Date(s.completedAt),
  };
}

/**
 * Job `id` if `user` may see it (with its steps when `withSteps`; for staff, each
 * step with its stored delay risk), in one statement; undefined for unknown ids and
 * for jobs outside the user's scope alike.
 */
export async function readJobInScope(db: Database, user: AuthUser, id: string, withSteps: boolean): Promise<(ScopedJob & { steps?: StepRow[] }) | undefined> {
  const rows = await db.query<ScopedJob & { steps?: StepJson[] }>(
    `SELECT ${JOB_COLUMNS}${withSteps ? `, ${isVendorUser(user) ? STEPS : STEPS_WITH_RISK}` : ''}
       FROM "Job" j JOIN "Org" o ON o.id = j."vendorOrgId"
      WHERE j.id = $1 AND ($2::text IS NULL OR j."vendorOrgId" = $2::text)`,
    [id, scopeOrgOf(user) ?? null],
  );
  const row = rows[0];
  if (!row) return undefined;
  const { steps, ...job } = row;
  return withSteps ? { ...job, steps: (steps ?? []).map(stepFromJson) } : job;
}

export interface JobListFilter {
  status?: string;
  vendorOrgId?: string;
  sopKey?: string;
  /** The SOP version the job runs (`Job.sopVersion`; moves with a migration). */
  sopVersion?: number;
  /** Search words (`q`): each must occur somewhere in the job's code, title, vendor name, SOP name or key, or a file name. */
  search?: string[];
  /** Keyset position: rows strictly after (createdAt, id) in newest-first order. */
  after?: { createdAt: Date; id: string };
  limit: number;
}

/** A job of the list: its summary already as JSON text, and what the caller adds (step titles, the cursor). */
export interface JobListRow {
  id: string;
  sopKey: string;
  sopVersion: number;
  /** `createdAt` as ISO-8601 (keyset cursor). */
  createdAt: string;
  /** The JSON object of `jobSummaryDto` for the caller, as text. */
  summary: string;
  activeSteps: ActiveStepRow[] | null;
}

/**
 * Jobs in `user`'s scope matching `filter`, newest first, each with its active
 * steps, in one statement. PostgreSQL renders each job's JSON: on the hot list
 * path Node neither parses nor re-serialises the rows' columns.
 */
export async function readJobList(db: Database, user: AuthUser, filter: JobListFilter): Promise<JobListRow[]> {
  const params: unknown[] = [readsAllFields(user), fieldRolesOf(user), readsUndeclaredLegacyFields(user)];
  const where: string[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.status) where.push(`j.status = ${param(filter.status)}::"JobStatus"`);
  if (filter.vendorOrgId) where.push(`j."vendorOrgId" = ${param(filter.vendorOrgId)}`);
  const scope = scopeOrgOf(user);
  if (scope) where.push(`j."vendorOrgId" = ${param(scope)}`);
  if (filter.sopKey) where.push(`j."sopKey" = ${param(filter.sopKey)}`);
  if (filter.sopVersion !== undefined) where.push(`j."sopVersion" = ${param(filter.sopVersion)}::int`);
  for (const word of filter.search ?? []) where.push(`j.id IN (${searchMatches(param(containsPattern(word)))})`);
  if (filter.after) where.push(`(j."createdAt", j.id) < (${param(filter.after.createdAt)}::timestamptz, ${param(filter.after.id)}::text)`);
  return db.query<JobListRow>(
    `SELECT j.id, j."sopKey", j."sopVersion", ${iso('j."createdAt"')} AS "createdAt", ${LIST_SUMMARY}, ${ACTIVE_STEPS}
       FROM "Job" j JOIN "Org" o ON o.id = j."vendorOrgId"
       JOIN "SopVersion" sv ON sv."sopKey" = j."sopKey" AND sv.version = j."sopVersion"
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY j."createdAt" DESC, j.id DESC
      LIMIT ${param(filter.limit)}`,
    params,
  );
}
