/**
 * JSON Schema (draft-07) of SOP definition format v1 — the structural half of
 * SOP-FORMAT.md. It agrees with `./types.ts`: every field, no unknown fields,
 * node shapes selected by `type` and check shapes by `kind` through
 * `if`/`then` (so a wrong field is reported against the one shape that applies).
 *
 * What it does not decide (see `validate.ts`): graph rules, references to
 * declared roles / deliverables, ISO 8601 durations and date-times, IANA time
 * zones, real calendar dates, naming-template syntax. Those need logic, not
 * patterns. Pure data: safe in the workflow sandbox, the API and the browser.
 */

/** Node ids: a letter, then letters, digits, `_` or `-`. */
export const NODE_ID_PATTERN = '^[A-Za-z][A-Za-z0-9_-]*$';
/** SOP keys: 3–64 lower-case letters, digits or hyphens. */
export const SOP_KEY_PATTERN = '^[a-z0-9-]{3,64}$';
/** Shared organisation calendar keys (`calendar: { ref }`): same shape as SOP keys. */
export const CALENDAR_KEY_PATTERN = '^[a-z0-9-]{3,64}$';
/** Ids of deliverables, checklist items and reason codes. */
export const IDENTIFIER_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]*$';
/** Ids of declared job fields: a letter, then letters, digits, `_` or `-`; at most 64. */
export const JOB_FIELD_ID_PATTERN = '^[A-Za-z][A-Za-z0-9_-]{0,63}$';
/** Field types of declared job fields (SOP-FORMAT.md, Additions). */
export const JOB_FIELD_TYPES = ['text', 'longText', 'number', 'money', 'date', 'select', 'multiSelect', 'checkbox'] as const;
/** Account roles a declared job field may be visible to. */
export const JOB_FIELD_VIEWER_ROLES = ['admin', 'owner', 'qa', 'manager', 'procurement', 'vendor'] as const;
/** Types of a task's form fields: the job field types and `file`. */
export const FORM_FIELD_TYPES = [...JOB_FIELD_TYPES, 'file'] as const;
/** Local time of day, `HH:MM`, 00:00–23:59. */
export const TIME_OF_DAY_PATTERN = '^(?:[01][0-9]|2[0-3]):[0-5][0-9]$';
/** A date written `YYYY-MM-DD` (whether it exists is checked by `validate.ts`). */
export const DATE_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';
/** A MIME type such as `image/png` or `image/*`. */
export const MIME_PATTERN = '^[a-z0-9][a-z0-9.+-]*/(?:\\*|[a-z0-9][a-z0-9.+-]*)$';

const text = { type: 'string', minLength: 1 } as const;
const roleList = { type: 'array', minItems: 1, items: text } as const;

const nodeBase = {
  id: { type: 'string', pattern: NODE_ID_PATTERN },
  title: { type: 'string' },
  /** Drawn as a diamond on Gantt charts (SOP-FORMAT.md, Additions); no effect on how the job runs. */
  milestone: { type: 'boolean' },
} as const;

const humanFields = {
  assignee: text,
  due: { $ref: '#/definitions/due' },
  reminders: { type: 'array', items: { $ref: '#/definitions/reminder' } },
  escalation: { type: 'array', items: { $ref: '#/definitions/escalationLevel' } },
  maxRounds: { type: 'integer', minimum: 1 },
  instructions: { type: 'string' },
} as const;

/** A node shape: `id`, `type` fixed to `type`, plus `fields`; nothing else. */
function nodeShape<F extends Record<string, unknown>, R extends readonly string[]>(type: string, fields: F, required: R) {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'type', ...required],
    properties: { ...nodeBase, type: { const: type }, ...fields },
  } as const;
}

/** Selects `then` when the object's `discriminator` property equals `value`. */
function when(discriminator: string, value: string, ref: string) {
  return {
    if: { type: 'object', required: [discriminator], properties: { [discriminator]: { const: value } } },
    then: { $ref: ref },
  } as const;
}

/** What job fields and form questions declare alike (their `type` lists differ). */
const declaredFieldProperties = {
  id: { type: 'string', pattern: JOB_FIELD_ID_PATTERN },
  label: { type: 'string', minLength: 1, maxLength: 200 },
  required: { type: 'boolean' },
  options: { type: 'array', minItems: 1, maxItems: 200, items: { type: 'string', minLength: 1, maxLength: 200 } },
  min: { type: 'number' },
  max: { type: 'number' },
} as const;

/** Node types in the order of SOP-FORMAT.md. */
export const SOP_NODE_TYPES = ['start', 'end', 'task', 'accept', 'check', 'review', 'parallel', 'join', 'wait', 'notify'] as const;
/** Check kinds in the order of SOP-FORMAT.md. */
export const SOP_CHECK_KINDS = ['naming', 'visual', 'ocr', 'checklist'] as const;
/** OCR languages a check may ask for. */
export const OCR_LANGUAGES = ['eng', 'chi_sim', 'chi_tra'] as const;

const nodeDefinitions = {
  startNode: nodeShape('start', {}, []),
  endNode: nodeShape('end', {}, []),
  taskNode: nodeShape(
    'task',
    {
      ...humanFields,
      produces: { type: 'array', items: { type: 'string', pattern: IDENTIFIER_PATTERN } },
      checklist: { type: 'array', items: { $ref: '#/definitions/checklistItem' } },
      form: { type: 'array', maxItems: 50, items: { $ref: '#/definitions/formField' } },
      reports: { $ref: '#/definitions/reports' },
    },
    ['assignee', 'produces'],
  ),
  acceptNode: nodeShape(
    'accept',
    { ...humanFields, reasons: { type: 'array', maxItems: 50, items: { $ref: '#/definitions/reasonCode' } }, reports: { $ref: '#/definitions/reports' } },
    ['assignee'],
  ),
  checkNode: nodeShape('check', { checks: { type: 'array', minItems: 1, items: { $ref: '#/definitions/check' } } }, [
    'checks',
  ]),
  reviewNode: nodeShape(
    'review',
    { ...humanFields, reasons: { type: 'array', items: { $ref: '#/definitions/reasonCode' } } },
    ['assignee'],
  ),
  parallelNode: nodeShape('parallel', {}, []),
  joinNode: nodeShape('join', {}, []),
  waitNode: {
    ...nodeShape('wait', { duration: text, until: text }, []),
    oneOf: [{ required: ['duration'] }, { required: ['until'] }],
  },
  notifyNode: nodeShape('notify', { notify: roleList, message: text }, ['notify', 'message']),
} as const;

const checkDefinitions = {
  namingCheck: {
    type: 'object',
    additionalProperties: false,
    required: ['kind', 'deliverable'],
    properties: { kind: { const: 'naming' }, deliverable: text },
  },
  visualCheck: {
    type: 'object',
    additionalProperties: false,
    required: ['kind', 'deliverable'],
    properties: {
      kind: { const: 'visual' },
      deliverable: text,
      threshold: { type: 'number', minimum: 0, maximum: 1 },
      maxDiffRatio: { type: 'number', minimum: 0, maximum: 1 },
      ignore: { type: 'array', items: { $ref: '#/definitions/rect' } },
      resize: { enum: ['fit', 'none'] },
    },
  },
  ocrCheck: {
    type: 'object',
    additionalProperties: false,
    required: ['kind', 'deliverable'],
    properties: {
      kind: { const: 'ocr' },
      deliverable: text,
      languages: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: OCR_LANGUAGES } },
      mustContain: { type: 'array', items: text },
      mustNotContain: { type: 'array', items: text },
      compareWithReference: { type: 'boolean' },
    },
  },
  checklistCheck: {
    type: 'object',
    additionalProperties: false,
    required: ['kind'],
    properties: { kind: { const: 'checklist' } },
  },
} as const;

/**
 * The JSON Schema of SOP format v1 (draft-07). Compile it with ajv
 * (`allErrors: true`); `validateSop` does so and adds the rules a schema
 * cannot express.
 */
export const sopDefinitionSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'urn:waifa:sop-definition:v1',
  title: 'SOP definition, format version 1',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'key', 'name', 'timezone', 'roles', 'deliverables', 'nodes', 'edges'],
  properties: {
    schemaVersion: { const: 1 },
    key: { type: 'string', pattern: SOP_KEY_PATTERN },
    name: text,
    description: { type: 'string' },
    timezone: text,
    calendar: { $ref: '#/definitions/calendar' },
    roles: { type: 'array', items: text },
    deliverables: { type: 'array', items: { $ref: '#/definitions/deliverable' } },
    fields: { type: 'array', maxItems: 100, items: { $ref: '#/definitions/jobField' } },
    nodes: { type: 'array', items: { $ref: '#/definitions/node' } },
    edges: { type: 'array', items: { $ref: '#/definitions/edge' } },
    layout: { type: 'object', additionalProperties: { $ref: '#/definitions/point' } },
  },
  definitions: {
    // Inline (`workdays`, `hours`, …) or a shared organisation calendar by key (`{ "ref": "cn-2027" }`, nothing else).
    calendar: {
      type: 'object',
      additionalProperties: false,
      if: { required: ['ref'] },
      then: { maxProperties: 1 },
      else: { required: ['workdays', 'hours'] },
      properties: {
        ref: { type: 'string', pattern: CALENDAR_KEY_PATTERN },
        workdays: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'integer', minimum: 1, maximum: 7 } },
        hours: {
          type: 'array',
          items: [
            { type: 'string', pattern: TIME_OF_DAY_PATTERN },
            { type: 'string', pattern: TIME_OF_DAY_PATTERN },
          ],
          minItems: 2,
          maxItems: 2,
          additionalItems: false,
        },
        holidays: { type: 'array', items: { type: 'string', pattern: DATE_PATTERN } },
        workdaysExtra: { type: 'array', items: { type: 'string', pattern: DATE_PATTERN } },
      },
    },
    deliverable: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'label'],
      properties: {
        id: { type: 'string', pattern: IDENTIFIER_PATTERN },
        label: text,
        naming: { type: 'string' },
        accept: { type: 'array', items: { type: 'string', pattern: MIME_PATTERN } },
        maxBytes: { type: 'integer', minimum: 1 },
        reference: { type: 'boolean' },
      },
    },
    jobField: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'label', 'type'],
      properties: {
        ...declaredFieldProperties,
        type: { enum: JOB_FIELD_TYPES },
        visibleTo: { type: 'array', uniqueItems: true, items: { enum: JOB_FIELD_VIEWER_ROLES } },
      },
    },
    formField: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'label', 'type'],
      properties: {
        ...declaredFieldProperties,
        type: { enum: FORM_FIELD_TYPES },
        accept: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: '^[a-z]+/[A-Za-z0-9.+-]+$' } },
        maxBytes: { type: 'integer', minimum: 1, maximum: 2147483647 },
        help: { type: 'string', maxLength: 1000 },
      },
    },
    reports: {
      type: 'object',
      additionalProperties: false,
      required: ['every'],
      properties: {
        every: text,
        graceAfter: text,
        fields: { type: 'array', maxItems: 50, items: { $ref: '#/definitions/formField' } },
      },
    },
    checklistItem: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'label'],
      properties: { id: { type: 'string', pattern: IDENTIFIER_PATTERN }, label: text, required: { type: 'boolean' } },
    },
    reasonCode: {
      type: 'object',
      additionalProperties: false,
      required: ['code', 'label'],
      properties: { code: { type: 'string', pattern: IDENTIFIER_PATTERN }, label: text },
    },
    due: {
      type: 'object',
      additionalProperties: false,
      required: ['after'],
      properties: { after: text, calendar: { enum: ['calendar', 'business'] } },
    },
    reminder: {
      type: 'object',
      additionalProperties: false,
      required: ['before', 'notify'],
      properties: { before: text, notify: roleList, message: { type: 'string' } },
    },
    escalationLevel: {
      type: 'object',
      additionalProperties: false,
      required: ['overdue', 'notify'],
      properties: { overdue: text, notify: roleList, cc: { type: 'array', items: text }, message: { type: 'string' } },
    },
    rect: {
      type: 'object',
      additionalProperties: false,
      required: ['x', 'y', 'width', 'height'],
      properties: {
        x: { type: 'integer', minimum: 0 },
        y: { type: 'integer', minimum: 0 },
        width: { type: 'integer', minimum: 1 },
        height: { type: 'integer', minimum: 1 },
      },
    },
    point: {
      type: 'object',
      additionalProperties: false,
      required: ['x', 'y'],
      properties: { x: { type: 'number' }, y: { type: 'number' } },
    },
    edge: {
      type: 'object',
      additionalProperties: false,
      required: ['from', 'to'],
      properties: { from: text, to: text, on: text },
    },
    node: {
      type: 'object',
      required: ['type'],
      properties: { type: { enum: SOP_NODE_TYPES } },
      allOf: [
        when('type', 'start', '#/definitions/startNode'),
        when('type', 'end', '#/definitions/endNode'),
        when('type', 'task', '#/definitions/taskNode'),
        when('type', 'accept', '#/definitions/acceptNode'),
        when('type', 'check', '#/definitions/checkNode'),
        when('type', 'review', '#/definitions/reviewNode'),
        when('type', 'parallel', '#/definitions/parallelNode'),
        when('type', 'join', '#/definitions/joinNode'),
        when('type', 'wait', '#/definitions/waitNode'),
        when('type', 'notify', '#/definitions/notifyNode'),
      ],
    },
    check: {
      type: 'object',
      required: ['kind'],
      properties: { kind: { enum: SOP_CHECK_KINDS } },
      allOf: [
        when('kind', 'naming', '#/definitions/namingCheck'),
        when('kind', 'visual', '#/definitions/visualCheck'),
        when('kind', 'ocr', '#/definitions/ocrCheck'),
        when('kind', 'checklist', '#/definitions/checklistCheck'),
      ],
    },
    ...nodeDefinitions,
    ...checkDefinitions,
  },
} as const;
