/**
 * Sends a signal to a job's workflow. A job the database still shows running
 * may have just ended in Temporal (cancelled, completed, timed out) before its
 * row caught up: that is the caller's 409 `job-not-running`, not a 500.
 */
import type { Client } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/common';
import { conflict } from '../http/problem';
import { workflowGone } from './workflow-errors';

interface SignalTarget {
  status: string;
  workflowId: string;
}

export async function signalJob<Args extends unknown[]>(client: Client, job: SignalTarget, signal: SignalDefinition<Args>, ...args: Args): Promise<void> {
  if (job.status !== 'running' && job.status !== 'stuck') throw conflict('job-not-running', `The job is ${job.status}.`);
  try {
    await client.workflow.getHandle(job.workflowId).signal(signal, ...args);
  } catch (error) {
    if (workflowGone(error)) throw conflict('job-not-running', 'The job has ended; it takes no more changes.');
    throw error;
  }
}
