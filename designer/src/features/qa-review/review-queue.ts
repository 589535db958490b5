import type { TaskItem } from '../../lib/my-tasks';

/** The QA queue: active review steps the caller may decide, as `GET /api/me/tasks?kind=review` orders them (overdue first, then by deadline). */
export const REVIEW_QUEUE_PATH = '/me/tasks?kind=review';

export function reviewPath(item: Pick<TaskItem, 'job' | 'step'>): string {
  return `/qa/jobs/${encodeURIComponent(item.job.id)}/${encodeURIComponent(item.step.nodeId)}`;
}
