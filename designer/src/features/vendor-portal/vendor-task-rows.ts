import type { ActiveStepBrief, JobSummary } from '../../lib/api-types';
import { toMillis } from '../../lib/time';

export interface VendorTaskRow {
  job: JobSummary;
  step: ActiveStepBrief;
  dueMs?: number;
}

/** Active vendor task steps across jobs: overdue first, then the nearest deadline, then those without one. */
export function vendorTaskRows(jobs: JobSummary[], now: number): VendorTaskRow[] {
  const rows: VendorTaskRow[] = [];
  for (const job of jobs) {
    for (const step of job.activeSteps) {
      if (step.type !== 'task' || (step.assigneeRole && step.assigneeRole !== 'vendor')) continue;
      rows.push({ job, step, dueMs: toMillis(step.dueAt) });
    }
  }
  const rank = (r: VendorTaskRow) => (r.dueMs === undefined ? 2 : r.dueMs < now ? 0 : 1);
  return rows.sort((a, b) => rank(a) - rank(b) || (a.dueMs ?? 0) - (b.dueMs ?? 0));
}
