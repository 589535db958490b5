/**
 * Reading a shared calendar (README "Calendars"): the latest version's spec
 * with the versions as metadata only (a calendar edited for years keeps its
 * answer small), and one version's spec on request.
 */
import type { PrismaClient } from '../../platform/db/prisma-types';
import { HttpProblem } from '../http/problem';
import { calendarNotFound, versionDto, type CalendarVersionDto } from './calendar-store';

/** Most versions `GET /api/calendars/:key` lists (newest first); `moreVersions` says when older ones exist. */
export const MAX_VERSIONS_LISTED = 100;

export interface CalendarVersionEntry {
  version: number;
  timezone: string;
  note: string | null;
  createdAt: string;
  createdBy: { id: string; name: string };
}

export interface CalendarDetailDto {
  key: string;
  name: string;
  createdAt: string;
  latest: CalendarVersionDto;
  versions: CalendarVersionEntry[];
  moreVersions: boolean;
}

const calendarVersionNotFound = (key: string, version: number) =>
  new HttpProblem(404, 'calendar-version-not-found', 'Not found', `Calendar "${key}" has no version ${version}.`);

/**
 * The calendar `key` with its latest version's spec and its newest versions' metadata.
 * @throws 404 `calendar-not-found`.
 */
export async function readCalendar(prisma: PrismaClient, key: string): Promise<CalendarDetailDto> {
  const calendar = await prisma.calendar.findUnique({
    where: { key },
    include: {
      versions: {
        orderBy: { version: 'desc' }, take: MAX_VERSIONS_LISTED + 1,
        select: { version: true, timezone: true, note: true, createdAt: true, createdBy: { select: { id: true, name: true } } },
      },
    },
  });
  if (!calendar || calendar.versions.length === 0) throw calendarNotFound(key);
  const latest = await prisma.calendarVersion.findUniqueOrThrow({ where: { calendarKey_version: { calendarKey: key, version: calendar.versions[0]!.version } } });
  return {
    key: calendar.key, name: calendar.name, createdAt: calendar.createdAt.toISOString(), latest: versionDto(latest),
    versions: calendar.versions.slice(0, MAX_VERSIONS_LISTED).map((v) => ({ version: v.version, timezone: v.timezone, note: v.note, createdAt: v.createdAt.toISOString(), createdBy: v.createdBy })),
    moreVersions: calendar.versions.length > MAX_VERSIONS_LISTED,
  };
}

/**
 * One version of the calendar `key`, with its spec and who stored it.
 * @throws 404 `calendar-not-found`, or `calendar-version-not-found` for a version it does not have.
 */
export async function readCalendarVersion(prisma: PrismaClient, key: string, version: number): Promise<CalendarVersionDto & { key: string; createdBy: { id: string; name: string } }> {
  const row = await prisma.calendarVersion.findUnique({ where: { calendarKey_version: { calendarKey: key, version } }, include: { createdBy: { select: { id: true, name: true } } } });
  if (!row) {
    if (!(await prisma.calendar.findUnique({ where: { key } }))) throw calendarNotFound(key);
    throw calendarVersionNotFound(key, version);
  }
  return { key, ...versionDto(row), createdBy: row.createdBy };
}
