import { DateTime } from 'luxon';
import type { AppDeps } from '../deps';
import { decodeInstantCursor, encodeInstantCursor } from '../http/cursor';
import { INTERNAL_ROLES, userOf, type RouteDef } from '../http/route';
import { INLINE } from '../http/response-schemas';
import { readBurndown } from '../portfolio/portfolio-burndown';
import { readPortfolio } from '../portfolio/portfolio-read';
import { planCacheFor } from '../sops/plan-cache';
import { analyticsWindow, windowBound } from './analytics-routes';
import { paging } from './schemas';

const dateOrDateTime = { type: 'string', anyOf: [{ format: 'date' }, { format: 'date-time' }] };
const filters = {
  sop: { type: 'string', maxLength: 64, description: 'SOP key' },
  vendor: { type: 'string', maxLength: 128, description: 'Vendor organisation id' },
  status: { enum: ['running', 'completed', 'cancelled', 'failed', 'stuck'] },
  from: { ...dateOrDateTime, description: 'Period start: a date (the caller\'s zone, start of day) or a date-time' },
  to: { ...dateOrDateTime, description: 'Period end: a date (the caller\'s zone, that day included) or a date-time' },
};

interface PortfolioQuery { sop?: string; vendor?: string; status?: string; from?: string; to?: string; cursor?: string; limit: number }

/** The query's job filter as the read model names it (both routes filter the same way). */
const jobFilter = (q: PortfolioQuery) => ({ sopKey: q.sop, vendorOrgId: q.vendor, status: q.status });

/**
 * The portfolio view (项目总览): a Gantt across jobs and a burndown. Staff only —
 * vendors have their own job pages and the portfolio names every vendor.
 */
export function portfolioRoutes(deps: AppDeps): RouteDef[] {
  const plans = planCacheFor(deps.db.prisma);
  return [
    {
      method: 'get', path: '/api/portfolio', operationId: 'portfolio', summary: 'Jobs with their steps planned vs actual (Gantt), newest first, paginated', tag: 'analytics',
      access: { roles: INTERNAL_ROLES },
      query: { type: 'object', additionalProperties: false, properties: { ...filters, ...paging } },
      responses: {
        200: {
          description: '{ at, items: [ { id, code, title, status, sop, vendorOrg, createdAt, completedAt, risk: { probability, level } | null (the highest of its scored active steps), steps: [ { nodeId, title, type, round, status, plannedStart, plannedEnd, actualStart, actualEnd, overdue, milestone } ] } ], nextCursor }. A running job also lists the steps it has not reached yet with status `planned` (planned along the SOP\'s hoped-for path from now; actualStart null).',
          schema: INLINE.portfolioPage,
        },
        422: { description: 'analytics-range-too-long: a period over 366 days; cursor-invalid' },
      },
      async handler(req) {
        const user = userOf(req);
        const q = req.query as unknown as PortfolioQuery;
        const now = new Date();
        // Both bounds: a checked window (≤ 366 days); one bound alone leaves the other side open.
        const window = q.from && q.to ? analyticsWindow(q, user, now) : {
          from: q.from ? windowBound(q.from, false, user.timezone) : undefined,
          to: q.to ? windowBound(q.to, true, user.timezone) : undefined,
        };
        const after = q.cursor ? (({ at, id }) => ({ createdAt: at, id }))(decodeInstantCursor(q.cursor)) : undefined;
        const rows = await readPortfolio(deps.db, plans, {
          ...jobFilter(q), from: window.from, to: window.to, after, limit: q.limit + 1, now,
        });
        const items = rows.slice(0, q.limit);
        const last = items.at(-1);
        const nextCursor = rows.length > q.limit && last ? encodeInstantCursor(new Date(last.createdAt), last.id) : null;
        return { at: now.toISOString(), items, nextCursor };
      },
    },
    {
      method: 'get', path: '/api/portfolio/burndown', operationId: 'portfolioBurndown', summary: 'Open steps per day of a period with the ideal line (burndown)', tag: 'analytics',
      access: { roles: INTERNAL_ROLES },
      query: { type: 'object', additionalProperties: false, properties: filters },
      responses: {
        200: {
          description: '{ from, to, timezone, counts: "steps", days: [ { date, open, ideal } ] } — open task/review/accept steps at the end of each day (null after today); the ideal line runs from the first day\'s count to 0 on the last day',
          schema: INLINE.portfolioBurndown,
        },
        422: { description: 'analytics-range-too-long: a period over 366 days' },
      },
      async handler(req) {
        const user = userOf(req);
        const q = req.query as unknown as PortfolioQuery;
        const now = new Date();
        const window = analyticsWindow(q, user, now);
        const firstDay = DateTime.fromJSDate(window.from).setZone(user.timezone).toISODate() as string;
        const lastDay = DateTime.fromJSDate(new Date(window.to.getTime() - 1)).setZone(user.timezone).toISODate() as string;
        const days = await readBurndown(deps.db, { ...jobFilter(q), firstDay, lastDay, timezone: user.timezone, now });
        return { from: window.from.toISOString(), to: window.to.toISOString(), timezone: user.timezone, counts: 'steps', days };
      },
    },
  ];
}
