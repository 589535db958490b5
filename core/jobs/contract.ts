/**
 * The job engine's contract: what the API sends to a job workflow, what the
 * workflow keeps as state, and what it asks of activities. Pure types shared
 * by api/, workflows/ and activities/.
 */
import type { ExecutionPlan } from '../sop/compile';
import type { BusinessCalendarSpec, CheckSpec } from '../sop/types';
import type { MigrationPlan } from '../sop/migration-plan';

export type JobStatus = 'running' | 'completed' | 'cancelled' | 'failed' | 'stuck';
export type StepStatus = 'active' | 'done' | 'skipped' | 'cancelled';

/** Who acts: passed by the API from the authenticated session. */
export interface Actor {
  userId: string;
  orgId: string;
  roles: string[];
  name?: string;
}

export interface JobInput {
  jobId: string;
  code: string;
  title: string;
  plan: ExecutionPlan;
  vendorOrgId: string;
  vendorName: string;
  /** SOP role slot → user id. */
  assignees: Record<string, string>;
  /** Deliverable id → reference file id. */
  references: Record<string, string>;
  /** Engine tuning; tests lower the continue-as-new threshold. */
  options?: { continueAsNewAfterEvents?: number };
  /** State carried across continue-as-new. */
  carried?: JobState;
  /** The shared calendar version `plan.calendar` holds when the SOP names one (`calendar: { ref }`). */
  calendarVersion?: number;
}

export interface ScheduledNotice {
  /** Reminder index or escalation level (0-based). */
  index: number;
  at: number;
  sent: boolean;
}

export interface StepState {
  nodeId: string;
  type: string;
  round: number;
  status: StepStatus;
  activatedAt: number;
  completedAt?: number;
  outcome?: string;
  assigneeRole?: string;
  /** Overrides the job's binding of `assigneeRole` for this step (reassign). */
  assigneeUserId?: string;
  dueAt?: number;
  overdue?: boolean;
  /** Bumped on every deadline change; part of notification idempotency keys. */
  deadlineEpoch: number;
  reminders: ScheduledNotice[];
  escalations: ScheduledNotice[];
  /** Wait nodes: when the wait ends. */
  wakeAt?: number;
  /** An update handler is writing this step's submission or review. */
  busy?: boolean;
  /** Nodes with `reports`: where the step's recurring reports stand (see ../sop/report-periods.ts). */
  reporting?: ReportingState;
}

/** A step's recurring reports, carried across continue-as-new. */
export interface ReportingState {
  /** The next period whose ladder has not started yet (1-based). */
  next: number;
  /** Periods whose ladder is running: `done` of its timed notices have been handled. */
  open: Array<{ period: number; done: number }>;
  /** Recent periods with a report filed (or being filed). */
  filed: number[];
  /** Recent periods missed. */
  missed: number[];
}

export interface SubmittedFile {
  deliverable: string;
  fileId: string;
  version: number;
  name: string;
  sha256: string;
}

export interface JobState {
  status: JobStatus;
  /** Steps currently active, by node id. */
  active: Record<string, StepState>;
  /** The most recent finished steps (bounded; the database keeps all). */
  history: StepState[];
  /** Node id → how many times it has been activated. */
  rounds: Record<string, number>;
  joinArrivals: Record<string, number>;
  assignees: Record<string, string>;
  latestFiles: Record<string, SubmittedFile>;
  lastChecklist?: { nodeId: string; round: number; items: Record<string, boolean> };
  transitions: number;
  /** How many times the workflow continued as new. */
  runs: number;
  stuck?: { nodeId: string; round: number };
  endedAt?: number;
  endNodeId?: string;
  cancelled?: { by: string; reason?: string };
  /** The vendor organisation after a change of vendor (absent: the job's original one, `JobInput.vendorOrgId`). */
  vendor?: { orgId: string; name: string };
  /** The latest shared calendar version applied by `calendarChanged` (absent: `JobInput.calendarVersion`). */
  calendarVersion?: number;
}

// ---- updates & signals -------------------------------------------------

export interface SubmitInput {
  nodeId: string;
  actor: Actor;
  files: Array<{ deliverable: string; fileId: string }>;
  checklist?: Record<string, boolean>;
  note?: string;
  /** Answers to the task's form: question id → answer (`file` questions: the uploaded file's id). */
  form?: Record<string, unknown>;
  /** Client idempotency key (also the Update id). */
  requestId?: string;
}

export interface NamingVerdict {
  deliverable: string;
  passed: boolean;
  reasons: unknown[];
  example?: string;
}

export interface SubmitResult {
  submissionId: string;
  round: number;
  files: Array<{ deliverable: string; version: number; name: string; sha256: string; fileId: string }>;
  naming: NamingVerdict[];
}

export interface ReviewInput {
  nodeId: string;
  actor: Actor;
  decision: 'approved' | 'rejected';
  reasons?: string[];
  comment?: string;
  requestId?: string;
}

export interface ReviewResult {
  reviewId: string;
  round: number;
  decision: 'approved' | 'rejected';
}

/** The assignee of an `accept` step accepts the job or declines it (接单). */
export interface AcceptInput {
  nodeId: string;
  actor: Actor;
  decision: 'accepted' | 'declined';
  /** A decline's reason code: required when the node declares `reasons`, one of them. */
  reason?: string;
  note?: string;
  requestId?: string;
}

export interface AcceptResult {
  acceptanceId: string;
  round: number;
  decision: 'accepted' | 'declined';
  reason?: string;
}

/** The assignee of an active step with `reports` files one period's report (a check-in when it asks nothing). */
export interface ReportInput {
  nodeId: string;
  actor: Actor;
  /** Defaults to the oldest period a report may be filed for now. */
  period?: number;
  answers?: Record<string, unknown>;
  note?: string;
}

/** One period of a step's recurring reports, as recorded (filed by its assignee, or missed at its due time). */
export interface ReportPeriod {
  nodeId: string;
  round: number;
  period: number;
  status: 'filed' | 'missed';
  periodStart: number;
  periodEnd: number;
  dueAt: number;
}

export interface ReportResult extends ReportPeriod {
  reportId: string;
  createdAt: number;
}

export interface ExtendDeadlineInput {
  nodeId: string;
  dueAt: number;
  actor: Actor;
}

/**
 * A new version of the shared calendar the job's SOP names: business-time deadlines of active steps are re-timed.
 * The job loads the version's spec itself (`loadCalendarVersion`), so the signal stays a few bytes for any calendar.
 */
export interface CalendarChangedInput {
  key: string;
  version: number;
  /**
   * The spec itself: only in signals sent before versions were loaded by the job (the first form, kept so that
   * histories recorded then replay as they ran). New senders leave it out.
   */
  calendar?: BusinessCalendarSpec;
}

/** Which shared calendar version a job loads when `calendarChanged` names it. */
export interface LoadCalendarVersionInput {
  key: string;
  version: number;
}

/** A stored shared calendar version's spec. */
export interface LoadedCalendarVersion {
  key: string;
  version: number;
  spec: BusinessCalendarSpec;
}

export interface ReassignInput {
  /** Reassign one active step; omitted = rebind the role for the whole job. */
  nodeId?: string;
  role: string;
  userId: string;
  actor: Actor;
}

/** Moves the job to another vendor organisation (after a decline), optionally restarting from one step. */
export interface ChangeVendorInput {
  vendorOrgId: string;
  vendorName: string;
  /** The person bound to the `vendor` role slot from now on; absent: no binding (any vendor user of the organisation may act; notices to `vendor` reach no one). */
  vendorUserId?: string;
  /** A step to restart from: every active step is skipped and this one entered anew. */
  restartFrom?: string;
  actor: Actor;
}

export interface ChangeVendorResult {
  vendorOrgId: string;
  restartedFrom?: string;
}

/** Moves a running job to another version of its SOP (core/sop/migration-plan.ts decides how). */
export interface MigrateInput {
  /** The compiled plan of the version to continue on. */
  plan: ExecutionPlan;
  /** Old node id → new node id, for steps renamed or replaced. */
  mapping?: Record<string, string>;
  actor: Actor;
  /**
   * The shared calendar version `plan.calendar` holds when the new version names one (`calendar: { ref }`);
   * absent when it names none. Counted per calendar: a move to another calendar starts its count afresh.
   */
  calendarVersion?: number;
}

/** The plan the job moved by: its moves and what they changed. */
export type MigrateResult = Extract<MigrationPlan, { ok: true }>;

export interface CancelInput {
  actor: Actor;
  reason?: string;
}

// ---- activities ----------------------------------------------------------

export type JobEvent =
  | { kind: 'step'; step: StepState; at: number }
  | { kind: 'job'; status: JobStatus; at: number; detail?: Record<string, unknown> };

export interface RecordEventsInput {
  jobId: string;
  events: JobEvent[];
  /** Notices decided in the same workflow activation, created after the events are written. */
  notices?: NotifyInput[];
}

export interface RecordSubmissionInput {
  jobId: string;
  nodeId: string;
  round: number;
  actor: Actor;
  files: Array<{ deliverable: string; fileId: string }>;
  checklist: Record<string, boolean>;
  note?: string;
  /** The form's answers as checked (absent in histories written before forms). */
  form?: Record<string, unknown>;
  /** Naming template per deliverable and the job's values for its placeholders. */
  naming: Record<string, string | undefined>;
  jobCode: string;
  vendorName: string;
  requestId?: string;
}

export interface RecordReviewInput {
  jobId: string;
  nodeId: string;
  round: number;
  actor: Actor;
  decision: 'approved' | 'rejected';
  reasons: string[];
  comment?: string;
}

/**
 * A submission or review and the transition batch it causes, written by one activity in one transaction
 * (the workflow's `update-one-bookkeeping-call` path). `batch` is what the step's completion records.
 */
export interface RecordSubmissionWithBatchInput extends RecordSubmissionInput {
  batch: RecordEventsInput;
}

export interface RecordReviewWithBatchInput extends RecordReviewInput {
  batch: RecordEventsInput;
}

export interface RecordAcceptanceInput {
  jobId: string;
  nodeId: string;
  round: number;
  actor: Actor;
  decision: 'accepted' | 'declined';
  reason?: string;
  note?: string;
}

export interface RecordReportInput extends ReportPeriod {
  jobId: string;
  /** Filed reports: who filed, the checked answers, the note. */
  actor?: Actor;
  answers?: Record<string, unknown>;
  note?: string;
  /** Missed periods: the instant the period was due (the audit event's time). */
  at?: number;
}

export interface RunCheckInput {
  jobId: string;
  nodeId: string;
  round: number;
  check: CheckSpec;
  /** The latest submitted file of the check's deliverable (absent for `checklist`). */
  file?: SubmittedFile;
  referenceFileId?: string;
  namingTemplate?: string;
  jobCode: string;
  vendorName: string;
  /** For `checklist`: the required item ids and what was ticked. */
  checklist?: { required: string[]; ticked: Record<string, boolean> };
}

export interface CheckOutcome {
  kind: CheckSpec['kind'];
  deliverable?: string;
  passed: boolean;
  resultId: string;
  summary: string;
}

export type NoticeKind = 'reminder' | 'escalation' | 'overdue' | 'stuck' | 'notify' | 'task_assigned' | 'review_request' | 'job_completed' | 'job_cancelled' | 'job_declined';

export interface NotifyInput {
  jobId: string;
  kind: NoticeKind;
  nodeId?: string;
  round?: number;
  /** Escalation level or reminder index. */
  level?: number;
  deadlineEpoch?: number;
  /** Report period the notice is about (reports ladder); part of the idempotency key. */
  period?: number;
  /** Role slots to notify, and to copy. */
  roles: string[];
  cc?: string[];
  /** Role slot → user id, with step overrides applied. */
  assignees: Record<string, string>;
  message?: string;
  dueAt?: number;
  at: number;
}

/** The activities a job workflow calls. Implemented in activities/. */
export interface JobActivities {
  recordEvents(input: RecordEventsInput): Promise<void>;
  recordSubmission(input: RecordSubmissionInput): Promise<SubmitResult>;
  recordReview(input: RecordReviewInput): Promise<ReviewResult>;
  /** The submission and the transitions it causes, in one transaction (one bookkeeping call per Update). */
  recordSubmissionWithBatch(input: RecordSubmissionWithBatchInput): Promise<SubmitResult>;
  /** The review and the transitions it causes, in one transaction (one bookkeeping call per Update). */
  recordReviewWithBatch(input: RecordReviewWithBatchInput): Promise<ReviewResult>;
  recordAcceptance(input: RecordAcceptanceInput): Promise<AcceptResult>;
  recordReport(input: RecordReportInput): Promise<ReportResult>;
  runCheck(input: RunCheckInput): Promise<CheckOutcome>;
  /** The spec of a shared calendar version; null when there is no such version (the change is then ignored). */
  loadCalendarVersion(input: LoadCalendarVersionInput): Promise<LoadedCalendarVersion | null>;
}
