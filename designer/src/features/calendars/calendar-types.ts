/**
 * Shared organisation calendars as /api/calendars answers them
 * (api/routes/calendar-routes.ts; types generated from the OpenAPI document).
 */
import type { components } from '../../lib/api-schema';

type Schemas = components['schemas'];

export type CalendarSpec = Schemas['CalendarSpec'];
/** A calendar of the list: key, name, its latest version. */
export type CalendarSummary = Schemas['Calendar'];
/** `GET /api/calendars/:key`: the latest version's spec, the versions as metadata. */
export type CalendarDetail = Schemas['CalendarDetail'];
export type CalendarVersionEntry = Schemas['CalendarVersionEntry'];
export type CalendarVersionDetail = Schemas['CalendarVersionDetail'];
export type CalendarVersionCreated = Schemas['CalendarVersionCreated'];
/** `POST /api/calendars/:key/holiday-import`: the preview, and the stored version with dryRun=false. */
export type HolidayImport = Schemas['HolidayImport'];

/** Dates grouped by their year, years ascending, dates sorted. */
export function datesByYear(dates: readonly string[] | undefined): Array<[string, string[]]> {
  const years = new Map<string, string[]>();
  for (const date of [...(dates ?? [])].sort()) {
    const year = date.slice(0, 4);
    years.set(year, [...(years.get(year) ?? []), date]);
  }
  return [...years];
}
