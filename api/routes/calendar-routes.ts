/**
 * Shared organisation calendars (README "Calendars"): work days, hours,
 * holidays and make-up workdays (调休) that SOPs name with `calendar: { ref }`.
 * Every change is a new version; running jobs on the calendar are re-timed
 * (api/calendars/calendar-store.ts). Read: staff; change: owners and admins.
 */
import type { AppDeps } from '../deps';
import { appendAudit } from '../../platform/audit/audit-log';
import { CALENDAR_KEY_PATTERN, DATE_PATTERN, TIME_OF_DAY_PATTERN } from '../../core/sop/schema';
import type { BusinessCalendarSpec } from '../../core/sop/types';
import { HolidayFileError, parseHolidayFile, previewHolidayImport } from '../../core/time/holiday-import';
import { isUniqueViolation } from '../../platform/db/unique-violation';
import { conflict, unprocessable } from '../http/problem';
import { INTERNAL_ROLES, userOf, type RouteDef } from '../http/route';
import { pageOf, ref } from '../http/response-schemas';
import { calendarNotFound, calendarVersionStale, checkCalendar, latestVersion, storeAndDeliverVersion, versionDto } from '../calendars/calendar-store';
import { MAX_VERSIONS_LISTED, readCalendar, readCalendarVersion } from '../calendars/calendar-read';
import { readHolidayUpload } from '../calendars/holiday-upload';
import { closeAfterResponse } from '../files/multipart-upload';
import { INT4_MAX } from '../http/input-rules';
import { paging } from './schemas';
import { likeLiteral, searchWordsOf } from '../jobs/job-search';

const EDITORS = ['owner', 'admin'] as const;

const specSchema = {
  type: 'object', required: ['workdays', 'hours'], additionalProperties: false,
  properties: {
    workdays: { type: 'array', minItems: 1, maxItems: 7, uniqueItems: true, items: { type: 'integer', minimum: 1, maximum: 7 } },
    hours: { type: 'array', minItems: 2, maxItems: 2, items: { type: 'string', pattern: TIME_OF_DAY_PATTERN } },
    holidays: { type: 'array', maxItems: 2000, items: { type: 'string', pattern: DATE_PATTERN } },
    workdaysExtra: { type: 'array', maxItems: 2000, items: { type: 'string', pattern: DATE_PATTERN } },
  },
};
const timezone = { type: 'string', minLength: 1, maxLength: 64, description: 'IANA zone, e.g. Asia/Shanghai' };
const keyParam = { type: 'object', properties: { key: { type: 'string', pattern: CALENDAR_KEY_PATTERN } } };
/** Prisma filters for a calendar search: each word in the key or the name (ILIKE, its wildcards literal). */
const calendarSearch = (words: string[]) =>
  words.map((word) => {
    const contains = likeLiteral(word);
    return { OR: [{ key: { contains, mode: 'insensitive' as const } }, { name: { contains, mode: 'insensitive' as const } }] };
  });
const basedOn = { type: 'integer', minimum: 1, description: 'The version this change was made on: stored only while it is still the latest (else 409 `calendar-version-stale`); without it the change is stored on whatever is latest' };

export function calendarRoutes(deps: AppDeps): RouteDef[] {
  const prisma = deps.db.prisma;
  const { client, taskQueue } = deps.temporal;

  async function calendarOrThrow(key: string) {
    const calendar = await prisma.calendar.findUnique({ where: { key } });
    if (!calendar) throw calendarNotFound(key);
    return calendar;
  }

  return [
    {
      method: 'get', path: '/api/calendars', operationId: 'listCalendars', summary: 'Shared organisation calendars with their latest version, by key', tag: 'calendars',
      access: { roles: INTERNAL_ROLES },
      query: {
        type: 'object', additionalProperties: false,
        properties: {
          q: { type: 'string', maxLength: 200, description: 'Search: every word (at most 5, split at spaces) occurs (ASCII letters in any case) in the calendar\'s key or name; `%` and `_` are literal' },
          ...paging,
        },
      },
      responses: { 200: { description: '{ items: [ { key, name, createdAt, latest } ], nextCursor }', schema: pageOf(ref('Calendar')) }, 422: { description: '`search-too-long` or `search-word-too-short`' } },
      async handler(req) {
        const q = req.query as { q?: string; cursor?: string; limit?: number };
        const limit = Number(q.limit ?? 50);
        const rows = await prisma.calendar.findMany({
          where: { AND: [...(q.cursor ? [{ key: { gt: q.cursor } }] : []), ...calendarSearch(searchWordsOf(q.q))] }, orderBy: { key: 'asc' }, take: limit + 1,
          include: { versions: { orderBy: { version: 'desc' }, take: 1 } },
        });
        const page = rows.slice(0, limit);
        return {
          items: page.map((c) => ({ key: c.key, name: c.name, createdAt: c.createdAt.toISOString(), latest: c.versions[0] ? versionDto(c.versions[0]) : null })),
          nextCursor: rows.length > limit ? page.at(-1)!.key : null,
        };
      },
    },
    {
      method: 'post', path: '/api/calendars', operationId: 'createCalendar', summary: 'Create a shared calendar (its version 1)', tag: 'calendars',
      access: { roles: EDITORS }, status: 201,
      body: {
        type: 'object', required: ['key', 'name', 'spec', 'timezone'], additionalProperties: false,
        properties: { key: { type: 'string', pattern: CALENDAR_KEY_PATTERN }, name: { type: 'string', minLength: 1, maxLength: 200 }, spec: specSchema, timezone, note: { type: 'string', maxLength: 2000 } },
      },
      responses: {
        201: { description: 'The calendar with its latest version and the versions\' metadata', schema: ref('CalendarDetail') },
        409: { description: '`calendar-key-taken`' }, 422: { description: '`calendar-invalid`: a rule of the calendar (hours, dates, a date both off and worked) or the zone' },
      },
      async handler(req) {
        const user = userOf(req);
        const body = req.body as { key: string; name: string; spec: BusinessCalendarSpec; timezone: string; note?: string };
        const spec = checkCalendar(body.spec, body.timezone);
        const taken = () => conflict('calendar-key-taken', `A calendar "${body.key}" exists already: choose another key, or add a version with PUT /api/calendars/${body.key}.`);
        if (await prisma.calendar.findUnique({ where: { key: body.key } })) throw taken();
        const created = await prisma.$transaction(async (tx) => {
          const calendar = await tx.calendar.create({ data: { key: body.key, name: body.name } });
          const version = await tx.calendarVersion.create({ data: { calendarKey: body.key, version: 1, spec: spec as object, timezone: body.timezone, note: body.note?.trim() || null, createdById: user.id } });
          await appendAudit(tx, { type: 'calendar.created', actorId: user.id, actorLabel: user.email, data: { key: body.key, name: body.name, version: 1 } });
          return calendar;
        }).catch((error: unknown) => {
          if (isUniqueViolation(error)) throw taken();
          throw error;
        });
        return readCalendar(prisma, created.key);
      },
    },
    {
      method: 'get', path: '/api/calendars/:key', operationId: 'getCalendar', summary: `A shared calendar: its latest version's spec, and its versions newest first (metadata only, at most ${MAX_VERSIONS_LISTED})`, tag: 'calendars',
      access: { roles: INTERNAL_ROLES }, params: keyParam,
      responses: { 200: { description: '{ key, name, createdAt, latest, versions: [ { version, timezone, note, createdAt, createdBy } ], moreVersions }', schema: ref('CalendarDetail') }, 404: { description: '`calendar-not-found`' } },
      async handler(req) {
        return readCalendar(prisma, String(req.params.key));
      },
    },
    {
      method: 'get', path: '/api/calendars/:key/versions/:version', operationId: 'getCalendarVersion', summary: 'One version of a shared calendar, with its spec', tag: 'calendars',
      access: { roles: INTERNAL_ROLES }, params: { type: 'object', properties: { key: { type: 'string', pattern: CALENDAR_KEY_PATTERN }, version: { type: 'integer', minimum: 1 } } },
      responses: { 200: { description: 'The version', schema: ref('CalendarVersionDetail') }, 404: { description: '`calendar-not-found`, `calendar-version-not-found`' } },
      async handler(req) {
        const key = String(req.params.key);
        const version = Number(req.params.version);
        // Beyond the int4 column no version can exist: answered as unknown, not as a database error.
        return readCalendarVersion(prisma, key, Number.isInteger(version) && version <= INT4_MAX ? version : 0);
      },
    },
    {
      method: 'put', path: '/api/calendars/:key', operationId: 'updateCalendar',
      summary: 'Store a new version of a shared calendar; running jobs on it get their open business-time deadlines re-timed', tag: 'calendars',
      access: { roles: EDITORS }, params: keyParam,
      body: { type: 'object', required: ['spec', 'timezone'], additionalProperties: false, properties: { spec: specSchema, timezone, note: { type: 'string', maxLength: 2000 }, basedOn } },
      responses: {
        200: { description: 'The new version and how many running jobs are re-timed', schema: ref('CalendarVersionCreated') },
        404: { description: '`calendar-not-found`' }, 409: { description: '`calendar-version-stale`: `basedOn` is no longer the latest version; nothing stored' }, 422: { description: '`calendar-invalid`' },
      },
      async handler(req) {
        const user = userOf(req);
        const key = String(req.params.key);
        const body = req.body as { spec: BusinessCalendarSpec; timezone: string; note?: string; basedOn?: number };
        await calendarOrThrow(key);
        const spec = checkCalendar(body.spec, body.timezone);
        const { version, jobsMoved } = await storeAndDeliverVersion(prisma, client, taskQueue, key, { spec, timezone: body.timezone, note: body.note?.trim() || null, basedOn: body.basedOn }, user);
        return { key, version: versionDto(version), jobsRetimed: jobsMoved };
      },
    },
    {
      method: 'post', path: '/api/calendars/:key/holiday-import', operationId: 'importHolidays',
      summary: 'Import a year\'s official holiday schedule from a file (holiday-cn JSON or CSV date,name,type): a preview by default, a new version with dryRun=false', tag: 'calendars',
      access: { roles: EDITORS }, params: keyParam,
      multipart: {
        description: 'Part `file`: holiday-cn JSON (`{ "year": 2027, "days": [ { "name", "date", "isOffDay" } ] }`) or CSV `date,name,type` (type off|work or 休|班). Text part `year`: the year expected in the file (optional). Text part `dryRun`: `true` (default) previews only; `false` stores the result as a new version. Text part `basedOn`: the version the preview was made on (the preview\'s `basedOn`); with `dryRun=false` the import is stored only while that is still the latest.',
        fields: { file: { type: 'string', format: 'binary' }, year: { type: 'string', pattern: '^[0-9]{4}$' }, dryRun: { type: 'string', enum: ['true', 'false'] }, basedOn: { type: 'string', pattern: '^[0-9]{1,10}$' } },
      },
      responses: {
        200: { description: 'The preview (added/removed holidays and make-up workdays, the calendar after import); with dryRun=false also the new version', schema: ref('HolidayImport') },
        404: { description: '`calendar-not-found`' }, 409: { description: '`calendar-version-stale`: with dryRun=false, the calendar has a version after `basedOn` (or after the one the import was computed on); nothing stored' },
        413: { description: 'The file is larger than 256 kB' },
        422: { description: '`holiday-file-unreadable`: not JSON/CSV of the formats, a bad date or type, a date both off and worked, another year; `calendar-invalid`' },
      },
      async handler(req) {
        const user = userOf(req);
        const key = String(req.params.key);
        // The calendar is looked up before the body is read: an unknown key never streams a file.
        await calendarOrThrow(key).catch((error: unknown) => {
          closeAfterResponse(req);
          throw error;
        });
        const upload = await readHolidayUpload(req);
        let schedule;
        try {
          schedule = parseHolidayFile(upload.text, upload.year);
        } catch (error) {
          if (error instanceof HolidayFileError) throw unprocessable(error.code, `The holiday file cannot be read: ${error.message}.`, [{ path: 'body/file', message: error.message }]);
          throw error;
        }
        const latest = await latestVersion(prisma, key);
        if (!latest) throw calendarNotFound(key);
        if (!upload.dryRun && upload.basedOn !== undefined && upload.basedOn !== latest.version) throw calendarVersionStale(key, upload.basedOn, latest.version);
        const preview = previewHolidayImport(latest.spec as BusinessCalendarSpec, schedule);
        const spec = checkCalendar(preview.spec, latest.timezone);
        const answer = { key, year: preview.year, basedOn: latest.version, holidays: preview.holidays, makeUpWorkdays: preview.makeUpWorkdays, spec, dryRun: upload.dryRun };
        if (upload.dryRun) return answer;
        const note = `holiday import ${preview.year}`;
        // The spec was computed on `latest`: stored only if no version came in between (checked again under the lock).
        const { version, jobsMoved } = await storeAndDeliverVersion(prisma, client, taskQueue, key, { spec, timezone: latest.timezone, note, basedOn: latest.version }, user);
        return { ...answer, version: versionDto(version), jobsRetimed: jobsMoved };
      },
    },
  ];
}
