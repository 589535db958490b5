/**
 * The interpreter: one workflow type runs any compiled SOP plan.
 *
 * Determinism: no I/O here. Time is workflow time (`Date.now()` is replayed by
 * the SDK), timers are durable, every side effect is an activity. Each active
 * step is a small "fiber" (an async function) whose position is fully kept in
 * {@link JobState}, so the job can continue-as-new at any quiet moment and
 * resume every step from state alone.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type {
  AcceptInput,
  AcceptResult,
  Actor,
  CalendarChangedInput,
  ChangeVendorInput,
  ChangeVendorResult,
  JobActivities,
  JobEvent,
  JobInput,
  JobState,
  JobStatus,
  MigrateInput,
  MigrateResult,
  NoticeKind,
  NotifyInput,
  ReportInput,
  ReportResult,
  ReviewInput,
  ReviewResult,
  StepState,
  SubmitInput,
  SubmitResult,
} from '../core/jobs/contract';
import { refuseAcceptance, refuseReview, refuseSubmission, refuseVendorChange, type ActionRefusal } from '../core/jobs/action-rules';
import type { AcceptNode, BusinessCalendarSpec, CheckNode, HumanNode, NotifyNode, ReviewNode, TaskNode, WaitNode } from '../core/sop/types';
import { checkFormAnswers } from '../core/sop/form-answers';
import type { ExecutionPlan } from '../core/sop/compile';
import { wakeAtOf } from '../core/sop/migration-plan';
import { planJobMigration } from '../core/jobs/migration-rules';
import {
  acceptUpdate,
  calendarChangedSignal,
  cancelSignal,
  changeVendorUpdate,
  extendDeadlineSignal,
  fileReportUpdate,
  migrateUpdate,
  reassignSignal,
  reviewUpdate,
  stateQuery,
  submitUpdate,
} from './definitions';
import { assigneesFor, initialState, isTerminal, pushHistory, snapshot } from './job-state';
import { timingFor, timingForMigratedStep, timingForMovedDeadline, type StepTiming } from './step-timing';
import { retimedStep, usableCalendar } from './calendar-retime';
import { refuseReport, reportsOf } from '../core/jobs/report-rules';
import { reportPeriod } from '../core/sop/report-periods';
import { REPORT_MEMORY, initialReporting, keepRecent, reportNotices, type ReportNotice } from './report-ladder';

/**
 * Bookkeeping activities (events, notices, submissions, reviews) are short
 * idempotent database writes: run as *local* activities, inside the workflow
 * task that asks for them. That saves a server round trip and two history
 * events per call, which is most of the engine's cost over a bare workflow
 * (bench/engine.bench.ts, docs/BENCHMARKS.md). Retried until the database
 * answers; past `localRetryThreshold` the SDK waits between attempts on a
 * durable timer instead of keeping the workflow task open.
 */
const bookkeeping = proxyLocalActivities<JobActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
  localRetryThreshold: '10 seconds',
});

/** Check activities decode images and run OCR: long, heartbeating, bounded retries. */
const checks = proxyActivities<JobActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 5 },
});

/** Continue-as-new well before Temporal's 10,240-event warning. */
const DEFAULT_CONTINUE_AS_NEW_AFTER = 4000;

function refusal(r: Pick<ActionRefusal, 'message'> & { code: string }): ApplicationFailure {
  return ApplicationFailure.create({ message: r.message, type: r.code, nonRetryable: true });
}

/** Turns a failed activity inside an update into a failure the caller sees (not a workflow-task failure). */
function asUpdateFailure(error: unknown): ApplicationFailure {
  if (error instanceof ApplicationFailure) return error;
  const cause = (error as { cause?: { message?: string; type?: string } }).cause;
  const message = cause?.message ?? (error as Error).message ?? 'update failed';
  return ApplicationFailure.create({ message, type: cause?.type ?? 'UpdateFailed', nonRetryable: true });
}

/** A refused migration as one failure: the first refusal's code, every refusal's message. */
function migrationRefusal(r: { code: string; message: string } | { refusals: Array<{ code: string; message: string }> }): { code: string; message: string } {
  if ('code' in r) return r;
  return { code: r.refusals[0]!.code, message: r.refusals.map((x) => x.message).join(' ') };
}

class JobEngine {
  readonly state: JobState;
  private inFlight = 0;
  private pendingEvents: JobEvent[] = [];
  private pendingNotices: NotifyInput[] = [];
  private flushing = false;
  /** The plan the job runs: the input's, until a migration to another SOP version. */
  private plan: ExecutionPlan;
  /** The latest shared calendar version signalled and not applied yet (its spec is being loaded). */
  private pendingCalendar: { key: string; version: number } | undefined;
  private loadingCalendar = false;

  constructor(private readonly input: JobInput) {
    this.state = input.carried ?? initialState(input);
    this.plan = input.plan;
  }

  /** The job's vendor organisation: the original one until a change of vendor. */
  private get vendor(): { orgId: string; name: string } {
    return this.state.vendor ?? { orgId: this.input.vendorOrgId, name: this.input.vendorName };
  }

  private running(): boolean {
    return !isTerminal(this.state);
  }

  // ---- recording ---------------------------------------------------------

  private record(event: JobEvent): void {
    this.pendingEvents.push(event);
    if (!this.flushing) void this.flush();
  }

  /**
   * Sends queued events and notices in order, batching whatever queued up during
   * the previous call: one bookkeeping call per burst of changes. The first batch
   * waits one microtask so that everything decided by the same synchronous run (a
   * step completing, the next steps entering, their notices) goes in one call.
   */
  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      await Promise.resolve();
      while (this.pendingEvents.length > 0 || this.pendingNotices.length > 0) {
        const events = this.pendingEvents.splice(0);
        const notices = this.pendingNotices.splice(0);
        await bookkeeping.recordEvents({ jobId: this.input.jobId, events, ...(notices.length > 0 ? { notices } : {}) });
      }
    } finally {
      this.flushing = false;
    }
  }

  /** `at` defaults to now; timed changes pass their scheduled instant (see {@link nextNotice}). */
  private recordStep(step: StepState, at = Date.now()): void {
    this.record({ kind: 'step', step: snapshot(step), at });
  }

  private setStatus(status: JobStatus, detail?: Record<string, unknown>): void {
    this.state.status = status;
    this.record({ kind: 'job', status, at: Date.now(), detail });
  }

  /** Runs a side effect the workflow must not continue-as-new across. */
  private async track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight += 1;
    try {
      return await promise;
    } finally {
      this.inFlight -= 1;
    }
  }

  /**
   * Queues a notice; it goes out with the next bookkeeping batch (continue-as-new waits for it).
   * `extra.at` is the instant the notice is *for*: timed notices pass their
   * scheduled time so the notice says exactly when it was due, not when the
   * timer's workflow task happened to run (later by the server's latency, or
   * by hours when no worker was up).
   */
  private notify(
    kind: NoticeKind,
    roles: string[],
    extra: { step?: StepState; level?: number; cc?: string[]; message?: string; at?: number; period?: number; dueAt?: number } = {},
  ): void {
    const { step } = extra;
    // In reminders and escalations `assignee` means the step's own role slot; the
    // outbox only knows role slots, so it is resolved here (SOP-FORMAT, reference rules).
    const resolve = (list: string[]): string[] => [...new Set(list.map((r) => (r === 'assignee' && step?.assigneeRole ? step.assigneeRole : r)))];
    this.pendingNotices.push({
      jobId: this.input.jobId,
      kind,
      nodeId: step?.nodeId,
      round: step?.round,
      level: extra.level,
      deadlineEpoch: step?.deadlineEpoch,
      roles: resolve(roles),
      cc: extra.cc && resolve(extra.cc),
      assignees: assigneesFor(this.state, step),
      message: extra.message,
      dueAt: extra.dueAt ?? step?.dueAt,
      at: extra.at ?? Date.now(),
      ...(extra.period !== undefined ? { period: extra.period } : {}),
    });
    if (!this.flushing) void this.flush();
  }

  // ---- moving through the graph -----------------------------------------

  /** Activates `nodeId` (a new round of it) and starts its fiber. */
  private enter(nodeId: string): void {
    if (!this.running()) return;
    const node = this.plan.nodes[nodeId];
    if (!node) throw ApplicationFailure.nonRetryable(`plan has no node "${nodeId}"`, 'PlanInvalid');
    const spec = node.spec;
    if (spec.type === 'join') {
      const arrived = (this.state.joinArrivals[nodeId] ?? 0) + 1;
      if (arrived < (node.arrivals ?? 1)) {
        this.state.joinArrivals[nodeId] = arrived;
        return;
      }
      delete this.state.joinArrivals[nodeId];
    }
    const previous = this.state.active[nodeId];
    if (previous) this.finish(previous, 'skipped');
    const round = (this.state.rounds[nodeId] ?? 0) + 1;
    this.state.rounds[nodeId] = round;
    const now = Date.now();
    const step: StepState = {
      nodeId,
      type: spec.type,
      round,
      status: 'active',
      activatedAt: now,
      deadlineEpoch: 0,
      reminders: [],
      escalations: [],
    };
    if (spec.type === 'task' || spec.type === 'review' || spec.type === 'accept') {
      step.assigneeRole = spec.assignee;
      const timing = timingFor(this.plan, spec, now);
      if (timing) Object.assign(step, timing);
    }
    this.state.active[nodeId] = step;
    this.state.transitions += 1;
    this.recordStep(step);
    this.startFiber(step);
  }

  /** `resumed`: the step was already active before a continue-as-new. */
  private startFiber(step: StepState, resumed = false): void {
    void this.runFiber(step, resumed).catch((error: unknown) => this.fail(step, error));
  }

  private fail(step: StepState, error: unknown): void {
    if (!this.running()) return;
    const message = error instanceof Error ? error.message : String(error);
    this.setStatus('failed', { nodeId: step.nodeId, round: step.round, error: message });
  }

  private async runFiber(step: StepState, resumed: boolean): Promise<void> {
    const spec = this.plan.nodes[step.nodeId]!.spec;
    switch (spec.type) {
      case 'start':
      case 'parallel':
      case 'join':
        this.complete(step, 'next');
        return;
      case 'end':
        this.finish(step, 'done', 'next');
        this.endJob(step.nodeId);
        return;
      case 'task':
      case 'review':
      case 'accept':
        if (!resumed) this.onHumanActivated(step, spec);
        await this.runHuman(step);
        return;
      case 'check':
        await this.runChecks(step, spec);
        return;
      case 'wait':
        await this.runWait(step, spec);
        return;
      case 'notify':
        this.runNotify(step, spec);
        return;
    }
  }

  /** Marks a step finished and moves it to history; does not follow edges. */
  private finish(step: StepState, status: StepState['status'], outcome?: string): void {
    step.status = status;
    step.outcome = outcome;
    step.completedAt = Date.now();
    step.busy = false;
    if (this.state.active[step.nodeId] === step) delete this.state.active[step.nodeId];
    pushHistory(this.state, step);
    this.recordStep(step);
  }

  /** Completes a step with `outcome` and enters every node its edges lead to. */
  private complete(step: StepState, outcome: string): void {
    if (step.status !== 'active' || !this.running()) return;
    this.finish(step, 'done', outcome);
    this.state.transitions += 1;
    if (this.state.stuck?.nodeId === step.nodeId) {
      this.state.stuck = undefined;
      this.setStatus('running');
    }
    for (const target of this.plan.nodes[step.nodeId]!.next[outcome] ?? []) this.enter(target);
  }

  private endJob(endNodeId: string): void {
    if (!this.running()) return;
    for (const other of Object.values(this.state.active)) this.finish(other, 'skipped');
    this.state.endedAt = Date.now();
    this.state.endNodeId = endNodeId;
    this.setStatus('completed', { endNodeId });
    this.notify('job_completed', ['owner']);
  }

  // ---- human steps ---------------------------------------------------------

  private onHumanActivated(step: StepState, spec: HumanNode): void {
    this.notify(spec.type === 'review' ? 'review_request' : 'task_assigned', [spec.assignee], { step });
    if (spec.maxRounds !== undefined && step.round > spec.maxRounds && this.state.status === 'running') {
      this.state.stuck = { nodeId: step.nodeId, round: step.round };
      this.setStatus('stuck', { nodeId: step.nodeId, round: step.round, maxRounds: spec.maxRounds });
      this.notify('stuck', ['owner'], { step, message: `round ${step.round} > maxRounds ${spec.maxRounds}` });
    }
  }

  /** The next timed event of a human step: its deadline, a reminder or an escalation level. */
  private nextNotice(step: StepState): { at: number; fire: () => void } | undefined {
    const spec = this.plan.nodes[step.nodeId]!.spec as HumanNode;
    const candidates: Array<{ at: number; fire: () => void }> = [];
    if (step.dueAt !== undefined && !step.overdue) {
      candidates.push({
        at: step.dueAt,
        fire: () => {
          step.overdue = true;
          this.recordStep(step, step.dueAt);
        },
      });
    }
    for (const notice of step.reminders) {
      if (notice.sent) continue;
      const r = spec.reminders![notice.index]!;
      candidates.push({
        at: notice.at,
        fire: () => {
          notice.sent = true;
          this.notify('reminder', r.notify, { step, level: notice.index, message: r.message, at: notice.at });
        },
      });
    }
    for (const notice of step.escalations) {
      if (notice.sent) continue;
      const e = spec.escalation![notice.index]!;
      candidates.push({
        at: notice.at,
        fire: () => {
          notice.sent = true;
          this.notify('escalation', e.notify, { step, level: notice.index, cc: e.cc, message: e.message, at: notice.at });
        },
      });
    }
    if (spec.type !== 'review' && spec.reports && step.reporting) {
      for (const n of reportNotices(spec, step)) candidates.push({ at: n.at, fire: () => this.fireReportNotice(step, spec, n) });
    }
    // Stable order: time, then deadline before notices (candidates were pushed in that order).
    return candidates.reduce<{ at: number; fire: () => void } | undefined>((best, c) => (!best || c.at < best.at ? c : best), undefined);
  }

  /** One timed action of a report period's ladder (./report-ladder.ts); the period's cursor moves past it. */
  private fireReportNotice(step: StepState, spec: TaskNode | AcceptNode, n: ReportNotice): void {
    const reporting = step.reporting!;
    if (n.kind === 'start') {
      reporting.open.push({ period: reporting.next, done: 0 });
      reporting.next += 1;
      return;
    }
    const entry = reporting.open.find((o) => o.period === n.period)!;
    entry.done += 1;
    const period = reportPeriod(spec.reports!, step.activatedAt, n.period);
    const extra = { step, level: n.index, at: n.at, period: n.period, dueAt: period.dueAt };
    if (n.kind === 'reminder') {
      const r = spec.reminders![n.index]!;
      this.notify('reminder', r.notify, { ...extra, message: r.message ?? `第 ${n.period} 期报告待提交 / Report for period ${n.period} is due` });
    } else if (n.kind === 'escalation') {
      const e = spec.escalation![n.index]!;
      this.notify('escalation', e.notify, { ...extra, cc: e.cc, message: e.message ?? `第 ${n.period} 期报告未提交 / Report for period ${n.period} was not filed` });
    } else {
      reporting.missed = keepRecent([...reporting.missed, n.period], REPORT_MEMORY);
      const missed = { jobId: this.input.jobId, nodeId: step.nodeId, round: step.round, period: n.period, status: 'missed' as const, periodStart: period.start, periodEnd: period.end, dueAt: period.dueAt, at: n.at };
      void this.track(bookkeeping.recordReport(missed)).catch((error: unknown) => this.fail(step, error));
    }
  }

  /** Waits for the step to be completed by an update while firing its timed notices, each exactly once. */
  private async runHuman(step: StepState): Promise<void> {
    // A step of a node with `reports` owes them from its activation (also when a carried state predates them).
    if (reportsOf(this.ruleContext(), step.nodeId) && !step.reporting) step.reporting = initialReporting();
    while (step.status === 'active' && this.running()) {
      const next = this.nextNotice(step);
      const epoch = step.deadlineEpoch;
      const filed = step.reporting?.filed.join(',');
      const changed = () => step.status !== 'active' || !this.running() || step.deadlineEpoch !== epoch || step.reporting?.filed.join(',') !== filed;
      if (!next) {
        await condition(changed);
        continue;
      }
      const wait = next.at - Date.now();
      if (wait > 0 && (await condition(changed, wait))) continue;
      if (step.status === 'active' && this.running()) next.fire();
    }
  }

  private extendDeadline(nodeId: string, dueAt: number): void {
    const step = this.state.active[nodeId];
    if (!step || (step.type !== 'task' && step.type !== 'review' && step.type !== 'accept')) return;
    // A signal cannot be refused; a non-number would become a NaN timer and fail the workflow task.
    if (typeof dueAt !== 'number' || !Number.isFinite(dueAt)) return;
    const spec = this.plan.nodes[nodeId]!.spec as HumanNode;
    const now = Date.now();
    step.dueAt = dueAt;
    step.overdue = dueAt <= now ? step.overdue : false;
    step.deadlineEpoch += 1;
    Object.assign(step, timingForMovedDeadline(this.plan, spec, dueAt, now));
    this.recordStep(step);
  }

  /**
   * A new version of the job's shared calendar. The signal names the version; its spec is loaded by an activity
   * (a signal handler must not wait), so the version is kept as pending and loaded beside the handler
   * ({@link loadPendingCalendars}); continue-as-new waits for it (see {@link quiet}). Once per version: a version at
   * or below the one applied or already pending, or of another calendar than the job's, is ignored.
   *
   * Replay: signals of the first form carry the spec (`calendar`) and are applied right here, as they were; the
   * branch follows the recorded payload, so histories of either form replay without a patch marker.
   */
  private calendarChanged(input: CalendarChangedInput): void {
    if (input?.calendar !== undefined) {
      // Another calendar's change (a job migrated off it while an old-form re-timing ran) is not this job's.
      if (this.plan.calendarRef !== undefined && input.key !== this.plan.calendarRef) return;
      this.applyCalendar(input.key, input.version, input.calendar);
      return;
    }
    if (!this.running() || typeof input?.version !== 'number' || typeof input.key !== 'string') return;
    if (input.key !== this.plan.calendarRef || input.version <= this.appliedCalendarVersion()) return;
    if (this.pendingCalendar && this.pendingCalendar.version >= input.version) return;
    this.pendingCalendar = { key: input.key, version: input.version };
    if (!this.loadingCalendar) void this.loadPendingCalendars();
  }

  private appliedCalendarVersion(): number {
    return this.state.calendarVersion ?? this.input.calendarVersion ?? 0;
  }

  /** Loads and applies pending calendar versions, newest only: a version overtaken while it loaded is skipped. */
  private async loadPendingCalendars(): Promise<void> {
    this.loadingCalendar = true;
    try {
      while (this.pendingCalendar) {
        const wanted = this.pendingCalendar;
        let loaded: Awaited<ReturnType<JobActivities['loadCalendarVersion']>> = null;
        try {
          loaded = await this.track(bookkeeping.loadCalendarVersion(wanted));
        } catch {
          loaded = null; // not retryable: the version is ignored, as a malformed one is
        }
        if (this.pendingCalendar !== wanted) continue;
        this.pendingCalendar = undefined;
        if (loaded) this.applyCalendar(wanted.key, wanted.version, loaded.spec);
      }
    } finally {
      this.loadingCalendar = false;
    }
  }

  /**
   * Applies a calendar version: active steps with business-time deadlines (not moved by hand) are re-timed,
   * recorded and their people told; a version at or below the applied one, or a malformed calendar, changes nothing.
   */
  private applyCalendar(key: string, version: number, calendar: BusinessCalendarSpec): void {
    const applied = this.appliedCalendarVersion();
    if (!this.running() || typeof version !== 'number' || version <= applied || !usableCalendar(calendar)) return;
    const now = Date.now();
    const moved: Array<{ nodeId: string; round: number; from: number; to: number }> = [];
    // Every new timing first: a calendar whose working time runs out (the business arithmetic throws) is ignored
    // whole — a signal cannot be refused, and a throw here would fail the workflow task on every retry.
    const retimed: Array<{ step: StepState; timing: StepTiming }> = [];
    try {
      for (const step of Object.values(this.state.active)) {
        if (step.type !== 'task' && step.type !== 'review' && step.type !== 'accept') continue;
        const timing = retimedStep(this.plan, calendar, step, this.plan.nodes[step.nodeId]!.spec as HumanNode, now);
        if (timing) retimed.push({ step, timing });
      }
    } catch {
      return;
    }
    for (const { step, timing } of retimed) {
      moved.push({ nodeId: step.nodeId, round: step.round, from: step.dueAt!, to: timing.dueAt });
      Object.assign(step, timing);
      step.overdue = timing.dueAt <= now ? step.overdue : false;
      step.deadlineEpoch += 1;
      this.recordStep(step);
      this.notify('notify', [step.assigneeRole ?? 'owner', 'owner'], { step, message: '工作日历已更新，截止时间已调整 / The work calendar changed; the deadline moved' });
    }
    // The plan travels with continue-as-new: later steps are timed on the new calendar too.
    this.plan = { ...this.plan, calendar };
    this.state.calendarVersion = version;
    this.record({ kind: 'job', status: this.state.status, at: now, detail: { calendarChanged: { key, version, moved } } });
  }

  private reassign(input: { nodeId?: string; role: string; userId: string }): void {
    if (input.nodeId) {
      const step = this.state.active[input.nodeId];
      if (!step || step.assigneeRole !== input.role) return;
      step.assigneeUserId = input.userId;
      this.recordStep(step);
      const spec = this.plan.nodes[step.nodeId]!.spec as HumanNode;
      this.notify(spec.type === 'review' ? 'review_request' : 'task_assigned', [input.role], { step });
      return;
    }
    this.state.assignees[input.role] = input.userId;
    this.record({ kind: 'job', status: this.state.status, at: Date.now(), detail: { reassigned: input.role, userId: input.userId } });
    // The new person learns of the steps that are now theirs (steps with their own override keep it).
    for (const step of Object.values(this.state.active)) {
      if (step.assigneeRole !== input.role || step.assigneeUserId) continue;
      this.notify(step.type === 'review' ? 'review_request' : 'task_assigned', [input.role], { step });
    }
  }

  /**
   * Another vendor organisation takes the job: the `vendor` slot is rebound (or
   * unbound), overrides of the old vendor's people on active steps are dropped,
   * and with `restartFrom` every active step is skipped and that step entered
   * anew (a new round) for the new vendor. Synchronous: nothing to wait for.
   */
  private changeVendor(input: ChangeVendorInput): ChangeVendorResult {
    const from = this.vendor.orgId;
    this.state.vendor = { orgId: input.vendorOrgId, name: input.vendorName };
    if (input.vendorUserId) this.state.assignees.vendor = input.vendorUserId;
    else delete this.state.assignees.vendor;
    for (const step of Object.values(this.state.active)) {
      if (step.assigneeRole === 'vendor' && step.assigneeUserId) delete step.assigneeUserId;
    }
    this.record({ kind: 'job', status: this.state.status, at: Date.now(), detail: { vendorChanged: { from, to: input.vendorOrgId }, restartFrom: input.restartFrom ?? null } });
    if (input.restartFrom === undefined) {
      // The new vendor learns of the steps that are now theirs.
      for (const step of Object.values(this.state.active)) {
        if (step.assigneeRole === 'vendor' && step.status === 'active') this.notify('task_assigned', ['vendor'], { step });
      }
      return { vendorOrgId: input.vendorOrgId };
    }
    for (const step of Object.values(this.state.active)) this.finish(step, 'skipped');
    this.state.joinArrivals = {};
    if (this.state.stuck) {
      this.state.stuck = undefined;
      if (this.state.status === 'stuck') this.setStatus('running');
    }
    this.enter(input.restartFrom);
    return { vendorOrgId: input.vendorOrgId, restartedFrom: input.restartFrom };
  }

  private migrationPlan(input: MigrateInput) {
    return planJobMigration(this.state, this.plan, input.plan, input.mapping);
  }

  /**
   * Continues the job on another version of its SOP (core/sop/migration-plan.ts):
   * the plan is swapped, each active step keeps its round, activation and
   * timers on the node it maps to, unless the new version changes its deadline
   * (recomputed from its activation; reminders and levels already past are not
   * replayed) or its wake-up time (the timer is replaced). A step that changes
   * id ends as `skipped` and continues as the next round of its new node.
   * Synchronous: nothing to wait for.
   */
  private migrate(input: MigrateInput): MigrateResult {
    const decided = this.migrationPlan(input);
    if (!decided.ok) throw refusal(migrationRefusal(decided));
    const now = Date.now();
    const calendarMoved = input.plan.calendarRef !== this.plan.calendarRef;
    this.plan = input.plan;
    // Versions count per calendar: on another calendar (or none) the job is on the version it was moved with.
    if (calendarMoved || input.calendarVersion !== undefined) this.state.calendarVersion = input.calendarVersion ?? 0;
    if (calendarMoved) this.pendingCalendar = undefined;
    const timeChanged = new Set(decided.changes.deadlines.map((d) => d.nodeId));
    const roleChanged = new Set(decided.changes.assignees.map((a) => a.nodeId));
    const rename = (id: string): string => input.mapping?.[id] ?? id;
    const moved: StepState[] = [];
    // Taken before anything moves: with a mapping that swaps two ids, a moved step takes another's place.
    const olds = decided.moves.map((move) => this.state.active[move.from]!);
    for (const [index, move] of decided.moves.entries()) {
      const old = olds[index]!;
      let step = old;
      if (move.to !== move.from) {
        step = { ...snapshot(old), nodeId: move.to, round: move.toRound };
        this.state.rounds[move.to] = move.toRound;
        // The old step's wait timer (if any) ends now instead of firing.
        if (old.wakeAt !== undefined) old.wakeAt = now;
        this.finish(old, 'skipped', 'migrated');
        this.state.active[move.to] = step;
      }
      const spec = this.plan.nodes[move.to]!.spec;
      if (timeChanged.has(move.to)) {
        if (spec.type === 'wait') step.wakeAt = wakeAtOf(spec, step.activatedAt);
        else if (spec.type === 'task' || spec.type === 'review' || spec.type === 'accept') {
          Object.assign(step, timingForMigratedStep(this.plan, spec, step.activatedAt, now));
          step.overdue = step.dueAt !== undefined && step.dueAt <= now ? step.overdue : false;
          step.deadlineEpoch += 1;
        }
      }
      if (roleChanged.has(move.to) && (spec.type === 'task' || spec.type === 'review' || spec.type === 'accept')) {
        step.assigneeRole = spec.assignee;
        delete step.assigneeUserId;
      }
      moved.push(step);
    }
    for (const [joinId, arrived] of Object.entries(this.state.joinArrivals)) {
      if (rename(joinId) === joinId) continue;
      delete this.state.joinArrivals[joinId];
      this.state.joinArrivals[rename(joinId)] = arrived;
    }
    if (this.state.stuck) this.state.stuck = { ...this.state.stuck, nodeId: rename(this.state.stuck.nodeId) };
    if (this.state.lastChecklist) this.state.lastChecklist = { ...this.state.lastChecklist, nodeId: rename(this.state.lastChecklist.nodeId) };
    this.record({
      kind: 'job', status: this.state.status, at: now,
      detail: { migrated: { fromVersion: decided.fromVersion, toVersion: decided.toVersion, by: input.actor.userId }, sopVersion: decided.toVersion },
    });
    for (const [index, step] of moved.entries()) {
      const move = decided.moves[index]!;
      if (move.to !== move.from) {
        this.recordStep(step);
        this.startFiber(step, true);
      } else if (timeChanged.has(move.to) || roleChanged.has(move.to)) {
        this.recordStep(step);
      }
      if (roleChanged.has(move.to)) this.notify(step.type === 'review' ? 'review_request' : 'task_assigned', [step.assigneeRole!], { step });
    }
    return decided;
  }

  private cancel(actor: Actor, reason?: string): void {
    if (!this.running()) return;
    for (const step of Object.values(this.state.active)) this.finish(step, 'cancelled');
    this.state.cancelled = { by: actor.userId, reason };
    this.state.endedAt = Date.now();
    this.setStatus('cancelled', { by: actor.userId, reason });
    this.notify('job_cancelled', ['vendor', 'owner']);
  }

  private ruleContext() {
    return { state: this.state, plan: this.plan, vendorOrgId: this.vendor.orgId };
  }

  private async submit(input: SubmitInput): Promise<SubmitResult> {
    const step = this.state.active[input.nodeId]!;
    const task = this.plan.nodes[input.nodeId]!.spec as TaskNode;
    step.busy = true;
    let result: SubmitResult;
    try {
      result = await this.track(
        bookkeeping.recordSubmission({
          jobId: this.input.jobId,
          nodeId: input.nodeId,
          round: step.round,
          actor: input.actor,
          files: input.files,
          checklist: input.checklist ?? {},
          note: input.note,
          form: checkFormAnswers(task.form, input.form).values,
          naming: Object.fromEntries(task.produces.map((d) => [d, this.plan.deliverables[d]?.naming])),
          jobCode: this.input.code,
          vendorName: this.vendor.name,
          requestId: input.requestId,
        }),
      );
    } catch (error) {
      step.busy = false;
      throw asUpdateFailure(error);
    }
    step.busy = false;
    if (step.status !== 'active') {
      throw refusal({ code: 'STEP_NOT_ACTIVE', message: `Step "${input.nodeId}" ended while the submission was being saved.` });
    }
    for (const file of result.files) this.state.latestFiles[file.deliverable] = { ...file };
    this.state.lastChecklist = { nodeId: input.nodeId, round: step.round, items: { ...(input.checklist ?? {}) } };
    this.complete(step, 'submitted');
    return result;
  }

  private async review(input: ReviewInput): Promise<ReviewResult> {
    const step = this.state.active[input.nodeId]!;
    step.busy = true;
    let result: ReviewResult;
    try {
      result = await this.track(
        bookkeeping.recordReview({
          jobId: this.input.jobId,
          nodeId: input.nodeId,
          round: step.round,
          actor: input.actor,
          decision: input.decision,
          reasons: input.reasons ?? [],
          comment: input.comment,
        }),
      );
    } catch (error) {
      step.busy = false;
      throw asUpdateFailure(error);
    }
    step.busy = false;
    if (step.status !== 'active') {
      throw refusal({ code: 'STEP_NOT_ACTIVE', message: `Step "${input.nodeId}" ended while the review was being saved.` });
    }
    this.complete(step, input.decision);
    return result;
  }

  private async accept(input: AcceptInput): Promise<AcceptResult> {
    const step = this.state.active[input.nodeId]!;
    const node = this.plan.nodes[input.nodeId]!.spec as AcceptNode;
    step.busy = true;
    let result: AcceptResult;
    try {
      result = await this.track(
        bookkeeping.recordAcceptance({
          jobId: this.input.jobId,
          nodeId: input.nodeId,
          round: step.round,
          actor: input.actor,
          decision: input.decision,
          reason: input.reason,
          note: input.note,
        }),
      );
    } catch (error) {
      step.busy = false;
      throw asUpdateFailure(error);
    }
    step.busy = false;
    if (step.status !== 'active') {
      throw refusal({ code: 'STEP_NOT_ACTIVE', message: `Step "${input.nodeId}" ended while the answer was being saved.` });
    }
    if (input.decision === 'declined') {
      // The owner hears of it in the same bookkeeping batch as the step's completion.
      const label = node.reasons?.find((r) => r.code === input.reason)?.label;
      const message = [label ?? input.reason, input.note].filter((part) => part !== undefined && part !== '').join(' — ');
      this.notify('job_declined', ['owner'], { step, message: message || undefined });
    }
    this.complete(step, input.decision);
    return result;
  }

  private async fileReport(input: ReportInput): Promise<ReportResult> {
    const decided = refuseReport(this.ruleContext(), input, Date.now());
    if ('code' in decided) throw refusal(decided);
    const { step, period, answers } = decided;
    const reporting = step.reporting!;
    const p = reportPeriod(reportsOf(this.ruleContext(), input.nodeId)!, step.activatedAt, period);
    // Taken before the write: the period's ladder stops now, and a second report for it is refused meanwhile.
    reporting.filed = keepRecent([...reporting.filed, period], REPORT_MEMORY);
    try {
      return await this.track(
        bookkeeping.recordReport({
          jobId: this.input.jobId, nodeId: input.nodeId, round: step.round, period, status: 'filed',
          periodStart: p.start, periodEnd: p.end, dueAt: p.dueAt, actor: input.actor, answers, note: input.note,
        }),
      );
    } catch (error) {
      reporting.filed = reporting.filed.filter((f) => f !== period);
      throw asUpdateFailure(error);
    }
  }

  // ---- automatic steps -----------------------------------------------------

  private async runChecks(step: StepState, spec: CheckNode): Promise<void> {
    const checklistTask = this.state.lastChecklist ? (this.plan.nodes[this.state.lastChecklist.nodeId]?.spec as TaskNode | undefined) : undefined;
    const outcomes = await this.track(
      Promise.all(
        spec.checks.map((check) => {
          const deliverable = check.kind === 'checklist' ? undefined : check.deliverable;
          return checks.runCheck({
            jobId: this.input.jobId,
            nodeId: step.nodeId,
            round: step.round,
            check,
            file: deliverable ? this.state.latestFiles[deliverable] : undefined,
            referenceFileId: deliverable ? this.input.references[deliverable] : undefined,
            namingTemplate: deliverable ? this.plan.deliverables[deliverable]?.naming : undefined,
            jobCode: this.input.code,
            vendorName: this.vendor.name,
            checklist:
              check.kind === 'checklist'
                ? {
                    required: (checklistTask?.checklist ?? []).filter((i) => i.required !== false).map((i) => i.id),
                    ticked: this.state.lastChecklist?.items ?? {},
                  }
                : undefined,
          });
        }),
      ),
    );
    this.complete(step, outcomes.every((o) => o.passed) ? 'passed' : 'failed');
  }

  /**
   * A migration may move the wake-up time: the timer is then replaced (never
   * fired twice). Replay: without a migration this issues the same single
   * timer as before migrations existed, cancelled only when the job ends.
   */
  private async runWait(step: StepState, spec: WaitNode): Promise<void> {
    step.wakeAt ??= wakeAtOf(spec, step.activatedAt);
    while (step.status === 'active' && this.running()) {
      const wakeAt = step.wakeAt;
      const wait = wakeAt - Date.now();
      if (wait <= 0 || !(await condition(() => !this.running() || step.wakeAt !== wakeAt, wait))) break;
    }
    this.complete(step, 'next');
  }

  /** The message goes out in the same bookkeeping batch as the step's completion. */
  private runNotify(step: StepState, spec: NotifyNode): void {
    this.notify('notify', spec.notify, { step, message: spec.message });
    this.complete(step, 'next');
  }

  // ---- lifecycle -------------------------------------------------------------

  private quiet(): boolean {
    return (
      this.inFlight === 0 && !this.flushing && this.pendingEvents.length === 0 && this.pendingNotices.length === 0 && allHandlersFinished() &&
      this.pendingCalendar === undefined && !this.loadingCalendar
    );
  }

  private shouldContinueAsNew(): boolean {
    const info = workflowInfo();
    const limit = this.input.options?.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER;
    return info.continueAsNewSuggested || info.historyLength >= limit;
  }

  private installHandlers(): void {
    setHandler(submitUpdate, (input) => this.submit(input), {
      validator: (input) => {
        const r = refuseSubmission(this.ruleContext(), input);
        if (r) throw refusal(r);
      },
    });
    setHandler(reviewUpdate, (input) => this.review(input), {
      validator: (input) => {
        const r = refuseReview(this.ruleContext(), input);
        if (r) throw refusal(r);
      },
    });
    setHandler(acceptUpdate, (input) => this.accept(input), {
      validator: (input) => {
        const r = refuseAcceptance(this.ruleContext(), input);
        if (r) throw refusal(r);
      },
    });
    setHandler(fileReportUpdate, (input) => this.fileReport(input), {
      validator: (input) => {
        const r = refuseReport(this.ruleContext(), input, Date.now());
        if ('code' in r) throw refusal(r);
      },
    });
    setHandler(changeVendorUpdate, (input) => this.changeVendor(input), {
      validator: (input) => {
        const r = refuseVendorChange(this.ruleContext(), input);
        if (r) throw refusal(r);
      },
    });
    setHandler(migrateUpdate, (input) => this.migrate(input), {
      validator: (input) => {
        const r = this.migrationPlan(input);
        if (!r.ok) throw refusal(migrationRefusal(r));
      },
    });
    setHandler(extendDeadlineSignal, ({ nodeId, dueAt }) => this.extendDeadline(nodeId, dueAt));
    setHandler(reassignSignal, (input) => this.reassign(input));
    setHandler(calendarChangedSignal, (input) => this.calendarChanged(input));
    setHandler(cancelSignal, ({ actor, reason }) => this.cancel(actor, reason));
    setHandler(stateQuery, () => ({ ...this.state, now: Date.now() }));
  }

  async run(): Promise<JobState> {
    if (this.input.carried) {
      this.state.runs += 1;
      for (const step of Object.values(this.state.active)) this.startFiber(step, true);
    } else {
      this.setStatus('running', { sopKey: this.plan.sopKey, sopVersion: this.plan.sopVersion });
      this.enter(this.plan.start);
    }
    // Handlers go in only now: signals and updates that arrived before the first workflow task
    // ran (a worker crash can delay it) are delivered as soon as a handler is set, and must find
    // the job started — a buffered cancel used to run first and be overwritten by the start.
    this.installHandlers();
    for (;;) {
      await condition(() => !this.running() || (this.shouldContinueAsNew() && this.quiet()));
      if (!this.running()) break;
      const { carried: _previous, ...rest } = this.input;
      await continueAsNew<typeof jobWorkflow>({ ...rest, plan: this.plan, carried: this.state });
    }
    await condition(() => this.quiet());
    return this.state;
  }
}

/** Runs one outsourced job from its compiled SOP plan until an end node, cancellation or failure. */
export async function jobWorkflow(input: JobInput): Promise<JobState> {
  return new JobEngine(input).run();
}
