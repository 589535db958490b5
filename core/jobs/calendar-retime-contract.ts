/**
 * What the calendar re-timing workflow (workflows/calendar-retime-workflow.ts)
 * is given and asks of activities. Pure types.
 */

/** One page of the running jobs on a calendar, ordered by job id. */
export interface ListCalendarJobsInput {
  key: string;
  /** The version being delivered: jobs already on a later version are left to that version's workflow. */
  version: number;
  /** The last job id of the previous page; absent for the first page. */
  after?: string;
  limit: number;
}

export interface CalendarJobsPage {
  jobs: Array<{ id: string; workflowId: string }>;
}

export interface CalendarRetimeActivities {
  listCalendarJobs(input: ListCalendarJobsInput): Promise<CalendarJobsPage>;
}
