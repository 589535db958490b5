import { useLiveReload } from '../../lib/live-events';

/** What a job page reloads, each when the stream says that part of the job changed. */
export interface JobReloads {
  /** The job and its steps: any event of the job. */
  job?: () => void;
  /** The audit timeline: any event of the job. */
  events?: () => void;
  /** Automatic check results: a stored result, or a step change (a check step completing). */
  checks?: () => void;
  /** Deliverable versions: a submission, or a step change. */
  files?: () => void;
}

/** Reloads the parts of job `jobId`'s page the live stream reports as changed (and everything after a resync). */
export function useJobLiveReload(jobId: string, reloads: JobReloads): void {
  useLiveReload({ jobId }, () => {
    reloads.job?.();
    reloads.events?.();
  });
  useLiveReload({ jobId, names: ['check', 'step'] }, () => reloads.checks?.());
  useLiveReload({ jobId, names: ['submission', 'step'] }, () => reloads.files?.());
}
