/**
 * Business cycle times of the vendor report: per vendor organisation, the
 * working hours from created to completed of the jobs completed in a window,
 * counted in TypeScript (core/time/business-duration.ts) because the calendar
 * is the SOP's. A job's hours are counted under its SOP version's calendar and
 * zone — the ones its step deadlines use (core/time/step-schedule.ts): the
 * SOP's `calendar`, else DEFAULT_BUSINESS_CALENDAR, in the SOP's `timezone` —
 * or, for a job on a shared calendar, the version it is on, in that version's zone;
 * the organisation's zone only stands in for an SOP zone that cannot be read.
 * One clock per SOP version per report, so 10,000 jobs cost a bounded query and
 * a few map lookups each.
 */
import { DEFAULT_BUSINESS_CALENDAR } from '../../core/time/business-calendar';
import { businessClock, type BusinessClock } from '../../core/time/business-duration';
import { percentileCont } from '../../core/reports/percentile';
import { Prisma, type PrismaClient } from '../../platform/db/prisma-types';
import type { PlanCache } from '../sops/plan-cache';
import type { BusinessCalendarSpec } from '../../core/sop/types';

const HOUR_MS = 3_600_000;

export interface BusinessCycle {
  /** Mean working hours, unrounded; null without completed jobs. */
  avg: number | null;
  /** 90th percentile (percentile_cont, linear interpolation), unrounded. */
  p90: number | null;
}

interface Completed {
  sop_key: string;
  sop_version: number;
  created_at: Date;
  completed_at: Date;
  vid: string;
  calendar_key: string | null;
  calendar_version: number | null;
}

/** The clock of an SOP version: its calendar (or the default) in its zone (or `fallbackZone`). */
async function clockOf(plans: PlanCache, sopKey: string, version: number, fallbackZone: string): Promise<BusinessClock> {
  const plan = (await plans.get(sopKey, version))?.plan;
  const calendar = plan?.calendar ?? DEFAULT_BUSINESS_CALENDAR;
  for (const zone of [plan?.timezone, fallbackZone]) {
    if (!zone) continue;
    try {
      return businessClock(calendar, zone);
    } catch {
      // An unreadable zone or calendar (published before validation caught it): try the next zone, then the default calendar.
    }
  }
  return businessClock(DEFAULT_BUSINESS_CALENDAR, fallbackZone);
}

/** The shared calendar versions the jobs are on, keyed `key@version`. */
async function sharedVersions(prisma: PrismaClient, jobs: Completed[]): Promise<Map<string, { spec: BusinessCalendarSpec; timezone: string }>> {
  const wanted = [...new Set(jobs.filter((j) => j.calendar_key !== null && j.calendar_version !== null).map((j) => `${j.calendar_key}@${j.calendar_version}`))];
  if (wanted.length === 0) return new Map();
  const rows = await prisma.$queryRaw<Array<{ key: string; version: number; spec: BusinessCalendarSpec; timezone: string }>>`
    SELECT "calendarKey" AS key, "version", "spec", "timezone" FROM "CalendarVersion" WHERE ("calendarKey" || '@' || "version") = ANY(${wanted}::text[])`;
  return new Map(rows.map((r) => [`${r.key}@${Number(r.version)}`, { spec: r.spec, timezone: r.timezone }]));
}

/** The clock of a shared calendar's version, in its own zone; the default calendar if it cannot be read. */
function sharedClock(spec: BusinessCalendarSpec, zone: string, fallbackZone: string): BusinessClock {
  try {
    return businessClock(spec, zone);
  } catch {
    return businessClock(DEFAULT_BUSINESS_CALENDAR, fallbackZone);
  }
}

/** Per vendor organisation id: the business cycle figures of the jobs completed in [from, to) (of SOP `sop` when given). */
export async function businessCycles(
  prisma: PrismaClient, plans: PlanCache,
  input: { from: Date; to: Date; sop: string | null; fallbackZone: string },
): Promise<Map<string, BusinessCycle>> {
  const jobs = await prisma.$queryRaw<Completed[]>`
    SELECT j."sopKey" AS sop_key, j."sopVersion" AS sop_version, j."createdAt" AS created_at, j."completedAt" AS completed_at, j."vendorOrgId" AS vid,
           j."calendarKey" AS calendar_key, j."calendarVersion" AS calendar_version
      FROM "Job" j
     WHERE j.status = 'completed' AND j."completedAt" >= ${input.from} AND j."completedAt" < ${input.to}
       ${input.sop === null ? Prisma.empty : Prisma.sql`AND j."sopKey" = ${input.sop}`}`;
  // A job on a shared calendar is counted on the version it is on, in that version's zone (as its deadlines are);
  // each version is read once, not once per job (a version may list thousands of dates).
  const shared = await sharedVersions(prisma, jobs);
  const sharedKey = (job: Completed) => `${job.calendar_key}@${job.calendar_version}`;
  const keyOf = (job: Completed) => (shared.has(sharedKey(job)) ? `calendar\n${sharedKey(job)}` : `${job.sop_key}\n${job.sop_version}`);
  const versions = [...new Map(jobs.map((j) => [keyOf(j), j])).values()];
  const clockOfJob = async (j: Completed): Promise<BusinessClock> => {
    const version = shared.get(sharedKey(j));
    return version ? sharedClock(version.spec, version.timezone, input.fallbackZone) : clockOf(plans, j.sop_key, j.sop_version, input.fallbackZone);
  };
  const clocks = new Map(await Promise.all(versions.map(async (j) => [keyOf(j), await clockOfJob(j)] as const)));
  const hours = new Map<string, number[]>();
  for (const job of jobs) {
    const ms = clocks.get(keyOf(job))!(job.created_at.getTime(), job.completed_at.getTime());
    const list = hours.get(job.vid) ?? [];
    list.push(ms / HOUR_MS);
    hours.set(job.vid, list);
  }
  return new Map([...hours].map(([vid, list]) => [vid, { avg: list.reduce((s, h) => s + h, 0) / list.length, p90: percentileCont(list, 0.9) }]));
}
