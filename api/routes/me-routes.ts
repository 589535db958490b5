import { DateTime } from 'luxon';
import type { AppDeps } from '../deps';
import { userOf, type RouteDef } from '../http/route';
import { TASK_DUE, TASK_KINDS, TASK_STATUSES, readMyTasks, type TaskDue, type TaskKind, type TaskStatus } from '../jobs/my-tasks-read';
import { decodeTaskCursor, encodeTaskCursor } from '../jobs/task-cursor';
import { compareTaskItems, mergeTaskItems, reportItemMatches, reportTaskItems } from '../jobs/my-report-tasks';

/** [from, to) of a `due` filter at `now`, days counted in the caller's time zone (UTC if it is not a known zone). */
export function dueWindow(due: TaskDue, now: Date, zone: string): { from: Date | null; to: Date } {
  if (due === 'overdue') return { from: null, to: now };
  let local = DateTime.fromJSDate(now, { zone });
  if (!local.isValid) local = DateTime.fromJSDate(now, { zone: 'utc' });
  const startOfDay = local.startOf('day');
  return { from: now, to: startOfDay.plus({ days: due === 'today' ? 1 : 7 }).toJSDate() };
}

const nullableIso = { type: ['string', 'null'], format: 'date-time' };
const taskItemSchema = {
  type: 'object', additionalProperties: false,
  required: ['id', 'kind', 'status', 'overdue', 'dueAt', 'job', 'step'],
  properties: {
    id: { type: 'string', description: 'The item (for step kinds: the step run)' },
    kind: { enum: [...TASK_KINDS], description: '`task`/`review`/`acceptance` (an `accept` step, 接单): a step the caller may act on; `stuck`: a stuck job\'s step (owner, manager); `overdue`: a late step whose escalation ladder names the caller; `report` (vendors): a report or check-in (日报/周报/打卡) owed now, due at `dueAt`' },
    status: { enum: [...TASK_STATUSES], description: '`rework` from round 2 on' },
    overdue: { type: 'boolean' },
    dueAt: nullableIso,
    job: {
      type: 'object', additionalProperties: false, required: ['id', 'code', 'title', 'status', 'sop', 'vendorOrg'],
      properties: {
        id: { type: 'string' }, code: { type: 'string' }, title: { type: 'string' }, status: { enum: ['running', 'stuck'] },
        sop: { type: 'object', required: ['key', 'version'], properties: { key: { type: 'string' }, version: { type: 'integer' } } },
        vendorOrg: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' } } },
      },
    },
    step: {
      type: 'object', additionalProperties: false, required: ['nodeId', 'type', 'title', 'round', 'assigneeRole'],
      properties: { nodeId: { type: 'string' }, type: { type: 'string' }, title: { type: ['string', 'null'] }, round: { type: 'integer' }, assigneeRole: { type: ['string', 'null'] } },
    },
  },
};
const countsSchema = {
  type: 'object', additionalProperties: false, required: ['total', 'overdue', 'byKind'],
  properties: {
    total: { type: 'integer' }, overdue: { type: 'integer' },
    byKind: { type: 'object', additionalProperties: false, required: [...TASK_KINDS], properties: Object.fromEntries(TASK_KINDS.map((k) => [k, { type: 'integer' }])) },
  },
};

export function meRoutes(deps: AppDeps): RouteDef[] {
  return [
    {
      method: 'get', path: '/api/me/tasks', operationId: 'myTasks', tag: 'jobs',
      summary: 'The caller\'s actionable items across all jobs: overdue first, then by deadline; keyset-paginated; counts for badges',
      access: { roles: 'any' },
      query: {
        type: 'object', additionalProperties: false,
        properties: {
          kind: { enum: [...TASK_KINDS] },
          status: { enum: [...TASK_STATUSES], description: '`open` (first round) or `rework`' },
          due: { enum: [...TASK_DUE], description: '`overdue`: past its deadline; `today` / `week`: not yet late, due by the end of today / of the 7th day in the caller\'s time zone' },
          cursor: { type: 'string', maxLength: 256, description: '`nextCursor` of the previous page' },
          limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
        },
      },
      responses: {
        200: {
          description: '{ items, nextCursor, counts } — counts describe the caller\'s whole queue (filters and cursor aside)',
          schema: {
            type: 'object', additionalProperties: false, required: ['items', 'nextCursor', 'counts'],
            properties: { items: { type: 'array', items: taskItemSchema }, nextCursor: { type: ['string', 'null'] }, counts: countsSchema },
          },
        },
        422: { description: '`cursor-invalid`: a cursor this API did not return' },
      },
      async handler(req) {
        const user = userOf(req);
        const q = req.query as unknown as { kind?: TaskKind; status?: TaskStatus; due?: TaskDue; cursor?: string; limit: number };
        const after = q.cursor === undefined ? undefined : decodeTaskCursor(q.cursor);
        const now = new Date();
        const query = { kind: q.kind, status: q.status, due: q.due ? dueWindow(q.due, now, user.timezone) : undefined, after, now, limit: q.limit + 1 };
        // Counts cover the whole queue (filters aside): the report items are read whatever `kind` asks for.
        const [steps, reports] = await Promise.all([
          readMyTasks(deps.db, user, q.kind === 'report' ? { ...query, limit: 0 } : query),
          reportTaskItems(deps.db, deps.db.prisma, user, now),
        ]);
        const counts = { ...steps.counts, total: steps.counts.total + reports.length, byKind: { ...steps.counts.byKind, report: reports.length } };
        const items = mergeTaskItems(steps.items, reports.filter((r) => reportItemMatches(r, query)).sort(compareTaskItems)).slice(0, q.limit + 1);
        const page = items.slice(0, q.limit);
        const last = page.at(-1);
        return { items: page, nextCursor: items.length > q.limit && last ? encodeTaskCursor(last) : null, counts };
      },
    },
  ];
}
