/**
 * The vendor report (`GET /api/reports/vendors`): per vendor organisation,
 * computed in SQL over the whole history (no page of recent jobs), for a
 * window [from, to) and optionally one SOP. What each figure counts:
 *
 * - on-time: the vendor task steps (type `task`, role `vendor`) finished in
 *   the window that had a due time; on time = finished at or before it. Also
 *   per week of the window (7-day buckets from `from`), for the sparkline.
 * - cycle: jobs completed in the window, created → completed: the mean and the
 *   90th percentile (`percentile_cont`, linear interpolation) in calendar hours
 *   (SQL), and the same in business hours (business-cycle.ts: working time
 *   under the job's SOP calendar — or the default Monday–Friday 09:00–18:00 —
 *   in the SOP's zone, as its step deadlines count; holidays off, 调休 make-up
 *   days on). The score's cycle component stays on calendar hours.
 * - first pass: of the jobs completed in the window, those whose steps never
 *   went past round 1 (no rework of any kind); rework rounds: Σ (highest round − 1)
 *   over the same jobs, and the mean.
 * - delay reasons: reasons given in the window for moved deadlines and late
 *   completions (StepDelay), plus every QA rejection in the window counted as
 *   `rework`; rejection reasons: the codes of the rejected reviews. Top 3 each.
 * - open load (now, not windowed): running or stuck jobs, active vendor task
 *   steps, and of those the ones past due.
 * - score: score-weights.ts over on-time rate, first-pass rate, cycle (the
 *   fastest vendor's mean ÷ this vendor's) and rework (1 ÷ (1 + mean rework
 *   rounds)); rank by score (highest first; no score, no rank), compared with
 *   the previous window of the same length.
 *
 * Attribution: a job's vendor can change while it runs (`POST /api/jobs/:id/vendor`),
 * and `Job.vendorOrgId` is then the last one. A step counts for the organisation
 * that did it: on-time, weekly and delay reasons go to the organisation of the
 * user who submitted that step round (Submission), else of the step's assigned
 * user (`StepRun.assigneeUserId`), else the job's vendor; a rejection (its reason
 * codes and its `rework` delay) goes to the organisation of the submitter of the
 * job's latest submission before it — the work that was rejected — else the
 * job's vendor. Only vendor organisations are taken from users. Job-level
 * figures (cycle, first pass, rework rounds) and open load stay with the job's
 * (last) vendor: they describe the job as finished, or the work now open.
 *
 * Rates have 4 decimals, hours and rounds 2.
 */
import { Prisma, type PrismaClient } from '../../platform/db/prisma-types';
import type { PlanCache } from '../sops/plan-cache';
import { businessCycles, type BusinessCycle } from './business-cycle';
import { REWORK_CODE, type DelayReasonItem } from './delay-reasons';
import { compositeScore, type ScoreWeights } from './score-weights';

const WEEK_MS = 7 * 86_400_000;
const TOP_REASONS = 3;
const round = (value: number, decimals: number) => Number(value.toFixed(decimals));
const ratio = (part: number, whole: number) => (whole === 0 ? null : round(part / whole, 4));
const hours = (value: number | null) => (value === null ? null : round(value, 2));
/** The zone of an organisation that has none set (the schema's default). */
const DEFAULT_ZONE = 'Asia/Shanghai';

export interface ReportWindow {
  from: Date;
  to: Date;
}

export interface ReasonCount {
  code: string;
  label: string;
  count: number;
}

export interface VendorReportRow {
  org: { id: string; name: string };
  rank: number | null;
  previousRank: number | null;
  /** previousRank − rank: positive = moved up; null when either is missing. */
  rankChange: number | null;
  score: number | null;
  previousScore: number | null;
  scoreChange: number | null;
  onTime: { rate: number | null; onTime: number; due: number };
  /** Created → completed of the jobs completed in the window: calendar hours, and working hours under the SOP's business calendar. */
  cycleHours: { completed: number; avg: number | null; p90: number | null; businessAvg: number | null; businessP90: number | null };
  firstPass: { rate: number | null; passed: number; completed: number };
  rework: { rounds: number; avgRounds: number | null };
  openLoad: { jobs: number; steps: number; overdueSteps: number };
  delayReasons: ReasonCount[];
  rejectionReasons: ReasonCount[];
  weekly: Array<{ weekStart: string; onTimeRate: number | null; due: number }>;
}

export interface VendorReport {
  from: string;
  to: string;
  previous: { from: string; to: string };
  sop: string | null;
  weights: ScoreWeights;
  vendors: VendorReportRow[];
}

interface Measures {
  id: string;
  name: string;
  due: number;
  on_time: number;
  completed: number;
  avg_hours: number | null;
  p90_hours: number | null;
  first_pass: number;
  rework_rounds: number;
}

const sopFilter = (sop: string | null) => (sop === null ? Prisma.empty : Prisma.sql`AND j."sopKey" = ${sop}`);

/**
 * Joins naming `doer.vid`: the vendor organisation that did the step round
 * (jobId, nodeId, round) of `alias` — its submitter's, else its assigned user's
 * (StepRun `s`, which must be joined), else the job's (`j`).
 */
const stepDoer = (alias: string) => Prisma.sql`
  LEFT JOIN "Submission" doer_sb ON doer_sb."jobId" = ${Prisma.raw(alias)}."jobId" AND doer_sb."nodeId" = ${Prisma.raw(alias)}."nodeId" AND doer_sb.round = ${Prisma.raw(alias)}.round
  LEFT JOIN "User" doer_su ON doer_su.id = doer_sb."submittedById"
  LEFT JOIN "Org" doer_so ON doer_so.id = doer_su."orgId" AND doer_so.kind = 'vendor'
  LEFT JOIN "User" doer_au ON doer_au.id = s."assigneeUserId"
  LEFT JOIN "Org" doer_ao ON doer_ao.id = doer_au."orgId" AND doer_ao.kind = 'vendor'
  CROSS JOIN LATERAL (SELECT COALESCE(doer_so.id, doer_ao.id, j."vendorOrgId") AS vid) doer`;

/** Joins naming `rejected.vid`: the vendor organisation whose work review `r` rejected (see the module comment). */
const rejectedWork = Prisma.sql`
  LEFT JOIN LATERAL (SELECT sb."submittedById" FROM "Submission" sb WHERE sb."jobId" = r."jobId" AND sb."createdAt" <= r."createdAt"
                      ORDER BY sb."createdAt" DESC, sb.id DESC LIMIT 1) rw ON true
  LEFT JOIN "User" rw_u ON rw_u.id = rw."submittedById"
  LEFT JOIN "Org" rw_o ON rw_o.id = rw_u."orgId" AND rw_o.kind = 'vendor'
  CROSS JOIN LATERAL (SELECT COALESCE(rw_o.id, j."vendorOrgId") AS vid) rejected`;

/** The windowed measures of every vendor organisation (one statement). */
async function measures(prisma: PrismaClient, w: ReportWindow, sop: string | null): Promise<Measures[]> {
  return prisma.$queryRaw<Measures[]>`
    WITH tasks AS (
      SELECT doer.vid, count(*)::int AS due, (count(*) FILTER (WHERE s."completedAt" <= s."dueAt"))::int AS on_time
        FROM "StepRun" s JOIN "Job" j ON j.id = s."jobId" ${stepDoer('s')}
       WHERE s.type = 'task' AND s."assigneeRole" = 'vendor' AND s.status = 'done' AND s."dueAt" IS NOT NULL
         AND s."completedAt" >= ${w.from} AND s."completedAt" < ${w.to} ${sopFilter(sop)}
       GROUP BY doer.vid),
    done AS (
      SELECT j."vendorOrgId" AS vid, EXTRACT(EPOCH FROM (j."completedAt" - j."createdAt")) / 3600.0 AS hours,
             COALESCE((SELECT max(s.round) FROM "StepRun" s WHERE s."jobId" = j.id), 1) AS max_round
        FROM "Job" j
       WHERE j.status = 'completed' AND j."completedAt" >= ${w.from} AND j."completedAt" < ${w.to} ${sopFilter(sop)}),
    cycle AS (
      SELECT vid, count(*)::int AS completed, avg(hours)::float8 AS avg_hours,
             (percentile_cont(0.9) WITHIN GROUP (ORDER BY hours))::float8 AS p90_hours,
             (count(*) FILTER (WHERE max_round = 1))::int AS first_pass, sum(max_round - 1)::int AS rework_rounds
        FROM done GROUP BY vid)
    SELECT o.id, o.name, COALESCE(t.due, 0) AS due, COALESCE(t.on_time, 0) AS on_time, COALESCE(c.completed, 0) AS completed,
           c.avg_hours, c.p90_hours, COALESCE(c.first_pass, 0) AS first_pass, COALESCE(c.rework_rounds, 0) AS rework_rounds
      FROM "Org" o LEFT JOIN tasks t ON t.vid = o.id LEFT JOIN cycle c ON c.vid = o.id
     WHERE o.kind = 'vendor'
     ORDER BY o.name, o.id`;
}

interface Ranked {
  score: number | null;
  rank: number | null;
}

/** Scores and ranks of the windowed measures (ties share nothing: equal scores are ranked by name). */
function rank(rows: Measures[], weights: ScoreWeights): Map<string, Ranked> {
  const cycles = rows.map((r) => r.avg_hours).filter((h): h is number => h !== null && h > 0);
  const fastest = cycles.length === 0 ? null : Math.min(...cycles);
  const scored = rows.map((r) => {
    const avgRework = r.completed === 0 ? null : r.rework_rounds / r.completed;
    const score = compositeScore({
      onTime: r.due === 0 ? null : r.on_time / r.due,
      firstPass: r.completed === 0 ? null : r.first_pass / r.completed,
      cycle: fastest === null || r.avg_hours === null ? null : r.avg_hours <= 0 ? 1 : fastest / r.avg_hours,
      rework: avgRework === null ? null : 1 / (1 + avgRework),
    }, weights);
    return { id: r.id, name: r.name, score };
  });
  const order = scored.filter((s) => s.score !== null).sort((a, b) => b.score! - a.score! || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const ranks = new Map(order.map((s, i) => [s.id, i + 1]));
  return new Map(scored.map((s) => [s.id, { score: s.score, rank: ranks.get(s.id) ?? null }]));
}

async function openLoad(prisma: PrismaClient, sop: string | null, now: Date) {
  return prisma.$queryRaw<Array<{ vid: string; jobs: number; steps: number; overdue: number }>>`
    SELECT j."vendorOrgId" AS vid, count(DISTINCT j.id)::int AS jobs,
           count(s.id)::int AS steps, (count(s.id) FILTER (WHERE s."dueAt" < ${now}))::int AS overdue
      FROM "Job" j LEFT JOIN "StepRun" s ON s."jobId" = j.id AND s.status = 'active' AND s.type = 'task' AND s."assigneeRole" = 'vendor'
     WHERE j.status IN ('running', 'stuck') ${sopFilter(sop)}
     GROUP BY j."vendorOrgId"`;
}

async function reasons(prisma: PrismaClient, w: ReportWindow, sop: string | null) {
  const [delays, rejections] = await Promise.all([
    prisma.$queryRaw<Array<{ vid: string; code: string; count: number }>>`
      SELECT vid, code, count(*)::int AS count FROM (
        SELECT doer.vid, d.reason AS code
          FROM "StepDelay" d JOIN "Job" j ON j.id = d."jobId"
          LEFT JOIN "StepRun" s ON s."jobId" = d."jobId" AND s."nodeId" = d."nodeId" AND s.round = d.round ${stepDoer('d')}
         WHERE d."createdAt" >= ${w.from} AND d."createdAt" < ${w.to} ${sopFilter(sop)}
        UNION ALL
        SELECT rejected.vid, ${REWORK_CODE} FROM "Review" r JOIN "Job" j ON j.id = r."jobId" ${rejectedWork}
         WHERE r.decision = 'rejected' AND r."createdAt" >= ${w.from} AND r."createdAt" < ${w.to} ${sopFilter(sop)}) x
      GROUP BY vid, code`,
    prisma.$queryRaw<Array<{ vid: string; code: string; count: number; sop_key: string; sop_version: number }>>`
      SELECT rejected.vid, c.code, count(*)::int AS count, min(j."sopKey") AS sop_key, max(j."sopVersion") AS sop_version
        FROM "Review" r JOIN "Job" j ON j.id = r."jobId" ${rejectedWork} CROSS JOIN LATERAL unnest(r.reasons) AS c(code)
       WHERE r.decision = 'rejected' AND r."createdAt" >= ${w.from} AND r."createdAt" < ${w.to} ${sopFilter(sop)}
       GROUP BY rejected.vid, c.code`,
  ]);
  return { delays, rejections };
}

async function weekly(prisma: PrismaClient, w: ReportWindow, sop: string | null) {
  return prisma.$queryRaw<Array<{ vid: string; week: number; due: number; on_time: number }>>`
    SELECT doer.vid, floor(EXTRACT(EPOCH FROM (s."completedAt" - ${w.from}::timestamptz)) / ${WEEK_MS / 1000})::int AS week,
           count(*)::int AS due, (count(*) FILTER (WHERE s."completedAt" <= s."dueAt"))::int AS on_time
      FROM "StepRun" s JOIN "Job" j ON j.id = s."jobId" ${stepDoer('s')}
     WHERE s.type = 'task' AND s."assigneeRole" = 'vendor' AND s.status = 'done' AND s."dueAt" IS NOT NULL
       AND s."completedAt" >= ${w.from} AND s."completedAt" < ${w.to} ${sopFilter(sop)}
     GROUP BY 1, 2`;
}

const top = (rows: ReasonCount[]) => rows.sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)).slice(0, TOP_REASONS);

/** The report of `window` (and the previous window of the same length, for rank changes). */
export async function vendorReport(
  prisma: PrismaClient, plans: PlanCache,
  input: {
    window: ReportWindow; sop: string | null; weights: ScoreWeights; catalogue: DelayReasonItem[]; locale: string; now?: Date;
    /** The organisation's zone: business hours of an SOP version whose own zone cannot be read (default Asia/Shanghai). */
    timezone?: string;
    /** False: skip the business cycle figures (null), for callers that read other figures only. Default true. */
    businessHours?: boolean;
  },
): Promise<VendorReport> {
  const { window: w, sop, weights } = input;
  const length = w.to.getTime() - w.from.getTime();
  const previous = { from: new Date(w.from.getTime() - length), to: w.from };
  const [current, before, load, why, weeks, business] = await Promise.all([
    measures(prisma, w, sop), measures(prisma, previous, sop), openLoad(prisma, sop, input.now ?? new Date()), reasons(prisma, w, sop), weekly(prisma, w, sop),
    input.businessHours === false ? new Map<string, BusinessCycle>() : businessCycles(prisma, plans, { ...w, sop, fallbackZone: input.timezone ?? DEFAULT_ZONE }),
  ]);
  const ranked = rank(current, weights);
  const rankedBefore = rank(before, weights);
  const english = !input.locale.startsWith('zh');
  const delayLabel = new Map(input.catalogue.map((r) => [r.code, english ? r.labels.en : r.labels['zh-CN']]));
  const rejectionLabel = async (code: string, sopKey: string, version: number) => (await plans.get(sopKey, version))?.reasonLabels.get(code) ?? code;
  const weekCount = Math.ceil(length / WEEK_MS);

  const rows: VendorReportRow[] = [];
  for (const m of current) {
    const now = ranked.get(m.id)!;
    const then = rankedBefore.get(m.id)!;
    const mine = load.find((l) => l.vid === m.id);
    const rejected: ReasonCount[] = [];
    for (const r of why.rejections.filter((x) => x.vid === m.id)) rejected.push({ code: r.code, label: await rejectionLabel(r.code, r.sop_key, r.sop_version), count: r.count });
    rows.push({
      org: { id: m.id, name: m.name },
      rank: now.rank, previousRank: then.rank,
      rankChange: now.rank !== null && then.rank !== null ? then.rank - now.rank : null,
      score: now.score, previousScore: then.score,
      scoreChange: now.score !== null && then.score !== null ? round(now.score - then.score, 1) : null,
      onTime: { rate: ratio(m.on_time, m.due), onTime: m.on_time, due: m.due },
      cycleHours: {
        completed: m.completed, avg: hours(m.avg_hours), p90: hours(m.p90_hours),
        businessAvg: hours(business.get(m.id)?.avg ?? null), businessP90: hours(business.get(m.id)?.p90 ?? null),
      },
      firstPass: { rate: ratio(m.first_pass, m.completed), passed: m.first_pass, completed: m.completed },
      rework: { rounds: m.rework_rounds, avgRounds: m.completed === 0 ? null : round(m.rework_rounds / m.completed, 2) },
      openLoad: { jobs: mine?.jobs ?? 0, steps: mine?.steps ?? 0, overdueSteps: mine?.overdue ?? 0 },
      delayReasons: top(why.delays.filter((d) => d.vid === m.id).map((d) => ({ code: d.code, label: delayLabel.get(d.code) ?? d.code, count: d.count }))),
      rejectionReasons: top(rejected),
      weekly: Array.from({ length: weekCount }, (_, i) => {
        const week = weeks.find((x) => x.vid === m.id && x.week === i);
        return { weekStart: new Date(w.from.getTime() + i * WEEK_MS).toISOString(), onTimeRate: week ? ratio(week.on_time, week.due) : null, due: week?.due ?? 0 };
      }),
    });
  }
  rows.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.org.name.localeCompare(b.org.name) || a.org.id.localeCompare(b.org.id));
  return { from: w.from.toISOString(), to: w.to.toISOString(), previous: { from: previous.from.toISOString(), to: previous.to.toISOString() }, sop, weights, vendors: rows };
}

