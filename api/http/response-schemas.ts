/**
 * JSON Schemas (2020-12, as OpenAPI 3.1 uses them) of what the API answers: the
 * shared shapes (`components.schemas` of the OpenAPI document, referenced with
 * `$ref`) and helpers the route declarations use for their success responses.
 *
 * Written from what the handlers return, for every role: vendors get reduced
 * views (the SOP document as core/sop/vendor-view.ts projects it, job fields as
 * api/access/field-visibility.ts filters them), so what a reduced view drops is
 * never `required`. Objects stay open (`additionalProperties` not set) unless
 * the shape is closed on purpose: a client must tolerate new properties. The
 * contract test (tests/integration/api-contract.test.ts) checks real answers of
 * every route, as admin, owner, QA and vendor, against these.
 */
import type { JsonSchema } from './route';
import { RISK_LEVELS } from '../../core/risk/level';

const REF_PREFIX = '#/components/schemas/';
/** A reference to one of {@link RESPONSE_COMPONENTS} (a name that is not there fails the contract test: ajv cannot resolve it). */
export const ref = (name: string): JsonSchema => ({ $ref: `${REF_PREFIX}${name}` });

const string = { type: 'string' } as const;
const id = { type: 'string', minLength: 1 } as const;
const integer = { type: 'integer' } as const;
const boolean = { type: 'boolean' } as const;
/** An instant as the API writes it (`Date.prototype.toISOString`, or PostgreSQL's rendering of the same). */
const instant = { type: 'string', format: 'date-time' } as const;
const nullableString = { type: ['string', 'null'] } as const;
const nullableId = { type: ['string', 'null'], minLength: 1 } as const;
const nullableInstant = { type: ['string', 'null'], format: 'date-time' } as const;
const nullableInteger = { type: ['integer', 'null'] } as const;
const nullableNumber = { type: ['number', 'null'] } as const;
const openObject = { type: 'object' } as const;

/** An object whose listed properties are all required (others may follow). */
const object = (properties: Record<string, JsonSchema>, optional: string[] = []): JsonSchema => ({
  type: 'object',
  required: Object.keys(properties).filter((k) => !optional.includes(k)),
  properties,
});
const arrayOf = (items: JsonSchema): JsonSchema => ({ type: 'array', items });
/**
 * Closed on purpose (`additionalProperties: false`): shapes about accounts and
 * channel secrets, where a new property could be a leak (a password hash, a
 * webhook URL with its key); the contract test then fails on it.
 */
const closed = (schema: JsonSchema): JsonSchema => ({ ...schema, additionalProperties: false });

export const ROLE_ENUM = ['admin', 'owner', 'qa', 'manager', 'procurement', 'vendor'] as const;
export const JOB_STATUS_ENUM = ['running', 'completed', 'cancelled', 'failed', 'stuck'] as const;
/** A step run's status as the API shows it: `overdue` is an active step past its due time. */
export const STEP_STATUS_ENUM = ['active', 'overdue', 'done', 'skipped', 'cancelled'] as const;
const NOTIFICATION_CHANNEL_ENUM = ['inbox', 'email', 'webhook', 'dingtalk', 'wecom', 'feishu', 'slack'] as const;

const role = { type: 'string', enum: [...ROLE_ENUM] } as const;
const decision = { type: 'string', enum: ['approved', 'rejected'] } as const;
const personRef = object({ id, name: string });
/** A person; `email` absent when a vendor reads the buyer's staff (api/access/people-for-viewer.ts). */
const personWithEmail = object({ id, name: string, email: string }, ['email']);

/** A list page: `{ items, nextCursor }`, `nextCursor` null on the last page. */
export const pageOf = (item: JsonSchema): JsonSchema => object({ items: arrayOf(item), nextCursor: nullableString });
/** `{ items }` (a bounded list without paging). */
export const itemsOf = (item: JsonSchema): JsonSchema => object({ items: arrayOf(item) });

/**
 * An SOP document as stored (format v1, SOP-FORMAT.md): a published version is
 * valid (core/sop/schema.ts has the full rules); a vendor reads the projection of
 * core/sop/vendor-view.ts, which keeps the properties required here.
 */
const sopDocument = {
  type: 'object',
  required: ['schemaVersion', 'key', 'name', 'timezone', 'roles', 'deliverables', 'nodes', 'edges'],
  properties: {
    schemaVersion: { const: 1 },
    key: string,
    name: string,
    description: string,
    timezone: string,
    roles: arrayOf(string),
    deliverables: arrayOf(object({ id: string, label: string }, [])),
    fields: arrayOf(object({ id: string, label: string, type: string })),
    nodes: arrayOf(object({ id: string, type: string })),
    edges: arrayOf(object({ from: string, to: string })),
  },
} as const;

const sopIssue = object({
  code: string, path: string, nodeId: string, message: string,
  messages: object({ en: string, 'zh-CN': string }),
}, ['nodeId']);
const sopValidation = object({ valid: boolean, errors: arrayOf(ref('SopIssue')) });

const jobCore = {
  id, code: string, title: string,
  status: { type: 'string', enum: [...JOB_STATUS_ENUM] },
  workflowId: string,
  sop: object({ key: string, version: { type: 'integer', minimum: 1 } }),
  vendorOrg: object({ id, name: string }),
  ownerId: id,
  /** Role → user id the job's steps are bound to. */
  assignees: { type: 'object', additionalProperties: string },
  createdAt: instant,
  completedAt: nullableInstant,
  /** Only the fields the SOP version declares visible to the caller (owners and admins: all). */
  fields: openObject,
};

const deliveryConfig = { type: ['object', 'null'], required: ['id', 'name', 'channel', 'target'], properties: { id, name: string, channel: string, target: string } };

/** The shared shapes, emitted as `components.schemas` of the OpenAPI document. */
export const RESPONSE_COMPONENTS = {
  Me: closed(object({
    id, email: string, name: string, roles: arrayOf(role), orgId: id,
    org: object({ id, name: string, kind: { type: 'string', enum: ['internal', 'vendor'] } }),
    locale: string, timezone: string,
  })),
  Session: object({ token: string, expiresAt: instant, user: ref('Me') }),
  Org: object({ id, name: string, kind: { type: 'string', enum: ['internal', 'vendor'] }, timezone: string, createdAt: instant }),
  User: closed(object({ id, email: string, name: string, roles: arrayOf(role), orgId: id, locale: string, timezone: string, disabled: boolean })),
  Invitation: closed(object({
    id, email: string, orgId: id, roles: arrayOf(role), expiresAt: instant, createdAt: instant,
    createdBy: { ...personRef, type: ['object', 'null'] }, open: boolean,
  })),
  CreatedInvitation: object({ id, email: string, expiresAt: instant, link: string, token: string }),
  ResetLink: object({ link: string, token: string, expiresAt: instant }),
  SopIssue: sopIssue,
  SopValidation: sopValidation,
  SopDocument: sopDocument,
  SopSummary: object({ key: string, name: string, ownerId: id, draftUpdatedAt: nullableInstant, latestVersion: nullableInteger, publishedAt: nullableInstant }),
  SopDetail: object({
    key: string, name: string, ownerId: id,
    /** Work in progress: may be invalid, so any object (null before the first save). */
    draft: { type: ['object', 'null'] },
    draftUpdatedAt: nullableInstant,
    draftValidation: { anyOf: [sopValidation, { type: 'null' }] },
    versions: arrayOf(object({ version: integer, publishedAt: instant, publishedById: id })),
    latest: { anyOf: [object({ version: integer, definition: ref('SopDocument') }), { type: 'null' }] },
  }),
  SopVersion: object({ key: string, version: integer, definition: ref('SopDocument'), plan: openObject, publishedAt: instant, publishedById: id }),
  SopChange: object({ key: string, version: integer, status: { type: 'string', enum: ['draft', 'published'] } }),
  SopDraftSaved: object({ key: string, version: integer, status: { const: 'draft' }, valid: boolean, errors: arrayOf(ref('SopIssue')) }),
  StoredFile: object({ id, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' }, size: { type: 'integer', minimum: 0 }, mime: string, name: string }),
  Step: object({
    nodeId: string, title: nullableString, type: string,
    status: { type: 'string', enum: [...STEP_STATUS_ENUM] },
    round: integer, activatedAt: instant, dueAt: nullableInstant, completedAt: nullableInstant,
    outcome: nullableString, assigneeRole: nullableString, assigneeUserId: nullableString,
    /** Staff only: the delay risk of a scored active step (absent on other steps and for vendors). */
    risk: ref('StepRisk'),
  }, ['risk']),
  ActiveStep: object({ nodeId: string, title: nullableString, type: string, round: integer, dueAt: nullableInstant, assigneeRole: nullableString }),
  JobSummary: object({ ...jobCore, activeSteps: arrayOf(ref('ActiveStep')) }),
  JobDetail: object({
    ...jobCore,
    steps: arrayOf(ref('Step')),
    /** Node ids of the active steps. */
    activeSteps: arrayOf(string),
    /** The SOP version the job runs (vendors: the vendor view); null when the version is gone. */
    definition: { anyOf: [ref('SopDocument'), { type: 'null' }] },
  }),
  JobStarted: object({ id, code: string, workflowId: string, status: { const: 'running' } }),
  CheckResult: object({
    id, nodeId: string, round: integer, kind: string, deliverable: nullableString, passed: boolean,
    figures: openObject, reasons: arrayOf({}),
    /** `url` serves the image (a visual check's diff and overlay are built on the first open); `fileId` once it is stored. */
    artefacts: arrayOf(object({ kind: string, fileId: id, url: string }, ['fileId'])), createdAt: instant,
  }),
  Review: object({
    id, nodeId: string, stepTitle: nullableString, round: integer, decision,
    reasons: arrayOf(object({ code: string, label: string })),
    comment: nullableString, reviewer: personRef, at: instant,
  }),
  NamingVerdict: object({ deliverable: string, passed: boolean, reasons: arrayOf({}), example: string }, ['example']),
  FileVersion: object({
    deliverable: string, version: integer, fileId: id, name: string, sha256: string, size: integer, mime: string,
    uploadedBy: personWithEmail, at: instant, nodeId: string, round: integer,
    naming: object({ passed: boolean, reasons: arrayOf({}) }),
  }),
  JobFiles: object({
    versions: arrayOf(ref('FileVersion')),
    references: arrayOf(object({ deliverable: string, fileId: id, name: string, sha256: string, size: integer, mime: string })),
  }),
  CompareSide: object({ fileId: id, kind: { type: 'string', enum: ['reference', 'version'] }, deliverable: string, version: nullableInteger, round: nullableInteger, name: string }),
  /** `settings` (threshold, ignore regions): staff only — vendors never learn which areas the check skips. */
  FileComparison: object({
    a: ref('CompareSide'), b: ref('CompareSide'), cached: boolean,
    settings: object({ threshold: { type: 'number' }, ignore: arrayOf(object({ x: integer, y: integer, width: integer, height: integer })), resize: { type: 'string', enum: ['fit', 'none'] } }, ['threshold', 'ignore']),
    visual: object({ passed: boolean, figures: openObject, reasons: arrayOf({}), artefacts: arrayOf(object({ kind: string, fileId: id })) }),
    /** The OCR text diff: `a`'s text is `referenceText`, `b`'s is `text` (the checks' reading, else read on demand and cached). */
    ocr: object({ figures: object({ text: string, comparison: object({ identical: boolean, similarity: { type: 'number' }, referenceText: string, ops: arrayOf(object({ op: { type: 'string', enum: ['equal', 'insert', 'delete'] }, text: string })) }) }) }),
  }, ['settings']),
  Event: object({
    seq: integer, at: instant, actor: string, actorId: nullableId, type: string,
    /** The event's data (field edits: only the fields the caller may read). */
    data: openObject,
    /** The chain links; absent for vendor readers (a hash over a hidden actor address would let them confirm a guess). */
    hash: string, prevHash: string,
  }, ['hash', 'prevHash']),
  /** `visibility` internal: staff only (vendors never get one); `mentions`: the people the body names, as the reader may see them. */
  Comment: object({ id, body: string, author: personWithEmail, at: instant, visibility: { type: 'string', enum: ['all', 'internal'] }, mentions: arrayOf(personWithEmail) }),
  /** A posted comment, with what followed an `@` that named nobody the writer may mention (no one was notified for those). */
  PostedComment: object({
    id, body: string, author: personWithEmail, at: instant, visibility: { type: 'string', enum: ['all', 'internal'] }, mentions: arrayOf(personWithEmail), unresolvedMentions: arrayOf(string),
  }),
  /** Someone a comment on the job may mention (`staff`: reads internal comments). */
  MentionablePerson: object({ id, name: string, email: string, staff: boolean }, ['email']),
  Submission: object({
    submissionId: id, round: integer,
    files: arrayOf(object({ deliverable: string, version: integer, name: string, sha256: string, fileId: id })),
    naming: arrayOf(ref('NamingVerdict')),
  }),
  ReviewDecision: object({ reviewId: id, round: integer, decision }),
  VendorChange: object({ jobId: id, vendorOrgId: id, restartedFrom: string }, ['restartedFrom']),
  JobMigration: object({
    jobId: id, jobCode: nullableString,
    status: { type: 'string', enum: ['planned', 'migrated', 'refused'] },
    fromVersion: integer, toVersion: integer,
    moves: arrayOf(object({ from: string, to: string, type: string, round: integer, toRound: integer })),
    changes: object({
      deadlines: arrayOf(object({ nodeId: string, kind: { type: 'string', enum: ['deadline', 'wake'] }, from: nullableInstant, to: nullableInstant })),
      checks: arrayOf(object({ nodeId: string, change: { type: 'string', enum: ['added', 'removed', 'changed'] }, kinds: arrayOf(string) })),
      assignees: arrayOf(object({ nodeId: string, from: nullableString, to: nullableString })),
    }),
    refusals: arrayOf(object({ code: string, message: string, nodeId: string, deliverable: string }, ['nodeId', 'deliverable'])),
  }, ['moves', 'changes', 'refusals']),
  SopMigration: object({ fromVersion: integer, toVersion: integer, dryRun: boolean, results: arrayOf(ref('JobMigration')), more: boolean }),
  ReportFiled: object({
    reportId: id, nodeId: string, round: integer, period: integer, status: { type: 'string', enum: ['filed', 'missed'] },
    periodStart: instant, periodEnd: instant, dueAt: instant, at: instant,
  }),
  JobReport: object({
    id, nodeId: string, stepTitle: nullableString, round: integer, period: integer, status: { type: 'string', enum: ['filed', 'missed'] },
    periodStart: instant, periodEnd: instant, dueAt: instant, at: instant, note: nullableString,
    filedBy: { oneOf: [personWithEmail, { type: 'null' }] },
    answers: arrayOf(object({ id: string, label: string, type: string, answer: {} })),
  }),
  OwedReport: object({
    nodeId: string, stepTitle: nullableString, round: integer, period: integer, periodStart: instant, periodEnd: instant, dueAt: instant,
    fields: arrayOf(openObject),
  }),
  AcceptanceDecision: object({ acceptanceId: id, round: integer, decision: { type: 'string', enum: ['accepted', 'declined'] }, reason: string }, ['reason']),
  Notification: object({
    id, kind: string, jobId: nullableId, nodeId: nullableString, round: nullableInteger, level: nullableInteger,
    title: nullableString, payload: {}, readAt: nullableInstant, at: instant,
  }),
  Delivery: object({
    id, channel: { type: 'string', enum: [...NOTIFICATION_CHANNEL_ENUM] }, kind: string,
    status: { type: 'string', enum: ['pending', 'sent', 'failed'] }, attempts: { type: 'integer', minimum: 0 },
    lastError: nullableString, jobId: nullableId,
    job: { type: ['object', 'null'], required: ['id', 'code', 'title'], properties: { id, code: string, title: string } },
    nodeId: nullableString, round: nullableInteger, level: nullableInteger, userId: nullableId,
    to: nullableString, subject: nullableString, config: deliveryConfig,
    createdAt: instant, nextAttemptAt: nullableInstant, sentAt: nullableInstant,
  }),
  NotificationPreferences: object({
    channels: arrayOf({ type: 'string', enum: ['inbox', 'email'] }), locale: string, timezone: string,
    available: arrayOf({ type: 'string', enum: ['inbox', 'email'] }),
  }),
  /** Never the URL (robot keys sit in it) nor the secret: `target` is scheme and host only. */
  ChannelConfig: closed(object({
    id, scope: { type: 'string', enum: ['org', 'sop'] }, scopeId: string,
    channel: { type: 'string', enum: ['email', 'webhook', 'dingtalk', 'wecom', 'feishu', 'slack'] },
    name: string, target: string, hasSecret: boolean, settings: openObject, enabled: boolean, createdAt: instant, updatedAt: instant,
  })),
  VendorKpis: object({
    org: object({ id, name: string }), jobsStarted: integer, jobsCompleted: integer,
    onTimeRate: nullableNumber, onTime: object({ onTime: integer, due: integer }),
    avgDeliveryCycleHours: nullableNumber, firstPassRate: nullableNumber, firstPass: object({ passed: integer, checked: integer }),
    avgReworkRounds: nullableNumber, overdueOpenSteps: integer, rejections: integer,
    delayCauses: arrayOf(object({ code: string, label: string, count: integer })),
  }),
  Overview: object({
    at: instant,
    jobsByStatus: object(Object.fromEntries(JOB_STATUS_ENUM.map((s) => [s, integer]))),
    byVendor: arrayOf(object({ vendorOrg: object({ id, name: string }), jobsByStatus: object(Object.fromEntries(JOB_STATUS_ENUM.map((s) => [s, integer]))), overdueSteps: integer })),
    overdue: arrayOf(object({
      job: object({ id, code: string, title: string, vendorOrg: object({ id, name: string }) }),
      nodeId: string, stepTitle: nullableString, type: string, round: integer, dueAt: instant, lateHours: { type: 'number' },
      assignee: object({ role: nullableString, userId: nullableString, name: nullableString }),
    })),
    burndown: arrayOf(object({ date: { type: 'string', format: 'date' }, open: integer })),
  }),
  PortfolioStep: closed(object({
    nodeId: string, title: nullableString, type: string, round: integer, status: string,
    plannedStart: instant, plannedEnd: nullableInstant, actualStart: nullableInstant, actualEnd: nullableInstant,
    overdue: boolean, milestone: boolean,
  })),
  /** Delay risk of the job: the highest of its scored active steps (null when none is scored). */
  PortfolioRisk: {
    type: ['object', 'null'], required: ['probability', 'level'], additionalProperties: false,
    properties: { probability: { type: 'number', minimum: 0, maximum: 1 }, level: { type: 'string', enum: [...RISK_LEVELS] } },
  },
  PortfolioJob: closed(object({
    id, code: string, title: string, status: { type: 'string', enum: [...JOB_STATUS_ENUM] },
    sop: object({ key: string, version: integer }), vendorOrg: object({ id, name: string }),
    createdAt: instant, completedAt: nullableInstant, risk: ref('PortfolioRisk'), steps: arrayOf(ref('PortfolioStep')),
  })),
  Health: object({ status: { type: 'string', enum: ['ok', 'degraded'] }, db: { type: 'string', enum: ['ok', 'unavailable'] }, temporal: { type: 'string', enum: ['ok', 'unavailable'] } }),
  AuditVerification: object({
    valid: boolean, checked: integer, headHash: string,
    firstInvalid: object({ seq: integer, reason: { type: 'string', enum: ['hash-mismatch', 'chain-broken'] } }),
  }, ['firstInvalid']),
  JobRisk: object({ model: ref('RiskModelState'), steps: arrayOf(object({ nodeId: string, round: integer, dueAt: nullableInstant, probability: { type: 'number', minimum: 0, maximum: 1 }, atRisk: boolean, factors: arrayOf(ref('RiskFactor')), scoredAt: instant })) }),
  AtRiskSteps: object({
    model: ref('RiskModelState'),
    items: arrayOf(object({
      jobId: id, job: object({ id, code: string, title: string, sopKey: string }), nodeId: string, round: integer, dueAt: nullableInstant,
      probability: { type: 'number', minimum: 0, maximum: 1 }, level: ref('RiskLevel'), factors: arrayOf(ref('RiskFactor')), scoredAt: instant,
    })),
    nextCursor: nullableString,
  }),
  RiskModelState: object({
    status: { type: 'string', enum: ['none', 'trained', 'not_enough_history'] }, trainedAt: nullableInstant, finishedSteps: integer, minFinishedSteps: integer,
    threshold: nullableNumber,
  }),
  RiskFactor: object({ feature: string, contribution: { type: 'number' } }),
  RiskLevel: { type: 'string', enum: [...RISK_LEVELS] },
  StepRisk: object({ probability: { type: 'number', minimum: 0, maximum: 1 }, level: ref('RiskLevel'), atRisk: boolean, factors: arrayOf(ref('RiskFactor')), scoredAt: instant }),
  VendorSuggestions: object({
    sop: string, from: instant, to: instant,
    items: arrayOf(object({
      org: object({ id, name: string }), score: nullableNumber, rank: nullableInteger,
      onTime: object({ probability: { type: 'number', minimum: 0, maximum: 1 }, onTime: integer, due: integer, basis: { type: 'string', enum: ['sop', 'all', 'none'] }, source: { type: 'string', enum: ['model', 'history'] } }),
      openLoad: object({ jobs: integer, steps: integer, overdueSteps: integer }),
      suggested: boolean,
    })),
  }),
  VendorReport: object({
    from: instant, to: instant, previous: object({ from: instant, to: instant }), sop: nullableString,
    weights: object({ onTime: { type: 'number' }, firstPass: { type: 'number' }, cycle: { type: 'number' }, rework: { type: 'number' } }),
    vendors: arrayOf(object({
      org: object({ id, name: string }),
      rank: nullableInteger, previousRank: nullableInteger, rankChange: nullableInteger,
      score: nullableNumber, previousScore: nullableNumber, scoreChange: nullableNumber,
      onTime: object({ rate: nullableNumber, onTime: integer, due: integer }),
      cycleHours: object({ completed: integer, avg: nullableNumber, p90: nullableNumber, businessAvg: nullableNumber, businessP90: nullableNumber }),
      firstPass: object({ rate: nullableNumber, passed: integer, completed: integer }),
      rework: object({ rounds: integer, avgRounds: nullableNumber }),
      openLoad: object({ jobs: integer, steps: integer, overdueSteps: integer }),
      delayReasons: arrayOf(object({ code: string, label: string, count: integer })),
      rejectionReasons: arrayOf(object({ code: string, label: string, count: integer })),
      weekly: arrayOf(object({ weekStart: instant, onTimeRate: nullableNumber, due: integer })),
    })),
  }),
  MonthlyReport: object({
    id, period: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}$' }, from: instant, to: instant, timezone: string, vendorCount: integer,
    trigger: { type: 'string', enum: ['schedule', 'manual'] }, createdAt: instant,
    files: object({ pdf: object({ size: integer }), xlsx: object({ size: integer }) }),
  }),
  /** A shared calendar's spec (BusinessCalendarSpec, core/sop/types.ts) as stored. */
  CalendarSpec: object({ workdays: arrayOf(integer), hours: arrayOf(string), holidays: arrayOf(string), workdaysExtra: arrayOf(string) }, ['holidays', 'workdaysExtra']),
  CalendarVersion: object({ version: integer, spec: ref('CalendarSpec'), timezone: string, note: nullableString, createdById: id, createdAt: instant }),
  Calendar: object({ key: string, name: string, createdAt: instant, latest: { oneOf: [ref('CalendarVersion'), { type: 'null' }] } }),
  /** A version in a calendar's list: who stored it, when, why; its spec is read with GET /api/calendars/:key/versions/:version. */
  CalendarVersionEntry: object({ version: integer, timezone: string, note: nullableString, createdAt: instant, createdBy: object({ id, name: string }) }),
  /** GET /api/calendars/:key: the latest version's spec and the newest versions (at most 100; `moreVersions` when older ones exist). */
  CalendarDetail: object({ key: string, name: string, createdAt: instant, latest: ref('CalendarVersion'), versions: arrayOf(ref('CalendarVersionEntry')), moreVersions: boolean }),
  CalendarVersionDetail: object({ key: string, version: integer, spec: ref('CalendarSpec'), timezone: string, note: nullableString, createdById: id, createdAt: instant, createdBy: object({ id, name: string }) }),
  CalendarVersionCreated: object({ key: string, version: ref('CalendarVersion'), jobsRetimed: integer }),
  /** POST /api/calendars/:key/holiday-import: the preview, and with `dryRun: false` the version stored. */
  HolidayImport: object({
    key: string, year: integer, basedOn: integer, dryRun: boolean, spec: ref('CalendarSpec'),
    holidays: object({ added: arrayOf(string), removed: arrayOf(string) }), makeUpWorkdays: object({ added: arrayOf(string), removed: arrayOf(string) }),
    version: ref('CalendarVersion'), jobsRetimed: integer,
  }, ['version', 'jobsRetimed']),
  DelayReason: object({ code: string, labels: object({ 'zh-CN': string, en: string }), active: boolean, position: integer }),
  LateStepReason: object({ nodeId: string, round: integer, reason: string, note: nullableString, dueAt: instant, completedAt: instant, lateHours: { type: 'number' } }),
  /** One problem of a bulk-start sheet: the sheet row (header = 1), the column, a stable code and the reason. */
  BulkRowProblem: object({ row: integer, column: string, code: string, message: string }),
  /** The dry run of POST /api/jobs/bulk: nothing started. */
  BulkStartReport: object({
    dryRun: { const: true }, fileName: string,
    summary: object({ rows: integer, ready: integer, existing: integer, invalid: integer }),
    rows: arrayOf(object({ row: integer, code: string, status: { type: 'string', enum: ['ready', 'existing', 'invalid'] }, jobId: id }, ['jobId'])),
    problems: arrayOf(ref('BulkRowProblem')),
  }),
  /** A bulk start that runs: progress and the result of each row done so far. */
  BulkStartRun: object({
    id, fileName: string, status: { type: 'string', enum: ['running', 'done', 'interrupted'] }, total: integer, done: integer,
    summary: object({ started: integer, skipped: integer, failed: integer }),
    rows: arrayOf(object({ row: integer, code: string, status: { type: 'string', enum: ['started', 'skipped-existing', 'failed'] }, jobId: id, problems: arrayOf(ref('BulkRowProblem')) }, ['jobId', 'problems'])),
    createdAt: instant,
  }),
  /** One line of `GET /api/audit/export` (application/x-ndjson). */
  AuditExportLine: object({ seq: integer, at: instant, actorId: nullableId, actor: string, type: string, jobId: nullableId, data: openObject, prevHash: string, hash: string }),
} satisfies Record<string, JsonSchema>;

export type ResponseComponentName = keyof typeof RESPONSE_COMPONENTS;

/** `{ <key>: integer }`, e.g. `{ updated }`. */
export const countOf = (key: string): JsonSchema => object({ [key]: { type: 'integer', minimum: 0 } });

/** Inline answers of a single route, declared here so the route files stay declarations. */
export const INLINE = {
  authOptions: object({ demoMode: boolean, demoAccounts: arrayOf(string) }),
  invitationAccepted: object({ token: string, expiresAt: instant, userId: id, email: string }),
  resetRequested: object({ status: { const: 'requested' }, detail: string }),
  jobFields: object({ fields: openObject }),
  cancelling: object({ id, status: { const: 'cancelling' } }),
  deadlineMoved: object({ nodeId: string, dueAt: instant, reason: string, note: nullableString }),
  reassigned: object({ ok: { const: true } }),
  portfolioPage: object({ at: instant, items: arrayOf(ref('PortfolioJob')), nextCursor: nullableString }),
  portfolioBurndown: object({
    from: instant, to: instant, timezone: string, counts: { const: 'steps' },
    days: arrayOf(object({ date: { type: 'string', format: 'date' }, open: nullableInteger, ideal: { type: 'number', minimum: 0 } })),
  }),
  vendorKpiPage: object({ from: instant, to: instant, vendors: arrayOf(ref('VendorKpis')) }),
  inbox: object({ unread: { type: 'integer', minimum: 0 }, items: arrayOf(ref('Notification')) }),
  /** The bytes of a download, or an image. */
  binary: (mime: string): JsonSchema => ({ type: 'string', contentMediaType: mime }),
  /** `application/x-ndjson`: one {@link RESPONSE_COMPONENTS.AuditExportLine} per line. */
  auditExport: { type: 'string', contentMediaType: 'application/x-ndjson', description: 'One AuditExportLine (components.schemas) per line.' },
  streamTicket: object({ ticket: string, expiresAt: instant }),
  monthlyReportBuilt: object({ created: boolean, report: ref('MonthlyReport') }),
  /** `text/event-stream` (api/live/): events `job`, `step`, `submission`, `review`, `comment`, `check`, `inbox`, `ready`, `resync`. */
  eventStream: {
    type: 'string', contentMediaType: 'text/event-stream',
    description: 'Server-sent events. Each data line is JSON: audit-backed events (`job`, `step`, `submission`, `review`, `comment`) carry `{ seq, type, jobId, nodeId?, round?, at }` and id = seq; `check` `{ jobId, nodeId, round }`; `inbox` `{ userId }`; `ready` `{ head }` (id = head); `resync` `{ reason }`: refetch everything.',
  },
};
