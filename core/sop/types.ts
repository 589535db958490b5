/**
 * SOP definition format v1 — the contract between designer, API and engine.
 * See ../shared/product/SOP-FORMAT.md. Pure types: no I/O, safe in workflows.
 */

/** ISO 8601 duration such as `P2D`, `PT4H`, `PT0S`. */
export type IsoDuration = string;

export interface BusinessCalendarSpec {
  /** ISO weekday numbers (1 = Monday … 7 = Sunday) that are worked. */
  workdays: number[];
  /** Working hours of a workday, local time `HH:MM`, start before end. */
  hours: [string, string];
  /** Dates (`YYYY-MM-DD`) that are off even if their weekday is worked. */
  holidays?: string[];
  /** Dates (`YYYY-MM-DD`) that are worked even if their weekday is not (调休). */
  workdaysExtra?: string[];
  /**
   * The IANA zone its hours and dates are in. Set by the engine for a shared
   * calendar's version (the version's own zone, see `calendarInZone`); absent:
   * the SOP's `timezone`. Not part of an SOP's inline calendar.
   */
  timezone?: string;
}

/** A shared organisation calendar by key (`calendar: { "ref": "cn-2027" }`); the job runs on its latest version. */
export interface CalendarRef {
  ref: string;
}

/** Whether a SOP's `calendar` names a shared calendar instead of spelling one out. */
export function isCalendarRef(calendar: BusinessCalendarSpec | CalendarRef | undefined): calendar is CalendarRef {
  return !!calendar && typeof (calendar as CalendarRef).ref === 'string';
}

/** The SOP's inline calendar; undefined when absent or a shared calendar's `ref`. */
export function inlineCalendar(calendar: BusinessCalendarSpec | CalendarRef | undefined): BusinessCalendarSpec | undefined {
  return calendar && !isCalendarRef(calendar) ? calendar : undefined;
}

export interface DeliverableSpec {
  id: string;
  label: string;
  /** Naming template, e.g. `{job.code}_banner_v{version:2}.{ext:png|jpg}`. */
  naming?: string;
  /** Accepted MIME types (sniffed from content, not trusted from the client). */
  accept?: string[];
  maxBytes?: number;
  /** The job supplies a reference file for this deliverable. */
  reference?: boolean;
}

/** Types of declared job fields (SOP-FORMAT.md, Additions). */
export type JobFieldType = 'text' | 'longText' | 'number' | 'money' | 'date' | 'select' | 'multiSelect' | 'checkbox';

/** A job field the SOP declares (budget, contract number…); see ./job-fields.ts. */
export interface JobFieldSpec {
  id: string;
  label: string;
  type: JobFieldType;
  /** Defaults to false. */
  required?: boolean;
  /** Account roles that may read the value (owner and admin always may); default none. */
  visibleTo?: string[];
  /** The choices of `select` and `multiSelect` (required there, not allowed elsewhere). */
  options?: string[];
  /** Bounds of `number` and `money`. */
  min?: number;
  max?: number;
}

/** Types of a task's form fields: the job field types, and `file` (an upload beside the deliverables). */
export type FormFieldType = JobFieldType | 'file';

/** A question a task asks its assignee at submission (SOP-FORMAT.md, Additions: `form`); see ./form-answers.ts. */
export interface FormFieldSpec {
  id: string;
  label: string;
  type: FormFieldType;
  /** Defaults to false. */
  required?: boolean;
  /** The choices of `select` and `multiSelect` (required there, not allowed elsewhere). */
  options?: string[];
  /** Bounds of `number` and `money`. */
  min?: number;
  max?: number;
  /** `file` only: accepted MIME types (sniffed from the bytes) and size limit. */
  accept?: string[];
  maxBytes?: number;
  /** A hint shown under the field. */
  help?: string;
}

export interface ChecklistItem {
  id: string;
  label: string;
  /** Defaults to true. */
  required?: boolean;
}

export interface DueSpec {
  after: IsoDuration;
  /** Defaults to `calendar`. `business` follows the SOP's `calendar`. */
  calendar?: 'calendar' | 'business';
}

export interface ReminderSpec {
  before: IsoDuration;
  notify: string[];
  message?: string;
}

export interface EscalationLevelSpec {
  overdue: IsoDuration;
  notify: string[];
  cc?: string[];
  message?: string;
}

export interface ReasonCode {
  code: string;
  label: string;
}

/**
 * Recurring reports while a task or accept node is active (日报/周报/打卡):
 * one per `every`, due `graceAfter` after its period ends. A report without
 * `fields` is a check-in. See ./report-periods.ts.
 */
export interface ReportsSpec {
  /** Period length, a fixed-length ISO 8601 duration (weeks, days, hours, minutes, seconds). */
  every: IsoDuration;
  /** Questions each report answers (the form field model, no `file`). */
  fields?: FormFieldSpec[];
  /** How long after its period ends a report may still be filed; default none (PT0S). */
  graceAfter?: IsoDuration;
}

interface NodeBase {
  id: string;
  title?: string;
  /** Drawn as a diamond on the job and portfolio Gantt charts; it changes nothing about how the job runs. */
  milestone?: boolean;
}

interface HumanNodeFields {
  /** Role slot (declared in `roles`) whose person acts on this node. */
  assignee: string;
  due?: DueSpec;
  reminders?: ReminderSpec[];
  escalation?: EscalationLevelSpec[];
  /** Re-entries allowed by rework loops before the job is flagged `stuck`. */
  maxRounds?: number;
  instructions?: string;
}

export interface StartNode extends NodeBase { type: 'start' }
export interface EndNode extends NodeBase { type: 'end' }
export interface TaskNode extends NodeBase, HumanNodeFields {
  type: 'task';
  /** Deliverable ids the assignee submits. */
  produces: string[];
  checklist?: ChecklistItem[];
  /** Questions answered with each submission (typed, validated by ./form-answers.ts). */
  form?: FormFieldSpec[];
  /** Recurring reports owed while the step is active. */
  reports?: ReportsSpec;
}
export interface ReviewNode extends NodeBase, HumanNodeFields {
  type: 'review';
  reasons?: ReasonCode[];
}
/** The assignee (usually the vendor) accepts or declines the job (接单); a decline gives one of `reasons` when declared. */
export interface AcceptNode extends NodeBase, HumanNodeFields {
  type: 'accept';
  reasons?: ReasonCode[];
  /** Recurring reports owed while the step is active. */
  reports?: ReportsSpec;
}
export interface CheckNode extends NodeBase {
  type: 'check';
  checks: CheckSpec[];
}
export interface ParallelNode extends NodeBase { type: 'parallel' }
export interface JoinNode extends NodeBase { type: 'join' }
export interface WaitNode extends NodeBase {
  type: 'wait';
  duration?: IsoDuration;
  /** ISO date-time with offset. */
  until?: string;
}
export interface NotifyNode extends NodeBase {
  type: 'notify';
  notify: string[];
  message: string;
}

export type SopNode =
  | StartNode | EndNode | TaskNode | AcceptNode | ReviewNode | CheckNode
  | ParallelNode | JoinNode | WaitNode | NotifyNode;
export type NodeType = SopNode['type'];
export type HumanNode = TaskNode | ReviewNode | AcceptNode;

export interface Rect { x: number; y: number; width: number; height: number }

export interface NamingCheckSpec { kind: 'naming'; deliverable: string }
export interface VisualCheckSpec {
  kind: 'visual';
  deliverable: string;
  /** pixelmatch colour threshold 0..1 (default 0.1). */
  threshold?: number;
  /** Largest share of differing pixels that still passes (default 0.005). */
  maxDiffRatio?: number;
  ignore?: Rect[];
  /** `fit` scales the draft to the reference size; `none` (default) fails on a size mismatch. */
  resize?: 'fit' | 'none';
}
export interface OcrCheckSpec {
  kind: 'ocr';
  deliverable: string;
  languages?: Array<'eng' | 'chi_sim' | 'chi_tra'>;
  mustContain?: string[];
  mustNotContain?: string[];
  compareWithReference?: boolean;
}
export interface ChecklistCheckSpec { kind: 'checklist' }
export type CheckSpec = NamingCheckSpec | VisualCheckSpec | OcrCheckSpec | ChecklistCheckSpec;

export interface SopEdge {
  from: string;
  to: string;
  /** Outcome label; omitted on plain edges (and on a task's `submitted` edge). */
  on?: string;
}

export interface SopDefinition {
  schemaVersion: 1;
  key: string;
  name: string;
  description?: string;
  timezone: string;
  /** Inline, or a shared organisation calendar by key (resolved when a job starts). */
  calendar?: BusinessCalendarSpec | CalendarRef;
  roles: string[];
  deliverables: DeliverableSpec[];
  /** Declared job fields; absent on documents written before declarations existed. */
  fields?: JobFieldSpec[];
  nodes: SopNode[];
  edges: SopEdge[];
  layout?: Record<string, { x: number; y: number }>;
}

/** The outcomes each node type may put on its outgoing edges. */
export const NODE_OUTCOMES: Readonly<Record<NodeType, readonly string[]>> = {
  start: [],
  end: [],
  task: ['submitted'],
  accept: ['accepted', 'declined'],
  check: ['passed', 'failed'],
  review: ['approved', 'rejected'],
  parallel: [],
  join: [],
  wait: [],
  notify: [],
};

/** The outcome an edge without `on` stands for. */
export const DEFAULT_OUTCOME = 'next';
