/**
 * One bookkeeping call per Update (patch `update-one-bookkeeping-call`, ./job-updates.ts): the transition an
 * Update causes is first computed on a dry copy of the job (./job-context.ts `dryCopy`: same code, no command,
 * no change to the job), written by one activity with the Update's own row in one transaction, then applied for
 * real at the same instant. When the real transition records exactly what was written (the usual case) nothing
 * more is sent; when something changed the job meanwhile (a signal while the write ran), what really happened is
 * recorded in the next batch, over what the write said.
 */
import type { JobEvent, NotifyInput, RecordEventsInput, StepState } from '../core/jobs/contract';
import type { JobContext } from './job-context';
import { record, recordStep } from './job-recorder';

export const ONE_BOOKKEEPING_CALL = 'update-one-bookkeeping-call';

export interface DryTransition {
  batch: RecordEventsInput;
  at: number;
}

/** What `apply` records when run on a copy of the job now: the batch the Update's one call writes. */
export function dryTransition(ctx: JobContext, nodeId: string, apply: (copy: JobContext, step: StepState) => void): DryTransition {
  const copy = ctx.dryCopy();
  apply(copy, copy.state.active[nodeId]!);
  const notices = copy.pendingNotices;
  return { batch: { jobId: ctx.input.jobId, events: copy.pendingEvents, ...(notices.length > 0 ? { notices } : {}) }, at: copy.frozenNow! };
}

/** Applies the transition for real at the dry run's instant; drops what it records when that is what was written. */
export function applyWritten(ctx: JobContext, written: DryTransition, apply: () => void): void {
  const events = ctx.pendingEvents.length;
  const notices = ctx.pendingNotices.length;
  ctx.frozenNow = written.at;
  try {
    apply();
  } finally {
    ctx.frozenNow = undefined;
  }
  const same =
    canonical(ctx.pendingEvents.slice(events)) === canonical(written.batch.events) &&
    canonical(ctx.pendingNotices.slice(notices)) === canonical(written.batch.notices ?? []);
  if (same) {
    ctx.pendingEvents.splice(events);
    ctx.pendingNotices.splice(notices);
    return;
  }
  rerecord(ctx, written.batch.events);
}

/**
 * Records the job's real state of every step the written batch touched (a step it activated that the job never
 * entered is closed as skipped) and the job's status: the read model ends as the job is, whatever was written.
 */
export function rerecord(ctx: JobContext, written: JobEvent[]): void {
  const now = ctx.now();
  for (const event of written) {
    if (event.kind !== 'step') continue;
    const { nodeId, round } = event.step;
    const live = ctx.state.active[nodeId];
    let truth: StepState | undefined = live?.round === round ? live : undefined;
    for (let i = ctx.state.history.length - 1; !truth && i >= 0; i--) {
      const h = ctx.state.history[i]!;
      if (h.nodeId === nodeId && h.round === round) truth = h;
    }
    recordStep(ctx, truth ?? { ...event.step, status: 'skipped', completedAt: now, busy: false });
  }
  record(ctx, { kind: 'job', status: ctx.state.status, at: now });
}

/** JSON with object keys sorted: two records are the same whatever order their fields were set in. */
function canonical(value: JobEvent[] | NotifyInput[]): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
