/**
 * The manager's dashboard from the read model: jobs by status, the overdue
 * list (how late, who is assigned) and a burndown of open human steps
 * (task and review) at the end of each of the last `days` days in the
 * caller's time zone (today: now), and per vendor organisation its jobs by
 * status and its overdue steps — every job counted on the server, so the
 * dashboard never works from a first page of jobs.
 */
import { DateTime } from 'luxon';
import type { PrismaClient } from '../../platform/db/prisma-types';
import type { PlanCache } from '../sops/plan-cache';

export const JOB_STATUSES = ['running', 'completed', 'cancelled', 'failed', 'stuck'] as const;
const HOUR_MS = 3_600_000;
/** The overdue list is cut here (most late first). */
export const OVERDUE_LIST_LIMIT = 200;

export interface OverdueItem {
  job: { id: string; code: string; title: string; vendorOrg: { id: string; name: string } };
  nodeId: string;
  stepTitle: string | null;
  type: string;
  round: number;
  dueAt: string;
  /** now − dueAt, in hours (2 decimals). */
  lateHours: number;
  assignee: { role: string | null; userId: string | null; name: string | null };
}

export interface VendorStatus {
  vendorOrg: { id: string; name: string };
  jobsByStatus: Record<(typeof JOB_STATUSES)[number], number>;
  /** Active steps past their due time, over all of the organisation's jobs. */
  overdueSteps: number;
}

export interface Overview {
  at: string;
  jobsByStatus: Record<(typeof JOB_STATUSES)[number], number>;
  /** Every vendor organisation, by name. */
  byVendor: VendorStatus[];
  overdue: OverdueItem[];
  burndown: Array<{ date: string; open: number }>;
}

export async function overview(prisma: PrismaClient, plans: PlanCache, options: { timezone: string; days?: number; now?: Date }): Promise<Overview> {
  const now = options.now ?? new Date();
  const days = options.days ?? 30;
  const today = DateTime.fromJSDate(now).setZone(options.timezone).startOf('day');
  const firstDay = today.minus({ days: days - 1 });
  const [byStatus, byVendorStatus, lateByVendor, vendors, overdueSteps, human] = await Promise.all([
    prisma.job.groupBy({ by: ['status'], _count: { _all: true } }),
    prisma.job.groupBy({ by: ['vendorOrgId', 'status'], _count: { _all: true } }),
    prisma.$queryRaw<Array<{ vendorOrgId: string; late: number }>>`
      SELECT j."vendorOrgId", count(*)::int AS late FROM "StepRun" s JOIN "Job" j ON j.id = s."jobId"
      WHERE s.status = 'active' AND s."dueAt" < ${now} GROUP BY j."vendorOrgId"`,
    prisma.org.findMany({ where: { kind: 'vendor' }, select: { id: true, name: true }, orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
    prisma.stepRun.findMany({
      where: { status: 'active', dueAt: { lt: now } }, orderBy: [{ dueAt: 'asc' }, { id: 'asc' }], take: OVERDUE_LIST_LIMIT,
      include: { assigneeUser: { select: { id: true, name: true } }, job: { select: { id: true, code: true, title: true, sopKey: true, sopVersion: true, assignees: true, vendorOrg: { select: { id: true, name: true } } } } },
    }),
    prisma.stepRun.findMany({
      where: { type: { in: ['task', 'review'] }, activatedAt: { lt: now }, OR: [{ completedAt: null }, { completedAt: { gte: firstDay.plus({ days: 1 }).toJSDate() } }] },
      select: { activatedAt: true, completedAt: true },
    }),
  ]);

  // Steps bound to a role but not to a person: the job's binding names who.
  const boundIds = overdueSteps.map((s) => (s.assigneeUserId ?? (s.assigneeRole ? (s.job.assignees as Record<string, string>)[s.assigneeRole] : undefined)));
  const people = new Map((await prisma.user.findMany({ where: { id: { in: boundIds.filter((id): id is string => Boolean(id)) } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  const overdue: OverdueItem[] = [];
  for (const [i, s] of overdueSteps.entries()) {
    const userId = boundIds[i] ?? null;
    const { sopKey, sopVersion, assignees: _assignees, ...job } = s.job;
    overdue.push({
      job, nodeId: s.nodeId, stepTitle: (await plans.get(sopKey, sopVersion))?.titles.get(s.nodeId) ?? null, type: s.type, round: s.round,
      dueAt: s.dueAt!.toISOString(), lateHours: Number(((now.getTime() - s.dueAt!.getTime()) / HOUR_MS).toFixed(2)),
      assignee: { role: s.assigneeRole, userId, name: userId ? (people.get(userId) ?? null) : null },
    });
  }

  const burndown: Overview['burndown'] = [];
  for (let d = 0; d < days; d += 1) {
    const day = firstDay.plus({ days: d });
    const end = d === days - 1 ? now.getTime() : day.plus({ days: 1 }).toMillis();
    const open = human.filter((s) => s.activatedAt.getTime() < end && (s.completedAt === null || s.completedAt.getTime() >= end)).length;
    burndown.push({ date: day.toISODate()!, open });
  }

  const jobsByStatus = Object.fromEntries(JOB_STATUSES.map((status) => [status, byStatus.find((g) => g.status === status)?._count._all ?? 0])) as Overview['jobsByStatus'];
  const byVendor: VendorStatus[] = vendors.map((org) => ({
    vendorOrg: org,
    jobsByStatus: Object.fromEntries(JOB_STATUSES.map((status) => [status, byVendorStatus.find((g) => g.vendorOrgId === org.id && g.status === status)?._count._all ?? 0])) as VendorStatus['jobsByStatus'],
    overdueSteps: lateByVendor.find((l) => l.vendorOrgId === org.id)?.late ?? 0,
  }));
  return { at: now.toISOString(), jobsByStatus, byVendor, overdue, burndown };
}
