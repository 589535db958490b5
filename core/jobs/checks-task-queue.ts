/**
 * Check activities (naming, visual, OCR, checklist) run on a task queue of their own,
 * next to the job queue: a vendor's verdict never waits behind bookkeeping, notices,
 * reports or backups, and the checks have their own activity slots. Every job worker
 * polls both (worker/create-worker.ts). The workflow side is behind the patch
 * `checks-own-task-queue` (workflows/job-activities.ts).
 */
export const checksTaskQueue = (jobTaskQueue: string): string => `${jobTaskQueue}-checks`;
