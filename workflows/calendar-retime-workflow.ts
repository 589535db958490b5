/**
 * Delivers a new shared calendar version to the running jobs that use it.
 * Started by the API right after the version is stored (workflow id
 * `calendar-retime-<key>-v<version>`, so a repeated start is refused, not
 * doubled). Signalling from a workflow is durable: a worker or API crash
 * midway resumes where it stopped, and each job ignores a version it already
 * applied, so a replayed signal changes nothing.
 *
 * Sizes stay flat however many jobs use the calendar: the input is the key and
 * the version, the jobs are read a page at a time through an activity (ordered
 * by job id, the cursor is the last id), each signal names only the key and the
 * version (the job loads the spec), and the run continues as new every
 * {@link DEFAULT_PAGES_PER_RUN} pages.
 */
import { continueAsNew, getExternalWorkflowHandle, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { CalendarChangedInput } from '../core/jobs/contract';
import type { CalendarRetimeActivities } from '../core/jobs/calendar-retime-contract';
import { calendarChangedSignal } from './definitions';

export interface CalendarRetimeInput {
  key: string;
  version: number;
  /** Tuning; tests lower both to cross pages and runs with a few jobs. */
  options?: { pageSize?: number; pagesPerRun?: number };
  /** Carried across continue-as-new: where the previous run stopped and what it counted. */
  progress?: { after: string; signalled: number; gone: number };
}

/**
 * The first form of the input (before paging): every job's workflow id and the spec. Still run as it was, so a
 * workflow of that form started before the change finishes on the new code.
 */
interface LegacyRetimeInput extends CalendarChangedInput {
  workflowIds: string[];
}

/** Jobs read and signalled at a time: a bounded number of pending signals, and an activity result of a few kB. */
export const DEFAULT_PAGE_SIZE = 200;

/**
 * Pages per run before continuing as new. A page adds about 2 events per job (signal initiated, then signalled or
 * failed) and a handful for the activity and the workflow task: 10 pages of 200 are about 4,100 events and some
 * 100 kB of history, well under Temporal's 10,240-event warning and 50 MB limit (the job workflow continues as
 * new after 4,000 events likewise). 25,000 jobs take 13 runs.
 */
export const DEFAULT_PAGES_PER_RUN = 10;

const { listCalendarJobs } = proxyActivities<CalendarRetimeActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Signals every job; returns how many got the signal (the others had ended meanwhile). */
export async function calendarRetimeWorkflow(input: CalendarRetimeInput | LegacyRetimeInput): Promise<{ signalled: number; gone: number }> {
  if ('workflowIds' in input && Array.isArray(input.workflowIds)) return legacyRetime(input);
  const { key, version, options } = input as CalendarRetimeInput;
  const pageSize = Math.max(1, options?.pageSize ?? DEFAULT_PAGE_SIZE);
  const pagesPerRun = Math.max(1, options?.pagesPerRun ?? DEFAULT_PAGES_PER_RUN);
  let { after, signalled, gone } = (input as CalendarRetimeInput).progress ?? { after: undefined as string | undefined, signalled: 0, gone: 0 };
  const change: CalendarChangedInput = { key, version };
  for (let page = 0; ; page += 1) {
    if (page >= pagesPerRun || (page > 0 && workflowInfo().continueAsNewSuggested)) {
      await continueAsNew<typeof calendarRetimeWorkflow>({ key, version, ...(options ? { options } : {}), progress: { after: after!, signalled, gone } });
    }
    const { jobs } = await listCalendarJobs({ key, version, ...(after !== undefined ? { after } : {}), limit: pageSize });
    const results = await Promise.allSettled(jobs.map((job) => getExternalWorkflowHandle(job.workflowId).signal(calendarChangedSignal, change)));
    const delivered = results.filter((r) => r.status === 'fulfilled').length;
    signalled += delivered;
    gone += jobs.length - delivered;
    if (jobs.length < pageSize) return { signalled, gone };
    after = jobs.at(-1)!.id;
  }
}

/** The first form, unchanged: signals the spec itself to the listed jobs, 100 at a time. */
async function legacyRetime(input: LegacyRetimeInput): Promise<{ signalled: number; gone: number }> {
  const { workflowIds, ...change } = input;
  let signalled = 0;
  for (let i = 0; i < workflowIds.length; i += 100) {
    const results = await Promise.allSettled(workflowIds.slice(i, i + 100).map((id) => getExternalWorkflowHandle(id).signal(calendarChangedSignal, change)));
    signalled += results.filter((r) => r.status === 'fulfilled').length;
  }
  return { signalled, gone: workflowIds.length - signalled };
}

export const CALENDAR_RETIME_WORKFLOW_TYPE = 'calendarRetimeWorkflow';
