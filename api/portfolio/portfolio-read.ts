/**
 * The portfolio Gantt (项目总览): jobs in the filter, newest first, each with
 * its step runs as planned (activation → the due time the workflow computed,
 * in business time when the SOP says so, when the step became active) and
 * actual (activation → completion), whether each is overdue and whether its
 * SOP node is a milestone; for a running job also the steps it has not reached
 * yet, planned along the SOP's hoped-for path (core/sop/plan-forecast.ts,
 * status `planned`); and the job's delay risk, the highest of its scored active
 * steps. One SQL statement per page; titles and milestone flags come from the
 * cached SOP version.
 */
import { forecastRemaining } from '../../core/sop/plan-forecast';
import type { ExecutionPlan } from '../../core/sop/compile';
import type { BusinessCalendarSpec } from '../../core/sop/types';
import { calendarInZone } from '../../core/time/business-calendar';
import { riskLevel, type RiskLevel } from '../../core/risk/level';
import type { Database } from '../../platform/db/database';
import { riskThreshold } from '../jobs/step-risks';
import type { PlanCache } from '../sops/plan-cache';
import { parameters, portfolioConditions, type PortfolioFilter } from './portfolio-filter';

/** Delay risk of a job: the highest probability among its scored active steps, and its level; null when none is scored. */
export type PortfolioRisk = { probability: number; level: RiskLevel } | null;

export interface PortfolioStep {
  nodeId: string;
  title: string | null;
  type: string;
  round: number;
  /** The step run's status, or `planned` for a step the running job has not reached yet. */
  status: string;
  plannedStart: string;
  /** The step's due time; null for steps without one. */
  plannedEnd: string | null;
  /** Activation; null for a `planned` step. */
  actualStart: string | null;
  /** Completion; null while the step is open. */
  actualEnd: string | null;
  /** Finished after its due time, or still open past it. */
  overdue: boolean;
  /** The SOP node is flagged `milestone: true`. */
  milestone: boolean;
}

export interface PortfolioJob {
  id: string; code: string; title: string; status: string;
  sop: { key: string; version: number };
  vendorOrg: { id: string; name: string };
  createdAt: string; completedAt: string | null;
  risk: PortfolioRisk;
  steps: PortfolioStep[];
}

/** Most step runs one job's bar carries: its latest ones (a job reworked hundreds of rounds must not make a page of megabytes). */
export const MAX_STEPS_PER_JOB = 200;

/** Step types drawn on the chart: steps people work on, waits, and anything with a due time or a milestone flag. */
const CHARTED_TYPES = new Set(['task', 'review', 'accept', 'wait']);

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

interface Row {
  id: string; code: string; title: string; status: string; sopKey: string; sopVersion: number;
  createdAt: string; completedAt: string | null; vendorOrg: { id: string; name: string };
  steps: Array<Omit<PortfolioStep, 'title' | 'milestone'>>;
  riskProbability: number | null;
  calendarKey: string | null;
  calendarVersion: number | null;
}

/** Nodes one page plans at most across its jobs (each costs a deadline computation): bounds a page's work whatever the SOPs. */
export const FORECAST_BUDGET_PER_PAGE = 1000;

/** The steps a running job has not reached yet, planned from `now` (the shared calendar version it is on, if any). */
function plannedSteps(row: Row, plan: ExecutionPlan, now: number, budget: { left: number }, calendars: Map<string, BusinessCalendarSpec>): Array<Omit<PortfolioStep, 'title' | 'milestone'>> {
  if (row.status !== 'running' && row.status !== 'stuck') return [];
  const calendar = row.calendarKey !== null && row.calendarVersion !== null ? calendars.get(`${row.calendarKey}@${row.calendarVersion}`) : undefined;
  const onPlan = calendar ? { ...plan, calendar } : plan;
  const active = row.steps.filter((s) => s.status === 'active').map((s) => ({
    nodeId: s.nodeId, activatedAt: s.actualStart ? Date.parse(s.actualStart) : undefined, dueAt: s.plannedEnd ? Date.parse(s.plannedEnd) : undefined,
  }));
  const rounds = new Map<string, number>();
  for (const s of row.steps) rounds.set(s.nodeId, Math.max(rounds.get(s.nodeId) ?? 0, s.round));
  let forecast: ReturnType<typeof forecastRemaining>;
  try {
    forecast = forecastRemaining(onPlan, active, now, { budget });
  } catch {
    return []; // one job's SOP that cannot be planned (a stored calendar gone bad) does not fail the page
  }
  return forecast.map((f) => ({
    nodeId: f.nodeId, type: f.type, round: (rounds.get(f.nodeId) ?? 0) + 1, status: 'planned',
    plannedStart: new Date(f.plannedStart).toISOString(), plannedEnd: f.timed ? new Date(f.plannedEnd).toISOString() : null,
    actualStart: null, actualEnd: null, overdue: false,
  }));
}

/** The shared calendar versions the page's jobs are on, each read once, keyed `key@version`, in their own zone. */
async function calendarVersionsOf(db: Database, rows: Row[]): Promise<Map<string, BusinessCalendarSpec>> {
  const wanted = [...new Set(rows.filter((r) => r.calendarKey !== null && r.calendarVersion !== null).map((r) => `${r.calendarKey}@${r.calendarVersion}`))];
  if (wanted.length === 0) return new Map();
  const found = await db.query<{ calendarKey: string; version: number; spec: BusinessCalendarSpec; timezone: string }>(
    `SELECT "calendarKey", "version", "spec", "timezone" FROM "CalendarVersion" WHERE ("calendarKey" || '@' || "version") = ANY($1::text[])`,
    [wanted],
  );
  return new Map(found.map((v) => [`${v.calendarKey}@${v.version}`, calendarInZone(v.spec, v.timezone)]));
}

export async function readPortfolio(
  db: Database, plans: PlanCache,
  filter: PortfolioFilter & { after?: { createdAt: Date; id: string }; limit: number; now: Date },
): Promise<PortfolioJob[]> {
  const { params, param } = parameters();
  const now = param(filter.now);
  const where = portfolioConditions(filter, param);
  if (filter.after) where.push(`(j."createdAt", j.id) < (${param(filter.after.createdAt)}::timestamptz, ${param(filter.after.id)}::text)`);
  const rows = await db.query<Row>(
    `SELECT j.id, j.code, j.title, j.status::text AS status, j."sopKey", j."sopVersion",
            ${iso('j."createdAt"')} AS "createdAt", ${iso('j."completedAt"')} AS "completedAt",
            json_build_object('id', o.id, 'name', o.name) AS "vendorOrg",
            (SELECT MAX(r.probability) FROM "StepRisk" r JOIN "StepRun" rs ON rs.id = r."stepRunId"
              WHERE r."jobId" = j.id AND rs.status = 'active') AS "riskProbability",
            j."calendarKey", j."calendarVersion",
            COALESCE((SELECT json_agg(x.step ORDER BY x."activatedAt", x."nodeId", x.round) FROM (
                SELECT json_build_object(
                  'nodeId', s."nodeId", 'type', s.type, 'round', s.round, 'status', s.status,
                  'plannedStart', ${iso('s."activatedAt"')}, 'plannedEnd', ${iso('s."dueAt"')},
                  'actualStart', ${iso('s."activatedAt"')}, 'actualEnd', ${iso('s."completedAt"')},
                  'overdue', s."dueAt" IS NOT NULL AND COALESCE(s."completedAt", ${now}::timestamptz) > s."dueAt") AS step,
                  s."activatedAt", s."nodeId", s.round
                  FROM "StepRun" s WHERE s."jobId" = j.id AND s.status <> 'skipped'
                 ORDER BY s."activatedAt" DESC NULLS FIRST, s."nodeId" DESC, s.round DESC
                 LIMIT ${MAX_STEPS_PER_JOB}) x), '[]'::json) AS steps
       FROM "Job" j JOIN "Org" o ON o.id = j."vendorOrgId"
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY j."createdAt" DESC, j.id DESC
      LIMIT ${param(filter.limit)}`,
    params,
  );
  const jobs: PortfolioJob[] = [];
  const threshold = rows.some((r) => r.riskProbability !== null) ? await riskThreshold(db) : 0;
  const calendars = await calendarVersionsOf(db, rows);
  const budget = { left: FORECAST_BUDGET_PER_PAGE };
  for (const row of rows) {
    const version = await plans.get(row.sopKey, row.sopVersion);
    const milestoneOf = (nodeId: string) => version?.plan.nodes[nodeId]?.spec.milestone === true;
    const steps = [...row.steps, ...(version ? plannedSteps(row, version.plan, filter.now.getTime(), budget, calendars) : [])]
      .filter((s) => CHARTED_TYPES.has(s.type) || s.plannedEnd !== null || milestoneOf(s.nodeId))
      .map((s) => ({ ...s, title: version?.titles.get(s.nodeId) ?? null, milestone: milestoneOf(s.nodeId) }));
    const probability = row.riskProbability === null ? null : Number(row.riskProbability);
    jobs.push({
      id: row.id, code: row.code, title: row.title, status: row.status,
      sop: { key: row.sopKey, version: row.sopVersion }, vendorOrg: row.vendorOrg,
      createdAt: row.createdAt, completedAt: row.completedAt,
      risk: probability === null ? null : { probability, level: riskLevel(probability, threshold) },
      steps,
    });
  }
  return jobs;
}
