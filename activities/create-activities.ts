import type { JobActivities } from '../core/jobs/contract';
import type { CalendarRetimeActivities } from '../core/jobs/calendar-retime-contract';
import { calendarVersionActivities } from './calendar-versions';
import type { ActivityDeps } from './deps';
import { recordAcceptanceActivity } from './record-acceptance';
import { recordEventsActivity } from './record-events';
import { recordReportActivity } from './record-report';
import { recordReviewActivity } from './record-review';
import { recordSubmissionActivity } from './record-submission';
import { recordUpdateActivities } from './record-update';
import { runCheckActivity } from './run-check';

/**
 * The job workflow's activities, built from their dependencies (database, storage, OCR pool).
 * (With the calendar re-timing workflow's page of jobs.) Notices are not an activity of their own: they ride in `recordEvents` batches (see record-events.ts).
 */
export function createActivities(deps: ActivityDeps): JobActivities & CalendarRetimeActivities {
  return {
    ...calendarVersionActivities(deps),
    recordEvents: recordEventsActivity(deps),
    recordSubmission: recordSubmissionActivity(deps),
    recordReview: recordReviewActivity(deps),
    ...recordUpdateActivities(deps),
    recordAcceptance: recordAcceptanceActivity(deps),
    recordReport: recordReportActivity(deps),
    runCheck: runCheckActivity(deps),
  };
}
