/**
 * Burndown of the portfolio: for each day of a period (days in the viewer's
 * zone), the open STEPS people work on (task, review, accept) of the jobs in
 * the filter at the end of that day (now for today), and the ideal line — a
 * straight line from the first day's open count down to zero on the last day.
 * Days after today have no actual count (`open: null`). Counted and drawn in
 * one SQL statement.
 */
import type { Database } from '../../platform/db/database';
import { parameters, portfolioConditions, type PortfolioFilter } from './portfolio-filter';

export interface BurndownDay {
  /** `YYYY-MM-DD` in the viewer's zone. */
  date: string;
  /** Open steps at the end of the day; null for days still to come. */
  open: number | null;
  /** The ideal line on that day (2 decimals). */
  ideal: number;
}

/**
 * `firstDay`..`lastDay` (local dates, both included) in `timezone`; `filter`
 * selects jobs by SOP, vendor and status (its period is the days).
 */
export async function readBurndown(
  db: Database,
  filter: Omit<PortfolioFilter, 'from' | 'to'> & { firstDay: string; lastDay: string; timezone: string; now: Date },
): Promise<BurndownDay[]> {
  const { params, param } = parameters();
  const first = param(filter.firstDay);
  const last = param(filter.lastDay);
  const zone = param(filter.timezone);
  const now = param(filter.now);
  const where = portfolioConditions({ sopKey: filter.sopKey, vendorOrgId: filter.vendorOrgId, status: filter.status }, param);
  return db.query<BurndownDay>(
    `WITH days AS (
       SELECT d::date AS day, row_number() OVER (ORDER BY d) - 1 AS i,
              (((d::date)::timestamp) AT TIME ZONE ${zone}) AS day_start,
              (((d::date + 1)::timestamp) AT TIME ZONE ${zone}) AS day_end
         FROM generate_series(${first}::date, ${last}::date, interval '1 day') d
     ), steps AS (
       -- The filtered steps that can be open on some day of the period, read once.
       SELECT s."activatedAt", s."completedAt", s.status FROM "StepRun" s JOIN "Job" j ON j.id = s."jobId"
        WHERE s.type IN ('task', 'review', 'accept')
          AND s."activatedAt" < (SELECT max(day_end) FROM days)
          AND (s."completedAt" IS NULL OR s."completedAt" >= (SELECT min(day_start) FROM days))
          ${where.map((w) => `AND ${w}`).join(' ')}
     ), counted AS (
       SELECT days.day, days.i,
              CASE WHEN days.day_start > ${now}::timestamptz THEN NULL ELSE
                (SELECT count(*)::int FROM steps s
                  WHERE s."activatedAt" < LEAST(days.day_end, ${now}::timestamptz)
                    AND (s."completedAt" >= LEAST(days.day_end, ${now}::timestamptz) OR (s."completedAt" IS NULL AND s.status = 'active')))
              END AS open
         FROM days
     )
     SELECT to_char(day, 'YYYY-MM-DD') AS date, open,
            round((COALESCE(first_value(open) OVER (ORDER BY day), 0) *
                   CASE WHEN max(i) OVER () = 0 THEN 1 ELSE (max(i) OVER () - i)::numeric / max(i) OVER () END)::numeric, 2)::float8 AS ideal
       FROM counted ORDER BY day`,
    params,
  );
}
