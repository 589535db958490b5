/**
 * Shared calendars as the engine reads them: a version's spec for a job that
 * was told of it (`calendarChanged` names only the version), and the running
 * jobs on a calendar, a page at a time, for the re-timing workflow.
 */
import type { CalendarRetimeActivities } from '../core/jobs/calendar-retime-contract';
import type { JobActivities } from '../core/jobs/contract';
import type { BusinessCalendarSpec } from '../core/sop/types';
import { calendarInZone } from '../core/time/business-calendar';
import type { Database } from '../platform/db/database';

export function calendarVersionActivities(deps: { db: Database }): Pick<JobActivities, 'loadCalendarVersion'> & CalendarRetimeActivities {
  return {
    async loadCalendarVersion({ key, version }) {
      const [row] = await deps.db.query<{ spec: BusinessCalendarSpec; timezone: string }>(
        `SELECT "spec", "timezone" FROM "CalendarVersion" WHERE "calendarKey" = $1 AND "version" = $2`,
        [key, version],
      );
      return row ? { key, version, spec: calendarInZone(row.spec, row.timezone) } : null;
    },
    /**
     * Running (or stuck) jobs on `key` whose version is at most `version` (a job already on a later one gets that
     * version's signal), ordered by id after `after`: the (calendarKey, status) index finds them.
     */
    async listCalendarJobs({ key, version, after, limit }) {
      const jobs = await deps.db.query<{ id: string; workflowId: string }>(
        `SELECT "id", "workflowId" FROM "Job"
         WHERE "calendarKey" = $1 AND "status" IN ('running', 'stuck') AND "calendarVersion" <= $2 AND ($3::text IS NULL OR "id" > $3)
         ORDER BY "id" LIMIT $4`,
        [key, version, after ?? null, limit],
      );
      return { jobs };
    },
  };
}
