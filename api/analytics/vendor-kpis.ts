/**
 * Vendor scorecards computed from the read model (Job, StepRun, Review) over a
 * window [from, to). Each measure counts what *happened* in the window:
 *
 * - `jobsStarted`: jobs created in the window; `jobsCompleted`: jobs that
 *   reached `completed` in it.
 * - `onTimeRate`: of the vendor's task steps (type `task`, assigned to the
 *   `vendor` role) finished in the window that had a due time, the share
 *   finished at or before it.
 * - `avgDeliveryCycleHours`: job created → job completed, over the jobs
 *   completed in the window.
 * - `firstPassRate`: of the check steps of round 1 finished in the window, the
 *   share whose outcome was `passed`.
 * - `avgReworkRounds`: over the jobs completed in the window, the highest
 *   round any of their steps reached, minus one.
 * - `overdueOpenSteps`: the vendor's task steps active and past due *now*.
 * - `delayCauses`: reason codes of the review rejections in the window, counted.
 *
 * Rates are null when nothing was measured; figures are rounded (rates to 4
 * decimals, hours and rounds to 2).
 */
import type { PrismaClient } from '../../platform/db/prisma-types';
import type { PlanCache } from '../sops/plan-cache';

export interface Window {
  from: Date;
  to: Date;
}

export interface VendorKpis {
  org: { id: string; name: string };
  jobsStarted: number;
  jobsCompleted: number;
  onTimeRate: number | null;
  onTime: { onTime: number; due: number };
  avgDeliveryCycleHours: number | null;
  firstPassRate: number | null;
  firstPass: { passed: number; checked: number };
  avgReworkRounds: number | null;
  overdueOpenSteps: number;
  rejections: number;
  delayCauses: Array<{ code: string; label: string; count: number }>;
}

const HOUR_MS = 3_600_000;
const round = (value: number, decimals: number) => Number(value.toFixed(decimals));
const ratio = (part: number, whole: number) => (whole === 0 ? null : round(part / whole, 4));
const mean = (values: number[], decimals: number) => (values.length === 0 ? null : round(values.reduce((a, b) => a + b, 0) / values.length, decimals));

/** Loads what the window needs and computes one scorecard per vendor organisation (by name). */
export async function vendorKpis(prisma: PrismaClient, plans: PlanCache, window: Window, now = new Date()): Promise<VendorKpis[]> {
  const during = { gte: window.from, lt: window.to };
  const [orgs, started, completed, tasks, checks, overdue, rejections] = await Promise.all([
    prisma.org.findMany({ where: { kind: 'vendor' }, select: { id: true, name: true }, orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
    prisma.job.groupBy({ by: ['vendorOrgId'], where: { createdAt: during }, _count: { _all: true } }),
    prisma.job.findMany({ where: { status: 'completed', completedAt: during }, select: { id: true, vendorOrgId: true, createdAt: true, completedAt: true } }),
    prisma.stepRun.findMany({
      where: { type: 'task', assigneeRole: 'vendor', status: 'done', completedAt: during, dueAt: { not: null } },
      select: { dueAt: true, completedAt: true, job: { select: { vendorOrgId: true } } },
    }),
    prisma.stepRun.findMany({ where: { type: 'check', round: 1, status: 'done', completedAt: during }, select: { outcome: true, job: { select: { vendorOrgId: true } } } }),
    prisma.stepRun.findMany({ where: { type: 'task', assigneeRole: 'vendor', status: 'active', dueAt: { lt: now } }, select: { job: { select: { vendorOrgId: true } } } }),
    prisma.review.findMany({ where: { decision: 'rejected', createdAt: during }, select: { reasons: true, job: { select: { vendorOrgId: true, sopKey: true, sopVersion: true } } } }),
  ]);
  const maxRounds = completed.length === 0 ? [] : await prisma.stepRun.groupBy({ by: ['jobId'], where: { jobId: { in: completed.map((j) => j.id) } }, _max: { round: true } });
  const roundsOf = new Map(maxRounds.map((r) => [r.jobId, r._max.round ?? 1]));

  const labels = new Map<string, string>();
  for (const r of rejections) {
    const version = await plans.get(r.job.sopKey, r.job.sopVersion);
    for (const code of r.reasons) if (!labels.has(code)) labels.set(code, version?.reasonLabels.get(code) ?? code);
  }

  return orgs.map((org) => {
    const mine = <T extends { job: { vendorOrgId: string } }>(rows: T[]) => rows.filter((r) => r.job.vendorOrgId === org.id);
    const done = completed.filter((j) => j.vendorOrgId === org.id);
    const myTasks = mine(tasks);
    const onTime = myTasks.filter((s) => s.completedAt!.getTime() <= s.dueAt!.getTime()).length;
    const myChecks = mine(checks);
    const passed = myChecks.filter((s) => s.outcome === 'passed').length;
    const myRejections = mine(rejections);
    const causes = new Map<string, number>();
    for (const r of myRejections) for (const code of r.reasons) causes.set(code, (causes.get(code) ?? 0) + 1);
    return {
      org,
      jobsStarted: started.find((s) => s.vendorOrgId === org.id)?._count._all ?? 0,
      jobsCompleted: done.length,
      onTimeRate: ratio(onTime, myTasks.length),
      onTime: { onTime, due: myTasks.length },
      avgDeliveryCycleHours: mean(done.map((j) => (j.completedAt!.getTime() - j.createdAt.getTime()) / HOUR_MS), 2),
      firstPassRate: ratio(passed, myChecks.length),
      firstPass: { passed, checked: myChecks.length },
      avgReworkRounds: mean(done.map((j) => (roundsOf.get(j.id) ?? 1) - 1), 2),
      overdueOpenSteps: mine(overdue).length,
      rejections: myRejections.length,
      delayCauses: [...causes]
        .map(([code, count]) => ({ code, label: labels.get(code) ?? code, count }))
        .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    };
  });
}
