/**
 * Recording: job and step events and notices are queued and sent in batches,
 * one bookkeeping call per burst of changes (activities/record-events.ts).
 */
import type { JobEvent, JobStatus, NoticeKind, StepState } from '../core/jobs/contract';
import { bookkeeping } from './job-activities';
import type { JobContext } from './job-context';
import { assigneesFor, snapshot } from './job-state';

export function record(ctx: JobContext, event: JobEvent): void {
  ctx.pendingEvents.push(event);
  if (!ctx.flushing) void flush(ctx);
}

/**
 * Sends queued events and notices in order, batching whatever queued up during
 * the previous call: one bookkeeping call per burst of changes. The first batch
 * waits one microtask so that everything decided by the same synchronous run (a
 * step completing, the next steps entering, their notices) goes in one call.
 */
async function flush(ctx: JobContext): Promise<void> {
  ctx.flushing = true;
  try {
    await Promise.resolve();
    while (ctx.pendingEvents.length > 0 || ctx.pendingNotices.length > 0) {
      const events = ctx.pendingEvents.splice(0);
      const notices = ctx.pendingNotices.splice(0);
      await bookkeeping.recordEvents({ jobId: ctx.input.jobId, events, ...(notices.length > 0 ? { notices } : {}) });
    }
  } finally {
    ctx.flushing = false;
  }
}

/** `at` defaults to now; timed changes pass their scheduled instant (see ./job-timers.ts `nextNotice`). */
export function recordStep(ctx: JobContext, step: StepState, at = ctx.now()): void {
  record(ctx, { kind: 'step', step: snapshot(step), at });
}

export function setStatus(ctx: JobContext, status: JobStatus, detail?: Record<string, unknown>): void {
  ctx.state.status = status;
  record(ctx, { kind: 'job', status, at: ctx.now(), detail });
}

/**
 * Queues a notice; it goes out with the next bookkeeping batch (continue-as-new waits for it).
 * `extra.at` is the instant the notice is *for*: timed notices pass their
 * scheduled time so the notice says exactly when it was due, not when the
 * timer's workflow task happened to run (later by the server's latency, or
 * by hours when no worker was up).
 */
export function notify(
  ctx: JobContext,
  kind: NoticeKind,
  roles: string[],
  extra: { step?: StepState; level?: number; cc?: string[]; message?: string; at?: number; period?: number; dueAt?: number } = {},
): void {
  const { step } = extra;
  // In reminders and escalations `assignee` means the step's own role slot; the
  // outbox only knows role slots, so it is resolved here (SOP-FORMAT, reference rules).
  const resolve = (list: string[]): string[] => [...new Set(list.map((r) => (r === 'assignee' && step?.assigneeRole ? step.assigneeRole : r)))];
  ctx.pendingNotices.push({
    jobId: ctx.input.jobId,
    kind,
    nodeId: step?.nodeId,
    round: step?.round,
    level: extra.level,
    deadlineEpoch: step?.deadlineEpoch,
    roles: resolve(roles),
    cc: extra.cc && resolve(extra.cc),
    assignees: assigneesFor(ctx.state, step),
    message: extra.message,
    dueAt: extra.dueAt ?? step?.dueAt,
    at: extra.at ?? ctx.now(),
    ...(extra.period !== undefined ? { period: extra.period } : {}),
  });
  if (!ctx.flushing) void flush(ctx);
}
