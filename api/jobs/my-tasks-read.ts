/**
 * The caller's queue across all jobs (`GET /api/me/tasks`), as ONE SQL
 * statement: the page and the badge counts in the same round trip.
 *
 * An item is something the caller should act on now, with a `kind`:
 * - `task` / `review` / `acceptance` (an `accept` step, 接单): an active step of
 *   that type the caller may act on — the
 *   rule of core/jobs/can-act.ts `canActAs` in SQL: the person bound to the
 *   step's role slot (the step's override, else the job's binding), or a holder
 *   of the account role of the same name (`vendor`: only users of the job's
 *   vendor organisation). Users of a vendor organisation get only steps whose
 *   role is `vendor`, of their organisation's jobs.
 * - `stuck`: the step of a stuck job past its `maxRounds`, for the job's bound
 *   owner and manager (internal users only).
 * - `overdue`: an active step past its deadline whose escalation ladder
 *   (`notify` or `cc` of any level; `assignee` = the step's role) names a slot
 *   bound to the caller — the people the escalation notices reach.
 * One step is one item at most (act before stuck before overdue), so the step
 * run's id identifies the item.
 * - `report` (vendors): a report period owed now (日报/周报/打卡), id
 *   `report:<step run id>:<period>` — read by ./my-report-tasks.ts and
 *   merged by the route, not by this statement.
 *
 * Order: deadline ascending, no deadline last, then id — which is "overdue
 * first (most overdue first), then by deadline" for any `now`, so a keyset
 * cursor on (deadline, id) stays valid while time passes between pages.
 * Statement text is fixed; request values only ever travel as parameters.
 */
import type { Database } from '../../platform/db/database';
import { isVendorUser, type AuthUser } from '../auth/auth-user';
import { scopeOrgOf } from './job-reads';

export const TASK_KINDS = ['task', 'review', 'acceptance', 'stuck', 'overdue', 'report'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export const TASK_STATUSES = ['open', 'rework'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TASK_DUE = ['overdue', 'today', 'week'] as const;
export type TaskDue = (typeof TASK_DUE)[number];

/** Keyset position: strictly after (deadline, id); `dueAt` null = no deadline (sorted last). */
export interface TaskCursor {
  overdue: boolean;
  dueAt: string | null;
  id: string;
}

export interface MyTasksQuery {
  kind?: TaskKind;
  status?: TaskStatus;
  /** Deadline window [from, to): `overdue` is (-∞, now), `today`/`week` [now, end of the caller's day / 7th day). */
  due?: { from: Date | null; to: Date };
  after?: TaskCursor;
  now: Date;
  limit: number;
}

export interface TaskItem {
  id: string;
  kind: TaskKind;
  status: TaskStatus;
  overdue: boolean;
  dueAt: string | null;
  job: { id: string; code: string; title: string; status: string; sop: { key: string; version: number }; vendorOrg: { id: string; name: string } };
  step: { nodeId: string; type: string; title: string | null; round: number; assigneeRole: string | null };
}

export interface TaskCounts {
  total: number;
  overdue: number;
  byKind: Record<TaskKind, number>;
}

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

// $1 caller id, $2 caller's account roles, $3 caller's organisation, $4 caller is a vendor-organisation user,
// $5 now, $6 the organisation the caller's reads are limited to (null: every job).
const ITEMS = `live AS (
    SELECT j.id, j.code, j.title, j.status::text AS "jobStatus", j."sopKey", j."sopVersion", j.assignees, j."vendorOrgId"
      FROM "Job" j
     WHERE j.status IN ('running', 'stuck') AND ($6::text IS NULL OR j."vendorOrgId" = $6::text)
  ), specs AS MATERIALIZED (
    -- Each SOP version's plan is read (and de-TOASTed) once, not once per step.
    SELECT sv."sopKey", sv.version, n.key AS "nodeId", n.value->'spec' AS spec
      FROM "SopVersion" sv, jsonb_each(sv.plan->'nodes') n
     WHERE (sv."sopKey", sv.version) IN (SELECT DISTINCT "sopKey", "sopVersion" FROM live)
  ), candidates AS (
    SELECT s.id, s."nodeId", s.type, s.round, s."dueAt", s."assigneeRole", s."assigneeUserId",
           COALESCE(s."assigneeRole", 'vendor') AS role,
           j.id AS "jobId", j.code, j.title, j."jobStatus", j."sopKey", j."sopVersion", j.assignees,
           o.id AS "vendorOrgId", o.name AS "vendorName", sp.spec
      FROM "StepRun" s
      JOIN live j ON j.id = s."jobId"
      JOIN "Org" o ON o.id = j."vendorOrgId"
      LEFT JOIN specs sp ON sp."sopKey" = j."sopKey" AND sp.version = j."sopVersion" AND sp."nodeId" = s."nodeId"
     WHERE s.status = 'active'
  ), step_items AS (
    SELECT c.*, CASE
      WHEN c.type IN ('task', 'review', 'accept')
       AND (NOT $4::boolean OR c.role = 'vendor')
       AND (COALESCE(c."assigneeUserId", c.assignees->>c.role) = $1::text
            OR (c.role = ANY($2::text[]) AND (c.role <> 'vendor' OR c."vendorOrgId" = $3::text)))
        THEN CASE WHEN c.type = 'accept' THEN 'acceptance' ELSE c.type END
      WHEN NOT $4::boolean AND c."jobStatus" = 'stuck'
       AND c.round > (CASE WHEN jsonb_typeof(c.spec->'maxRounds') = 'number' THEN (c.spec->>'maxRounds')::numeric END)
       AND $1::text IN (c.assignees->>'owner', c.assignees->>'manager')
        THEN 'stuck'
      WHEN NOT $4::boolean AND c."dueAt" < $5::timestamptz AND EXISTS (
        SELECT 1
          FROM jsonb_array_elements(CASE WHEN jsonb_typeof(c.spec->'escalation') = 'array' THEN c.spec->'escalation' ELSE '[]'::jsonb END) e,
               LATERAL jsonb_array_elements_text(
                 (CASE WHEN jsonb_typeof(e->'notify') = 'array' THEN e->'notify' ELSE '[]'::jsonb END)
                 || (CASE WHEN jsonb_typeof(e->'cc') = 'array' THEN e->'cc' ELSE '[]'::jsonb END)) r(name),
               LATERAL (SELECT CASE WHEN r.name = 'assignee' THEN c.role ELSE r.name END AS slot) x
         WHERE COALESCE(CASE WHEN x.slot = c.role THEN c."assigneeUserId" END, c.assignees->>x.slot) = $1::text)
        THEN 'overdue'
    END AS kind
      FROM candidates c
  ), items AS (
    SELECT id, kind, CASE WHEN round > 1 THEN 'rework' ELSE 'open' END AS status, "dueAt",
           "jobId", code, title, "jobStatus", "sopKey", "sopVersion", "vendorOrgId", "vendorName",
           "nodeId", type, spec->>'title' AS "stepTitle", round, "assigneeRole"
      FROM step_items WHERE kind IS NOT NULL
  )`;

const ITEM_JSON = `json_build_object(
    'id', i.id, 'kind', i.kind, 'status', i.status, 'overdue', COALESCE(i."dueAt" < $5::timestamptz, false), 'dueAt', ${iso('i."dueAt"')},
    'job', json_build_object('id', i."jobId", 'code', i.code, 'title', i.title, 'status', i."jobStatus",
      'sop', json_build_object('key', i."sopKey", 'version', i."sopVersion"),
      'vendorOrg', json_build_object('id', i."vendorOrgId", 'name', i."vendorName")),
    'step', json_build_object('nodeId', i."nodeId", 'type', i.type, 'title', i."stepTitle", 'round', i.round, 'assigneeRole', i."assigneeRole"))`;

/** One page of `user`'s queue (at most `query.limit` rows) and the counts of the whole queue (no filters). */
export async function readMyTasks(db: Database, user: AuthUser, query: MyTasksQuery): Promise<{ items: TaskItem[]; counts: TaskCounts }> {
  const params: unknown[] = [user.id, user.roles, user.orgId, isVendorUser(user), query.now, scopeOrgOf(user) ?? null];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where: string[] = [];
  if (query.kind) where.push(`i.kind = ${param(query.kind)}::text`);
  if (query.status) where.push(`i.status = ${param(query.status)}::text`);
  if (query.due) {
    if (query.due.from) where.push(`i."dueAt" >= ${param(query.due.from)}::timestamptz`);
    where.push(`i."dueAt" < ${param(query.due.to)}::timestamptz`);
  }
  if (query.after) {
    where.push(`(COALESCE(i."dueAt", 'infinity'::timestamptz), i.id) > (${param(query.after.dueAt ?? 'infinity')}::timestamptz, ${param(query.after.id)}::text)`);
  }
  const rows = await db.query<{ items: TaskItem[]; counts: { total: number; overdue: number; byKind: Partial<Record<TaskKind, number>> | null } }>(
    `WITH ${ITEMS}
     SELECT
       (SELECT COALESCE(json_agg(p.item ORDER BY p.due, p.id), '[]'::json) FROM (
          SELECT ${ITEM_JSON} AS item, COALESCE(i."dueAt", 'infinity'::timestamptz) AS due, i.id
            FROM items i ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
           ORDER BY due, i.id
           LIMIT ${param(query.limit)}) p) AS items,
       (SELECT json_build_object('total', count(*), 'overdue', count(*) FILTER (WHERE i."dueAt" < $5::timestamptz),
          'byKind', (SELECT json_object_agg(k.kind, k.n) FROM (SELECT kind, count(*) AS n FROM items GROUP BY kind) k))
          FROM items i) AS counts`,
    params,
  );
  const row = rows[0]!;
  const byKind = Object.fromEntries(TASK_KINDS.map((k) => [k, Number(row.counts.byKind?.[k] ?? 0)])) as Record<TaskKind, number>;
  return { items: row.items, counts: { total: Number(row.counts.total), overdue: Number(row.counts.overdue), byKind } };
}
