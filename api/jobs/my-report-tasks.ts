/**
 * "Report due" items of a vendor's queue (`GET /api/me/tasks`, kind `report`):
 * for each running job of the caller's vendor organisation, every period a
 * report (日报/周报/打卡) may be filed for now at an active step of the vendor
 * slot (api/jobs/report-reads.ts). The periods come from SOP arithmetic, not
 * SQL, so these items are read beside the step items and merged into the same
 * order — (deadline, id) — and the same keyset cursor.
 */
import type { ExecutionPlan } from '../../core/sop/compile';
import type { Database } from '../../platform/db/database';
import type { PrismaClient } from '../../platform/db/prisma-types';
import { isVendorUser, type AuthUser } from '../auth/auth-user';
import type { MyTasksQuery, TaskItem } from './my-tasks-read';
import { owedReports } from './report-reads';

interface JobRow {
  id: string;
  code: string;
  title: string;
  status: string;
  sopKey: string;
  sopVersion: number;
  vendorOrgId: string;
  vendorName: string;
  plan: ExecutionPlan;
}

/** Every report the vendor `user` may file now, as queue items (unfiltered, unordered); none for other users. */
export async function reportTaskItems(db: Database, prisma: PrismaClient, user: AuthUser, now: Date): Promise<TaskItem[]> {
  if (!isVendorUser(user) || !user.roles.includes('vendor')) return [];
  const jobs = await db.query<JobRow>(
    `SELECT j.id, j.code, j.title, j.status::text AS status, j."sopKey", j."sopVersion", j."vendorOrgId", o.name AS "vendorName", sv.plan
       FROM "Job" j
       JOIN "Org" o ON o.id = j."vendorOrgId"
       JOIN "SopVersion" sv ON sv."sopKey" = j."sopKey" AND sv.version = j."sopVersion"
      WHERE j."vendorOrgId" = $1 AND j.status IN ('running', 'stuck')
        AND EXISTS (SELECT 1 FROM jsonb_each(sv.plan->'nodes') n WHERE n.value->'spec' ? 'reports')`,
    [user.orgId],
  );
  if (jobs.length === 0) return [];
  const byId = new Map(jobs.map((j) => [j.id, j]));
  const vendorSlot = (plan: ExecutionPlan, nodeId: string) => {
    const spec = plan.nodes[nodeId]?.spec;
    return (spec?.type === 'task' || spec?.type === 'accept') && spec.assignee === 'vendor';
  };
  const owed = await owedReports(prisma, jobs.map((j) => ({ id: j.id, plan: j.plan })), now.getTime(), vendorSlot);
  return owed.map((o) => {
    const job = byId.get(o.jobId)!;
    const spec = job.plan.nodes[o.nodeId]!.spec;
    return {
      id: `report:${o.stepRunId}:${o.period}`,
      kind: 'report',
      status: o.round > 1 ? 'rework' : 'open',
      overdue: false,
      dueAt: o.dueAt,
      job: { id: job.id, code: job.code, title: job.title, status: job.status, sop: { key: job.sopKey, version: job.sopVersion }, vendorOrg: { id: job.vendorOrgId, name: job.vendorName } },
      step: { nodeId: o.nodeId, type: spec.type, title: spec.title ?? null, round: o.round, assigneeRole: 'vendor' },
    };
  });
}

/** Whether a report item passes the query's filters and lies after its cursor. */
export function reportItemMatches(item: TaskItem, query: Pick<MyTasksQuery, 'kind' | 'status' | 'due' | 'after'>): boolean {
  if (query.kind && query.kind !== 'report') return false;
  if (query.status && query.status !== item.status) return false;
  const due = Date.parse(item.dueAt!);
  if (query.due && ((query.due.from && due < query.due.from.getTime()) || due >= query.due.to.getTime())) return false;
  if (query.after) {
    const after = query.after.dueAt === null ? Infinity : Date.parse(query.after.dueAt);
    if (due < after || (due === after && item.id <= query.after.id)) return false;
  }
  return true;
}

/** Items in queue order: deadline ascending, none last, then id. */
export function compareTaskItems(a: TaskItem, b: TaskItem): number {
  const da = a.dueAt === null ? Infinity : Date.parse(a.dueAt);
  const dbb = b.dueAt === null ? Infinity : Date.parse(b.dueAt);
  return da - dbb || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Merges report items (sorted) into step items, keeping the step items' own (database) order. */
export function mergeTaskItems(steps: readonly TaskItem[], reports: readonly TaskItem[]): TaskItem[] {
  const out: TaskItem[] = [];
  let r = 0;
  for (const step of steps) {
    while (r < reports.length && compareTaskItems(reports[r]!, step) < 0) out.push(reports[r++]!);
    out.push(step);
  }
  return [...out, ...reports.slice(r)];
}
