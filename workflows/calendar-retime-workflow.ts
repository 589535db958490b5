/**
 * Delivers a new shared calendar version to the running jobs that use it.
 * Started by the API right after the version is stored (workflow id
 * `calendar-retime-<key>-v<version>`, so a repeated start is refused, not
 * doubled). Signalling from a workflow is durable: a worker or API crash
 * midway resumes where it stopped, and each job ignores a version it already
 * applied, so a replayed signal changes nothing.
 */
import { getExternalWorkflowHandle } from '@temporalio/workflow';
import type { CalendarChangedInput } from '../core/jobs/contract';
import { calendarChangedSignal } from './definitions';

export interface CalendarRetimeInput extends CalendarChangedInput {
  /** Workflow ids of the running jobs on this calendar when the version was stored. */
  workflowIds: string[];
}

/** Signals this many jobs at a time: a bounded number of pending commands. */
const BATCH = 100;

/** Signals every job; returns how many got the signal (the others had ended meanwhile). */
export async function calendarRetimeWorkflow(input: CalendarRetimeInput): Promise<{ signalled: number; gone: number }> {
  const { workflowIds, ...change } = input;
  let signalled = 0;
  for (let i = 0; i < workflowIds.length; i += BATCH) {
    const results = await Promise.allSettled(workflowIds.slice(i, i + BATCH).map((id) => getExternalWorkflowHandle(id).signal(calendarChangedSignal, change)));
    signalled += results.filter((r) => r.status === 'fulfilled').length;
  }
  return { signalled, gone: workflowIds.length - signalled };
}

export const CALENDAR_RETIME_WORKFLOW_TYPE = 'calendarRetimeWorkflow';
