import { DateTime } from 'luxon';
import type { AppDeps } from '../deps';
import { overview } from '../analytics/overview';
import { vendorKpis, type Window } from '../analytics/vendor-kpis';
import type { AuthUser } from '../auth/auth-user';
import { badRequest, unprocessable } from '../http/problem';
import { INTERNAL_ROLES, userOf, type RouteDef } from '../http/route';
import { planCacheFor } from '../sops/plan-cache';
import { INLINE, ref } from '../http/response-schemas';

const DEFAULT_WINDOW_DAYS = 30;
/** The longest window one request may ask for: a year (a leap year included), so one query stays bounded. */
export const MAX_WINDOW_DAYS = 366;
const dateOrDateTime = { type: 'string', anyOf: [{ format: 'date' }, { format: 'date-time' }] };

/**
 * `from`/`to` as given: a date-time is taken as is; a date (`YYYY-MM-DD`) in the
 * caller's time zone, `from` at the start of that day and `to` at its end (both
 * days included). Defaults: the last 30 days up to now. At most
 * {@link MAX_WINDOW_DAYS} days (422 `analytics-range-too-long`).
 */
/** A `from`/`to` query value as an instant: a date-time as is, a date in `zone` (its start, or its end for `to`). */
export function windowBound(value: string, endOfDay: boolean, zone: string): Date {
  if (value.includes('T')) return new Date(value);
  const day = DateTime.fromISO(value, { zone });
  return (endOfDay ? day.plus({ days: 1 }) : day).toJSDate();
}

export function analyticsWindow(query: { from?: string; to?: string }, user: AuthUser, now = new Date()): Window {
  const at = (value: string, endOfDay: boolean): Date => windowBound(value, endOfDay, user.timezone);
  const to = query.to ? at(query.to, true) : now;
  const from = query.from ? at(query.from, false) : new Date(to.getTime() - DEFAULT_WINDOW_DAYS * 86_400_000);
  if (from.getTime() >= to.getTime()) throw badRequest('`from` must be before `to`.', [{ path: 'query/from', message: `${from.toISOString()} is not before ${to.toISOString()}` }]);
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * 86_400_000) {
    throw unprocessable('analytics-range-too-long', `The window from ${from.toISOString()} to ${to.toISOString()} is longer than ${MAX_WINDOW_DAYS} days: ask for a year or less at a time.`, [
      { path: 'query/from', message: `at most ${MAX_WINDOW_DAYS} days before \`to\`` },
    ]);
  }
  return { from, to };
}

export function analyticsRoutes(deps: AppDeps): RouteDef[] {
  const prisma = deps.db.prisma;
  const plans = planCacheFor(prisma);
  return [
    {
      method: 'get', path: '/api/analytics/vendors', operationId: 'vendorKpis', summary: 'KPIs per vendor organisation over a window (on-time, cycle, first pass, rework, delay causes)', tag: 'analytics',
      access: { roles: INTERNAL_ROLES },
      query: { type: 'object', additionalProperties: false, properties: { from: dateOrDateTime, to: dateOrDateTime } },
      responses: {
        200: {
          description: '{ from, to, vendors: [ { org: { id, name }, jobsStarted, jobsCompleted, onTimeRate, onTime: { onTime, due }, avgDeliveryCycleHours, firstPassRate, firstPass: { passed, checked }, avgReworkRounds, overdueOpenSteps, rejections, delayCauses: [ { code, label, count } ] } ] }',
          schema: INLINE.vendorKpiPage,
        },
        422: { description: 'analytics-range-too-long: more than 366 days asked for' },
      },
      async handler(req) {
        const window = analyticsWindow(req.query as { from?: string; to?: string }, userOf(req));
        return { from: window.from.toISOString(), to: window.to.toISOString(), vendors: await vendorKpis(prisma, plans, window) };
      },
    },
    {
      method: 'get', path: '/api/analytics/overview', operationId: 'analyticsOverview', summary: 'Jobs by status, the overdue list, open steps per day (burndown, last 30 days)', tag: 'analytics',
      access: { roles: INTERNAL_ROLES },
      responses: {
        200: {
          description: '{ at, jobsByStatus: { running, completed, cancelled, failed, stuck }, overdue: [ { job: { id, code, title, vendorOrg }, nodeId, stepTitle, type, round, dueAt, lateHours, assignee: { role, userId, name } } ], burndown: [ { date, open } ] }',
          schema: ref('Overview'),
        },
      },
      async handler(req) {
        return overview(prisma, plans, { timezone: userOf(req).timezone });
      },
    },
  ];
}
