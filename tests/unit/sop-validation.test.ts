import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { SOP_ERROR_CODES, isSopErrorCode } from '../../core/sop/error-codes';
import { validateSop, type SopIssue } from '../../core/sop/validate';
import { isCalendarDate, isOffsetDateTime, isUsableTimeZone } from '../../core/sop/value-rules';

const FIXTURES = join(__dirname, '../fixtures/sop');
const filesIn = (kind: 'valid' | 'invalid'): string[] =>
  readdirSync(join(FIXTURES, kind)).filter((f) => f.endsWith('.json')).sort();
const load = (kind: 'valid' | 'invalid', file: string): unknown =>
  JSON.parse(readFileSync(join(FIXTURES, kind, file), 'utf8'));

/** `[code, JSON pointer]` or `[code, JSON pointer, nodeId]`, in the order `validateSop` returns them. */
type Expected = [code: string, path: string, nodeId?: string];

interface InvalidCase {
  file: string;
  behaviour: string;
  issues: Expected[];
}

const INVALID: InvalidCase[] = [
  // document structure (JSON Schema)
  { file: 'not-an-object.json', behaviour: 'rejects a document that is a list, not an object', issues: [['VALUE_TYPE_INVALID', '']] },
  {
    file: 'missing-top-level-fields.json',
    behaviour: 'rejects an SOP without a time zone and roles, naming each missing field',
    issues: [['FIELD_REQUIRED', '/roles'], ['FIELD_REQUIRED', '/timezone']],
  },
  { file: 'too-many-nodes.json', behaviour: 'rejects an SOP of 201 steps before any other rule runs, naming the limits', issues: [['SOP_TOO_LARGE', '']] },
  { file: 'schema-version-2.json', behaviour: 'rejects an SOP written for format version 2', issues: [['SCHEMA_VERSION_UNSUPPORTED', '/schemaVersion']] },
  { file: 'key-not-a-slug.json', behaviour: 'rejects an SOP key with capitals and underscores', issues: [['KEY_INVALID', '/key']] },
  { file: 'node-id-starts-with-digit.json', behaviour: 'rejects a node id that starts with a digit', issues: [['NODE_ID_INVALID', '/nodes/4/id', '9done']] },
  { file: 'node-type-unknown.json', behaviour: 'rejects a node of an unknown type', issues: [['NODE_TYPE_UNKNOWN', '/nodes/2/type', 'auto']] },
  { file: 'check-kind-unknown.json', behaviour: 'rejects a check of an unknown kind', issues: [['CHECK_KIND_UNKNOWN', '/nodes/2/checks/0/kind', 'auto']] },
  { file: 'task-without-assignee.json', behaviour: 'rejects a task without an assignee', issues: [['FIELD_REQUIRED', '/nodes/1/assignee', 'draft']] },
  { file: 'task-with-unknown-field.json', behaviour: 'rejects a task with a field the format does not know', issues: [['FIELD_UNKNOWN', '/nodes/1/deadline', 'draft']] },
  { file: 'milestone-not-boolean.json', behaviour: 'rejects a milestone flag written as text', issues: [['VALUE_TYPE_INVALID', '/nodes/1/milestone', 'draft']] },
  { file: 'max-bytes-not-a-number.json', behaviour: 'rejects a deliverable size limit written as text', issues: [['VALUE_TYPE_INVALID', '/deliverables/0/maxBytes']] },
  { file: 'due-calendar-not-allowed.json', behaviour: 'rejects a deadline counted in an unknown kind of time', issues: [['VALUE_NOT_ALLOWED', '/nodes/1/due/calendar', 'draft']] },
  { file: 'visual-threshold-out-of-range.json', behaviour: 'rejects a visual threshold above 1', issues: [['VALUE_OUT_OF_RANGE', '/nodes/2/checks/1/threshold', 'auto']] },
  { file: 'check-node-without-checks.json', behaviour: 'rejects a check node with no checks', issues: [['VALUE_TOO_SHORT', '/nodes/2/checks', 'auto']] },
  { file: 'accept-not-a-mime-type.json', behaviour: 'rejects an accepted file type that is not a MIME type', issues: [['VALUE_FORMAT_INVALID', '/deliverables/0/accept/0']] },
  { file: 'ocr-language-repeated.json', behaviour: 'rejects an OCR check that lists a language twice', issues: [['SOP_SCHEMA', '/nodes/2/checks/1/languages', 'auto']] },
  { file: 'wait-without-duration-or-until.json', behaviour: 'rejects a wait node with neither a duration nor an until', issues: [['WAIT_SPEC_INVALID', '/nodes/1', 'pause']] },
  { file: 'wait-with-duration-and-until.json', behaviour: 'rejects a wait node with both a duration and an until', issues: [['WAIT_SPEC_INVALID', '/nodes/1', 'pause']] },
  { file: 'max-rounds-zero.json', behaviour: 'rejects maxRounds of zero', issues: [['MAX_ROUNDS_INVALID', '/nodes/1/maxRounds', 'draft']] },
  { file: 'calendar-hours-not-hhmm.json', behaviour: 'rejects business hours not written HH:MM', issues: [['CALENDAR_INVALID', '/calendar/hours/0']] },
  { file: 'calendar-ref-with-workdays.json', behaviour: 'rejects a shared calendar reference that also spells out workdays', issues: [['SOP_SCHEMA', '/calendar']] },
  { file: 'calendar-workday-eight.json', behaviour: 'rejects a workday number outside 1..7', issues: [['CALENDAR_INVALID', '/calendar/workdays/2']] },
  {
    file: 'schema-and-graph-errors-together.json',
    behaviour: 'reports schema errors and graph errors of the same SOP together',
    issues: [['FIELD_REQUIRED', '/deliverables/0/label'], ['OUTCOME_MISSING', '/nodes/2', 'auto']],
  },
  // declared job fields
  { file: 'job-field-duplicate.json', behaviour: 'rejects two job fields with the same id', issues: [['JOB_FIELD_DUPLICATE', '/fields/1/id']] },
  { file: 'job-field-select-without-options.json', behaviour: 'rejects a single-choice job field without options', issues: [['JOB_FIELD_OPTIONS_MISSING', '/fields/0']] },
  {
    file: 'job-field-options-on-text.json',
    behaviour: 'rejects options and a minimum on a text job field',
    issues: [['JOB_FIELD_OPTIONS_NOT_ALLOWED', '/fields/0/min'], ['JOB_FIELD_OPTIONS_NOT_ALLOWED', '/fields/0/options']],
  },
  { file: 'job-field-option-duplicate.json', behaviour: 'rejects a multiple-choice job field listing an option twice', issues: [['JOB_FIELD_OPTION_DUPLICATE', '/fields/0/options/2']] },
  { file: 'job-field-min-above-max.json', behaviour: 'rejects a money job field whose minimum is above its maximum', issues: [['JOB_FIELD_RANGE_INVALID', '/fields/0/min']] },
  {
    file: 'job-field-type-and-role-unknown.json',
    behaviour: 'rejects a job field of an unknown type visible to an unknown role',
    issues: [['VALUE_NOT_ALLOWED', '/fields/0/type'], ['VALUE_NOT_ALLOWED', '/fields/0/visibleTo/0']],
  },
  // task forms
  { file: 'form-field-duplicate.json', behaviour: 'rejects a task form asking two questions with the same id', issues: [['FORM_FIELD_DUPLICATE', '/nodes/1/form/1/id', 'work']] },
  {
    file: 'form-field-options.json',
    behaviour: 'rejects a choice question without options, options and a maximum on a text question, and a file type list on a number question',
    issues: [
      ['FORM_FIELD_OPTIONS_MISSING', '/nodes/1/form/0', 'work'],
      ['FORM_FIELD_OPTIONS_NOT_ALLOWED', '/nodes/1/form/1/max', 'work'],
      ['FORM_FIELD_OPTIONS_NOT_ALLOWED', '/nodes/1/form/1/options', 'work'],
      ['FORM_FIELD_OPTIONS_NOT_ALLOWED', '/nodes/1/form/2/accept', 'work'],
    ],
  },
  {
    file: 'form-field-range.json',
    behaviour: 'rejects a number question whose minimum is above its maximum and a multiple-choice question listing an option twice',
    issues: [['FORM_FIELD_RANGE_INVALID', '/nodes/1/form/0/min', 'work'], ['FORM_FIELD_OPTION_DUPLICATE', '/nodes/1/form/1/options/2', 'work']],
  },
  { file: 'form-field-type-unknown.json', behaviour: 'rejects a form question of an unknown type', issues: [['VALUE_NOT_ALLOWED', '/nodes/1/form/0/type', 'work']] },
  // graph: nodes and edges
  { file: 'node-id-duplicate.json', behaviour: 'rejects two nodes with the same id', issues: [['NODE_ID_DUPLICATE', '/nodes/5/id', 'draft']] },
  { file: 'start-missing.json', behaviour: 'rejects an SOP without a start node', issues: [['START_MISSING', '/nodes']] },
  { file: 'start-multiple.json', behaviour: 'rejects an SOP with two start nodes', issues: [['START_MULTIPLE', '/nodes/1', 'start2']] },
  {
    file: 'end-missing.json',
    behaviour: 'rejects an SOP without an end node',
    issues: [['END_MISSING', '/nodes'], ['NODE_DEAD_END', '/nodes/4', 'done']],
  },
  { file: 'edge-unknown-node.json', behaviour: 'rejects an edge to a node that does not exist', issues: [['EDGE_UNKNOWN_NODE', '/edges/2/to']] },
  { file: 'edge-duplicate.json', behaviour: 'rejects the same edge written twice', issues: [['EDGE_DUPLICATE', '/edges/1']] },
  { file: 'edge-from-end.json', behaviour: 'rejects an edge leaving an end node', issues: [['EDGE_FROM_END', '/edges/6', 'done']] },
  { file: 'edge-to-start.json', behaviour: 'rejects an edge leading back into the start node', issues: [['EDGE_TO_START', '/edges/5/to', 'start']] },
  { file: 'node-dead-end.json', behaviour: 'rejects a notify node with no outgoing edge', issues: [['NODE_DEAD_END', '/nodes/3', 'warn']] },
  { file: 'task-with-two-exits.json', behaviour: 'rejects a task with two outgoing edges', issues: [['OUTGOING_EDGES_TOO_MANY', '/nodes/1', 'draft']] },
  { file: 'parallel-with-one-branch.json', behaviour: 'rejects a parallel node with a single branch', issues: [['PARALLEL_BRANCHES_TOO_FEW', '/nodes/1', 'split']] },
  { file: 'check-without-failed-edge.json', behaviour: 'rejects an SOP whose check node has no failed edge', issues: [['OUTCOME_MISSING', '/nodes/2', 'auto']] },
  { file: 'review-with-two-approved-edges.json', behaviour: 'rejects a review with two approved edges', issues: [['OUTCOME_DUPLICATE', '/nodes/3', 'qa']] },
  { file: 'task-edge-with-unknown-outcome.json', behaviour: 'rejects a task edge labelled with an outcome other than submitted', issues: [['OUTCOME_UNKNOWN', '/edges/1/on', 'draft']] },
  {
    file: 'review-outcome-misspelt.json',
    behaviour: 'rejects a review edge labelled "approve" and says approved is missing',
    issues: [['OUTCOME_UNKNOWN', '/edges/4/on', 'qa'], ['OUTCOME_MISSING', '/nodes/3', 'qa']],
  },
  {
    file: 'check-edge-without-outcome.json',
    behaviour: 'rejects an unlabelled edge leaving a check node',
    issues: [['OUTCOME_LABEL_MISSING', '/edges/2', 'auto'], ['OUTCOME_MISSING', '/nodes/2', 'auto']],
  },
  { file: 'start-edge-with-outcome.json', behaviour: 'rejects an outcome label on the edge leaving the start node', issues: [['OUTCOME_NOT_ALLOWED', '/edges/0/on', 'start']] },
  {
    file: 'several-graph-errors.json',
    behaviour: 'reports several graph errors at once in rule order',
    issues: [
      ['START_MULTIPLE', '/nodes/5', 'start2'],
      ['EDGE_FROM_END', '/edges/5', 'done'],
      ['OUTCOME_MISSING', '/nodes/3', 'qa'],
      ['OUTCOME_NOT_ALLOWED', '/edges/6/on', 'start2'],
    ],
  },
  // graph: paths and loops
  { file: 'node-unreachable.json', behaviour: 'rejects a node no path from the start reaches', issues: [['NODE_UNREACHABLE', '/nodes/4', 'orphan']] },
  {
    file: 'node-cannot-finish.json',
    behaviour: 'rejects nodes from which no end can be reached',
    issues: [['NODE_CANNOT_FINISH', '/nodes/4', 'fix'], ['NODE_CANNOT_FINISH', '/nodes/5', 'fix-review']],
  },
  { file: 'loop-without-person.json', behaviour: 'rejects a loop of a check and a wait that no person works on', issues: [['LOOP_WITHOUT_PERSON', '/nodes/2', 'auto']] },
  // graph: parallel sections
  { file: 'parallel-branch-ends-on-its-own.json', behaviour: 'rejects a parallel whose branch goes to its own end', issues: [['PARALLEL_JOIN_MISSING', '/nodes/1', 'split']] },
  { file: 'parallel-branches-meet-at-task.json', behaviour: 'rejects a parallel whose branches meet at a task instead of a join', issues: [['PARALLEL_JOIN_MISSING', '/nodes/1', 'split']] },
  { file: 'join-without-parallel.json', behaviour: 'rejects a join that closes no parallel', issues: [['JOIN_WITHOUT_PARALLEL', '/nodes/2', 'merge']] },
  { file: 'join-shared-by-two-parallels.json', behaviour: 'rejects one join closing two parallels', issues: [['JOIN_SHARED', '/nodes/7', 'merge']] },
  { file: 'join-reached-twice-by-one-branch.json', behaviour: 'rejects a branch that reaches its join by two edges', issues: [['JOIN_ARRIVALS_MISMATCH', '/nodes/5', 'merge']] },
  { file: 'parallel-rework-into-branch.json', behaviour: 'rejects a review after the join sending rework into one branch', issues: [['EDGE_ENTERS_PARALLEL_SECTION', '/edges/9', 'qa']] },
  { file: 'parallel-entered-from-before.json', behaviour: 'rejects an edge from before the parallel straight into a branch', issues: [['EDGE_ENTERS_PARALLEL_SECTION', '/edges/3', 'brief-review']] },
  { file: 'parallel-branch-jumps-back-before-parallel.json', behaviour: 'rejects a branch that jumps back to a task before the parallel', issues: [['EDGE_LEAVES_PARALLEL_SECTION', '/edges/6', 'auto']] },
  { file: 'parallel-branch-loops-to-parallel.json', behaviour: 'rejects a branch that loops back to its parallel node', issues: [['EDGE_LEAVES_PARALLEL_SECTION', '/edges/5', 'auto']] },
  { file: 'parallel-branches-cross.json', behaviour: 'rejects one branch sending rework into the other branch', issues: [['PARALLEL_BRANCHES_MERGE', '/nodes/2', 'draft']] },
  // references
  {
    file: 'role-undeclared.json',
    behaviour: 'rejects an assignee and an escalation cc naming undeclared roles',
    issues: [['ROLE_UNDECLARED', '/nodes/1/assignee', 'draft'], ['ROLE_UNDECLARED', '/nodes/1/escalation/0/cc/0', 'draft']],
  },
  { file: 'notify-role-undeclared.json', behaviour: 'rejects a notify node addressing an undeclared role', issues: [['ROLE_UNDECLARED', '/nodes/4/notify/1', 'tell']] },
  { file: 'role-duplicate.json', behaviour: 'rejects a role declared twice', issues: [['ROLE_DUPLICATE', '/roles/3']] },
  { file: 'role-assignee-reserved.json', behaviour: 'rejects declaring a role called assignee', issues: [['ROLE_RESERVED', '/roles/3']] },
  { file: 'max-rounds-without-owner-role.json', behaviour: 'rejects maxRounds when there is no owner role to escalate to', issues: [['OWNER_ROLE_REQUIRED', '/nodes/1/maxRounds', 'draft']] },
  { file: 'deliverable-undeclared.json', behaviour: 'rejects a task producing an undeclared deliverable', issues: [['DELIVERABLE_UNDECLARED', '/nodes/1/produces/1', 'draft']] },
  { file: 'check-deliverable-undeclared.json', behaviour: 'rejects a check of an undeclared deliverable', issues: [['DELIVERABLE_UNDECLARED', '/nodes/2/checks/0/deliverable', 'auto']] },
  { file: 'deliverable-duplicate.json', behaviour: 'rejects two deliverables with the same id', issues: [['DELIVERABLE_DUPLICATE', '/deliverables/1/id']] },
  {
    file: 'deliverable-not-produced-upstream.json',
    behaviour: 'rejects a check of a deliverable no earlier task produces',
    issues: [['DELIVERABLE_NOT_PRODUCED_UPSTREAM', '/nodes/2/checks/1/deliverable', 'auto']],
  },
  { file: 'visual-check-without-reference.json', behaviour: 'rejects a visual check of a deliverable without a reference file', issues: [['REFERENCE_REQUIRED', '/nodes/2/checks/1', 'auto']] },
  { file: 'ocr-compare-without-reference.json', behaviour: 'rejects an OCR comparison with a reference the deliverable does not have', issues: [['REFERENCE_REQUIRED', '/nodes/2/checks/1', 'auto']] },
  { file: 'naming-check-without-template.json', behaviour: 'rejects a naming check of a deliverable without a naming template', issues: [['NAMING_TEMPLATE_MISSING', '/nodes/2/checks/0/deliverable', 'auto']] },
  { file: 'naming-template-invalid.json', behaviour: 'rejects a naming template with {version} and no digit count', issues: [['NAMING_TEMPLATE_INVALID', '/deliverables/0/naming']] },
  { file: 'checklist-check-without-checklist.json', behaviour: 'rejects a checklist check after a task without a checklist', issues: [['CHECKLIST_SOURCE_MISSING', '/nodes/2/checks/1', 'auto']] },
  { file: 'checklist-item-duplicate.json', behaviour: 'rejects two checklist items with the same id', issues: [['CHECKLIST_ITEM_DUPLICATE', '/nodes/1/checklist/1/id', 'draft']] },
  { file: 'reason-duplicate.json', behaviour: 'rejects two rejection reasons with the same code', issues: [['REASON_DUPLICATE', '/nodes/3/reasons/1/code', 'qa']] },
  // accept steps (接单)
  { file: 'accept-without-declined-edge.json', behaviour: 'rejects an accept step with no arrow for a decline', issues: [['OUTCOME_MISSING', '/nodes/1', 'take']] },
  {
    file: 'accept-outcome-unknown.json',
    behaviour: 'rejects an accept step whose arrow is labelled approved instead of accepted',
    issues: [['OUTCOME_UNKNOWN', '/edges/1/on', 'take'], ['OUTCOME_MISSING', '/nodes/1', 'take']],
  },
  { file: 'accept-reason-duplicate.json', behaviour: 'rejects two decline reasons with the same code', issues: [['REASON_DUPLICATE', '/nodes/1/reasons/1/code', 'take']] },
  { file: 'accept-with-produces.json', behaviour: 'rejects deliverables on an accept step (it only answers yes or no)', issues: [['FIELD_UNKNOWN', '/nodes/1/produces', 'take']] },
  // recurring reports (日报/周报/打卡)
  { file: 'reports-period-too-short.json', behaviour: 'rejects reports asked every PT0S', issues: [['REPORT_PERIOD_TOO_SHORT', '/nodes/1/reports/every', 'work']] },
  { file: 'reports-every-in-months.json', behaviour: 'rejects a report period counted in months', issues: [['DURATION_NOT_FIXED', '/nodes/1/reports/every', 'work']] },
  { file: 'reports-field-file.json', behaviour: 'rejects a file question in a report', issues: [['REPORT_FIELD_FILE', '/nodes/1/reports/fields/0/type', 'work']] },
  { file: 'reports-field-duplicate.json', behaviour: 'rejects two report questions with the same id', issues: [['FORM_FIELD_DUPLICATE', '/nodes/1/reports/fields/1/id', 'work']] },
  { file: 'reports-on-review.json', behaviour: 'rejects reports on a review step (only task and accept steps take them)', issues: [['FIELD_UNKNOWN', '/nodes/2/reports', 'review']] },
  // values
  { file: 'duration-in-words.json', behaviour: 'rejects a deadline written "2 days" instead of P2D', issues: [['DURATION_INVALID', '/nodes/1/due/after', 'draft']] },
  { file: 'escalation-in-months.json', behaviour: 'rejects an escalation counted in months', issues: [['DURATION_NOT_FIXED', '/nodes/1/escalation/0/overdue', 'draft']] },
  { file: 'wait-until-not-a-date-time.json', behaviour: 'rejects a wait until a date-time without T and offset', issues: [['DATE_TIME_INVALID', '/nodes/1/until', 'pause']] },
  { file: 'timezone-unknown.json', behaviour: 'rejects an unknown time zone', issues: [['TIMEZONE_INVALID', '/timezone']] },
  { file: 'timezone-abbreviation.json', behaviour: 'rejects the ambiguous time-zone abbreviation CST', issues: [['TIMEZONE_INVALID', '/timezone']] },
  { file: 'business-due-without-calendar.json', behaviour: 'rejects a business-time deadline when the SOP has no calendar', issues: [['CALENDAR_REQUIRED', '/nodes/1/due/calendar', 'draft']] },
  { file: 'reminders-without-due.json', behaviour: 'rejects reminders on a node without a deadline', issues: [['DEADLINE_REQUIRED', '/nodes/3/reminders', 'qa']] },
  { file: 'escalation-levels-out-of-order.json', behaviour: 'rejects an escalation ladder whose second level fires earlier than the first', issues: [['ESCALATION_ORDER', '/nodes/1/escalation/1/overdue', 'draft']] },
  { file: 'calendar-hours-reversed.json', behaviour: 'rejects business hours that close before they open', issues: [['CALENDAR_INVALID', '/calendar/hours/1']] },
  { file: 'calendar-date-does-not-exist.json', behaviour: 'rejects a holiday on 30 February', issues: [['CALENDAR_INVALID', '/calendar/holidays/0']] },
  { file: 'calendar-date-both-off-and-worked.json', behaviour: 'rejects a date that is both a holiday and an extra workday', issues: [['CALENDAR_INVALID', '/calendar/workdaysExtra/0']] },
];

const summary = (issues: readonly SopIssue[]): Expected[] =>
  issues.map((i) => (i.nodeId === undefined ? [i.code, i.path] : [i.code, i.path, i.nodeId]));

describe('validateSop on the valid corpus', () => {
  it.each(filesIn('valid'))('accepts %s and returns it as the definition', (file) => {
    const input = load('valid', file);
    const result = validateSop(input);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.definition).toBe(input);
  });

  it('holds the seed example, a minimal review, a parallel SOP and a wait/notify SOP', () => {
    expect(filesIn('valid')).toEqual(
      expect.arrayContaining(['store-decoration.json', 'minimal-review.json', 'parallel-branches.json', 'wait-and-notify.json']),
    );
  });
});

describe('validateSop on the invalid corpus', () => {
  it.each(INVALID)('$behaviour ($file)', ({ file, issues }) => {
    const result = validateSop(load('invalid', file));
    expect(result.valid).toBe(false);
    expect(result.definition).toBeUndefined();
    expect(summary(result.errors)).toEqual(issues);
  });

  it('has an expectation for every invalid fixture and a fixture for every expectation', () => {
    expect(INVALID.map((c) => c.file).sort()).toEqual(filesIn('invalid'));
    expect(INVALID.length).toBeGreaterThanOrEqual(45);
  });

  it('produces every code of the catalogue with at least one fixture', () => {
    const produced = new Set(INVALID.flatMap((c) => c.issues.map(([code]) => code)));
    expect(Object.keys(SOP_ERROR_CODES).filter((code) => !produced.has(code))).toEqual([]);
  });
});

describe('validateSop messages', () => {
  const everyIssue = filesIn('invalid').flatMap((file) => validateSop(load('invalid', file)).errors.map((issue) => ({ file, issue })));

  it('gives every issue a catalogued code, an English message and a Chinese message', () => {
    for (const { issue } of everyIssue) {
      expect(isSopErrorCode(issue.code)).toBe(true);
      expect(issue.message).toBe(issue.messages.en);
      expect(issue.messages.en).toMatch(/^[A-Z“]/);
      expect(issue.messages['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('fills every placeholder of the message templates', () => {
    for (const { file, issue } of everyIssue) {
      const spec = SOP_ERROR_CODES[issue.code as keyof typeof SOP_ERROR_CODES];
      for (const locale of ['en', 'zh-CN'] as const) {
        const names = [...spec[locale].matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1]);
        for (const name of names) expect(`${file}: ${issue.messages[locale]}`).not.toContain(`{${name}}`);
      }
    }
  });

  it('names only nodes that exist in the document', () => {
    for (const { file, issue } of everyIssue) {
      if (issue.nodeId === undefined) continue;
      const nodes = (load('invalid', file) as { nodes: Array<{ id: unknown }> }).nodes;
      expect(nodes.map((n) => n.id)).toContain(issue.nodeId);
    }
  });

  it('names a missing decline arrow of an accept step as an acceptance step, in both languages', () => {
    const [issue] = validateSop(load('invalid', 'accept-without-declined-edge.json')).errors;
    expect(issue?.messages).toEqual({
      en: 'Step “take” (acceptance) has no arrow for the outcome “declined”. It needs exactly one arrow for each of: “accepted”, “declined”.',
      'zh-CN': '节点“take”（接单）缺少结果为“declined”的连线。以下每个结果都需要且只需要一条连线：“accepted”、“declined”。',
    });
  });

  it('tells a process owner which arrow is missing, in both languages', () => {
    const [issue] = validateSop(load('invalid', 'check-without-failed-edge.json')).errors;
    expect(issue?.messages).toEqual({
      en: 'Step “auto” (check) has no arrow for the outcome “failed”. It needs exactly one arrow for each of: “passed”, “failed”.',
      'zh-CN': '节点“auto”（自动检查）缺少结果为“failed”的连线。以下每个结果都需要且只需要一条连线：“passed”、“failed”。',
    });
    expect(issue?.params).toEqual({ nodeId: 'auto', nodeType: 'check', outcome: 'failed', expected: ['passed', 'failed'] });
  });

  it('carries the value found and where the naming template breaks', () => {
    const [issue] = validateSop(load('invalid', 'naming-template-invalid.json')).errors;
    expect(issue?.params).toMatchObject({ deliverable: 'banner', value: '{job.code}_banner_v{version}.{ext:png|jpg}', position: 19, column: 20 });
    expect(issue?.message).toContain('at character 20');
  });
});

describe('validateSop on malformed input', () => {
  it.each([
    ['null', null],
    ['a number', 42],
    ['a string', 'store-decoration'],
    ['an empty object', {}],
    ['nodes that are not a list', { nodes: 'start', edges: [] }],
    ['a node that is null', { nodes: [null], edges: [] }],
    ['an edge without ends', { nodes: [{ id: 'start', type: 'start' }], edges: [{}] }],
  ])('reports %s as invalid without throwing', (_label, input) => {
    const result = validateSop(input);
    expect(result.valid).toBe(false);
    expect(result.errors.length).toBeGreaterThan(0);
    for (const issue of result.errors) expect(isSopErrorCode(issue.code)).toBe(true);
  });

  it('names a node by its position when its id is unusable', () => {
    const input = load('invalid', 'wait-without-duration-or-until.json') as { nodes: Array<Record<string, unknown>> };
    input.nodes[1]!.id = 7;
    const issue = validateSop(input).errors.find((i) => i.code === 'WAIT_SPEC_INVALID');
    expect(issue?.nodeId).toBeUndefined();
    expect(issue?.message).toBe('Step #2 (wait) must have either a “duration” (such as PT2H) or an “until” date-time, exactly one of the two.');
    expect(issue?.messages['zh-CN']).toMatch(/^第 2 个节点（等待）/);
  });

  it('runs no graph rule when the node list cannot be read', () => {
    const result = validateSop({ nodes: 'start', edges: [] });
    expect(result.errors.every((i) => i.code === 'FIELD_REQUIRED' || i.code === 'VALUE_TYPE_INVALID')).toBe(true);
  });

  it('returns the same issues in the same order every time', () => {
    const input = load('invalid', 'several-graph-errors.json');
    expect(validateSop(input)).toEqual(validateSop(input));
  });

  it('does not change the document it validates', () => {
    const input = load('valid', 'store-decoration.json');
    const before = JSON.stringify(input);
    validateSop(input);
    expect(JSON.stringify(input)).toBe(before);
  });
});

describe('value checks', () => {
  it.each([
    ['2026-10-08T09:00:00+08:00', true],
    ['2026-10-08T09:00Z', true],
    ['2026-10-08T09:00:00.250-05:30', true],
    ['2028-02-29T00:00:00Z', true],
    ['2026-02-29T00:00:00Z', false],
    ['2026-10-08T09:00:00', false],
    ['2026-10-08 09:00:00+08:00', false],
    ['2026-10-08T24:00:00Z', false],
  ])('reads %s as a date-time with offset: %s', (text, ok) => {
    expect(isOffsetDateTime(text)).toBe(ok);
  });

  it.each([
    ['2026-10-01', true],
    ['2000-02-29', true],
    ['1900-02-29', false],
    ['2026-13-01', false],
    ['2026-10-1', false],
  ])('reads %s as a calendar date: %s', (text, ok) => {
    expect(isCalendarDate(text)).toBe(ok);
  });

  it.each([
    ['Asia/Shanghai', true],
    ['UTC', true],
    ['Etc/GMT-8', true],
    ['Mars/Olympus_Mons', false],
    ['CST', false],
    ['+08:00', false],
    ['', false],
  ])('accepts %s as a time zone: %s', (zone, ok) => {
    expect(isUsableTimeZone(zone)).toBe(ok);
  });
});
