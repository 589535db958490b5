/**
 * The interpreter: one workflow type runs any compiled SOP plan.
 *
 * Determinism: no I/O here. Time is workflow time (`Date.now()` is replayed by
 * the SDK), timers are durable, every side effect is an activity. Each active
 * step is a small "fiber" (an async function) whose position is fully kept in
 * {@link JobState}, so the job can continue-as-new at any quiet moment and
 * resume every step from state alone.
 *
 * The parts, one concern each, are functions over the shared {@link JobContext}:
 * job-graph (entering nodes, step fibers), job-timers (deadlines, notices, waits),
 * job-checks, job-updates (a person's action), job-changes (reassign, vendor,
 * migration, cancel), job-calendar, job-recorder (bookkeeping batches),
 * job-handlers (message registration), job-activities (proxies), job-failures.
 */
import { allHandlersFinished, condition, continueAsNew, workflowInfo } from '@temporalio/workflow';
import type { JobInput, JobState } from '../core/jobs/contract';
import { JobContext } from './job-context';
import { enter, startFiber } from './job-graph';
import { installHandlers } from './job-handlers';
import { setStatus } from './job-recorder';

/** Continue-as-new well before Temporal's 10,240-event warning. */
const DEFAULT_CONTINUE_AS_NEW_AFTER = 4000;

/** Nothing in flight, nothing queued, no handler running: a moment the job can continue as new. */
function quiet(ctx: JobContext): boolean {
  return (
    ctx.inFlight === 0 && !ctx.flushing && ctx.pendingEvents.length === 0 && ctx.pendingNotices.length === 0 && allHandlersFinished() &&
    ctx.pendingCalendar === undefined && !ctx.loadingCalendar
  );
}

function shouldContinueAsNew(ctx: JobContext): boolean {
  const info = workflowInfo();
  const limit = ctx.input.options?.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER;
  return info.continueAsNewSuggested || info.historyLength >= limit;
}

async function run(ctx: JobContext): Promise<JobState> {
  if (ctx.input.carried) {
    ctx.state.runs += 1;
    for (const step of Object.values(ctx.state.active)) startFiber(ctx, step, true);
  } else {
    setStatus(ctx, 'running', { sopKey: ctx.plan.sopKey, sopVersion: ctx.plan.sopVersion });
    enter(ctx, ctx.plan.start);
  }
  // Handlers go in only now: signals and updates that arrived before the first workflow task
  // ran (a worker crash can delay it) are delivered as soon as a handler is set, and must find
  // the job started — a buffered cancel used to run first and be overwritten by the start.
  installHandlers(ctx);
  for (;;) {
    await condition(() => !ctx.running() || (shouldContinueAsNew(ctx) && quiet(ctx)));
    if (!ctx.running()) break;
    const { carried: _previous, ...rest } = ctx.input;
    await continueAsNew<typeof jobWorkflow>({ ...rest, plan: ctx.plan, carried: ctx.state });
  }
  await condition(() => quiet(ctx));
  return ctx.state;
}

/** Runs one outsourced job from its compiled SOP plan until an end node, cancellation or failure. */
export async function jobWorkflow(input: JobInput): Promise<JobState> {
  return run(new JobContext(input));
}
