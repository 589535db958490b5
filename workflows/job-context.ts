/**
 * What every part of a running job shares: its input, its state (all a
 * continue-as-new carries), the plan it runs and the bookkeeping queues. The
 * parts (job-graph, job-timers, job-updates, …) are functions over this.
 */
import type { JobEvent, JobInput, JobState, NotifyInput } from '../core/jobs/contract';
import type { ExecutionPlan } from '../core/sop/compile';
import { initialState, isTerminal } from './job-state';

export class JobContext {
  readonly state: JobState;
  /** Side effects the workflow must not continue-as-new across (see {@link track}). */
  inFlight = 0;
  /** Events and notices waiting for the next bookkeeping call (./job-recorder.ts). */
  pendingEvents: JobEvent[] = [];
  pendingNotices: NotifyInput[] = [];
  flushing = false;
  /** The plan the job runs: the input's, until a migration to another SOP version. */
  plan: ExecutionPlan;
  /** The latest shared calendar version signalled and not applied yet (its spec is being loaded). */
  pendingCalendar: { key: string; version: number } | undefined;
  loadingCalendar = false;
  /**
   * A dry copy ({@link dryCopy}): its steps record what they would and stop before their first command (timer,
   * activity); nothing is sent. How an Update learns, before its one bookkeeping call, what its transition records.
   */
  dry = false;
  /** While set, the workflow time the parts see ({@link now}): a transition applied as its dry run computed it. */
  frozenNow: number | undefined;

  constructor(readonly input: JobInput) {
    this.state = input.carried ?? initialState(input);
    this.plan = input.plan;
  }

  /** The job's vendor organisation: the original one until a change of vendor. */
  get vendor(): { orgId: string; name: string } {
    return this.state.vendor ?? { orgId: this.input.vendorOrgId, name: this.input.vendorName };
  }

  /** Workflow time (replayed by the SDK), or the frozen instant of a transition being applied. */
  now(): number {
    return this.frozenNow ?? Date.now();
  }

  /** A copy of the job that records into its own queues and issues no command (see {@link dry}). */
  dryCopy(): JobContext {
    const copy = new JobContext({ ...this.input, carried: JSON.parse(JSON.stringify(this.state)) as JobState });
    copy.plan = this.plan;
    copy.dry = true;
    copy.flushing = true; // never sends: the queues are read by the caller
    copy.frozenNow = this.now();
    return copy;
  }

  running(): boolean {
    return !isTerminal(this.state);
  }

  ruleContext() {
    return { state: this.state, plan: this.plan, vendorOrgId: this.vendor.orgId };
  }

  /** Runs a side effect the workflow must not continue-as-new across. */
  async track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight += 1;
    try {
      return await promise;
    } finally {
      this.inFlight -= 1;
    }
  }
}
