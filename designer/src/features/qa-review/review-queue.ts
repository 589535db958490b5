import type { ActiveStepBrief, JobSummary } from '../../lib/api-types';
import { toMillis } from '../../lib/time';

export interface ReviewItem {
  job: JobSummary;
  step: ActiveStepBrief;
}

/** Active review steps across jobs, nearest deadline first. */
export function reviewQueue(jobs: JobSummary[]): ReviewItem[] {
  const items: ReviewItem[] = [];
  for (const job of jobs) {
    for (const s of job.activeSteps ?? []) {
      if (typeof s !== 'string' && s.type === 'review') items.push({ job, step: s });
    }
  }
  const due = (i: ReviewItem) => toMillis(i.step.dueAt) ?? Number.MAX_SAFE_INTEGER;
  return items.sort((a, b) => due(a) - due(b));
}

export function reviewPath(item: ReviewItem): string {
  return `/qa/jobs/${encodeURIComponent(item.job.id)}/${encodeURIComponent(item.step.nodeId)}`;
}
