import Ajv, { type ErrorObject } from 'ajv';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { SOP_CHECK_KINDS, SOP_NODE_TYPES, sopDefinitionSchema } from '../../core/sop/schema';
import { NODE_OUTCOMES } from '../../core/sop/types';

const VALID = join(__dirname, '../fixtures/sop/valid');
const validFiles = readdirSync(VALID).filter((f) => f.endsWith('.json')).sort();
// Fixtures are mutated freely below; their shape is asserted by the schema itself.
type Doc = Record<string, any>;
const seed = (): Doc => JSON.parse(readFileSync(join(VALID, 'store-decoration.json'), 'utf8'));

const warnings: unknown[] = [];
const ajv = new Ajv({ allErrors: true, logger: { log: () => undefined, warn: (...a: unknown[]) => warnings.push(a), error: (...a: unknown[]) => warnings.push(a) } });
const validate = ajv.compile(sopDefinitionSchema);

/** The errors that locate a problem (`if` only says that a `then` failed). */
const errorsOf = (doc: unknown): Array<Pick<ErrorObject, 'instancePath' | 'keyword'>> => {
  validate(doc);
  return (validate.errors ?? []).filter((e) => e.keyword !== 'if').map(({ instancePath, keyword }) => ({ instancePath, keyword }));
};

describe('sopDefinitionSchema', () => {
  it('is a valid draft-07 schema that ajv compiles without strict-mode warnings', () => {
    expect(ajv.validateSchema(sopDefinitionSchema)).toBe(true);
    expect(warnings).toEqual([]);
  });

  it.each(validFiles)('accepts the valid fixture %s', (file) => {
    expect(errorsOf(JSON.parse(readFileSync(join(VALID, file), 'utf8')))).toEqual([]);
  });

  it('knows exactly the node types of types.ts', () => {
    expect([...SOP_NODE_TYPES].sort()).toEqual(Object.keys(NODE_OUTCOMES).sort());
    expect(sopDefinitionSchema.definitions.node.properties.type.enum).toEqual(SOP_NODE_TYPES);
  });

  it('knows exactly the four check kinds', () => {
    expect([...SOP_CHECK_KINDS]).toEqual(['naming', 'visual', 'ocr', 'checklist']);
  });

  it.each<[string, (doc: Doc) => void, string]>([
    ['maxRounds written as text', (d) => (d.nodes[1].maxRounds = '3'), '/nodes/1/maxRounds'],
    ['a deadline written as a number', (d) => (d.nodes[1].due.after = 2), '/nodes/1/due/after'],
    ['edges as an object', (d) => (d.edges = {}), '/edges'],
    ['business hours as a number', (d) => (d.calendar.hours[0] = 900), '/calendar/hours/0'],
    ['a visual threshold as text', (d) => (d.nodes[2].checks[1].threshold = '0.1'), '/nodes/2/checks/1/threshold'],
    ['reference as "yes"', (d) => (d.deliverables[0].reference = 'yes'), '/deliverables/0/reference'],
    ['a layout position as text', (d) => (d.layout.draft.x = '240'), '/layout/draft/x'],
    ['a reason code as a bare string', (d) => (d.nodes[3].reasons[0] = 'WRONG_SIZE'), '/nodes/3/reasons/0'],
    ['an edge outcome as a boolean', (d) => (d.edges[2].on = true), '/edges/2/on'],
    ['escalation cc as one string', (d) => (d.nodes[1].escalation[1].cc = 'manager'), '/nodes/1/escalation/1/cc'],
  ])('rejects %s with a type error at its JSON pointer', (_label, mutate, pointer) => {
    const doc = seed();
    mutate(doc);
    expect(errorsOf(doc)).toEqual([{ instancePath: pointer, keyword: 'type' }]);
  });

  it.each([...SOP_NODE_TYPES])('rejects an unknown field on a %s node', (type) => {
    const doc = seed();
    const index = doc.nodes.findIndex((n: { type: string }) => n.type === type);
    const node = index >= 0 ? doc.nodes[index] : { id: 'extra', type, ...minimalFields[type] };
    if (index < 0) doc.nodes.push(node);
    node.colour = 'red';
    const at = index >= 0 ? index : doc.nodes.length - 1;
    expect(errorsOf(doc)).toEqual([{ instancePath: `/nodes/${at}`, keyword: 'additionalProperties' }]);
  });

  it('does not let a field of one node type onto another (a start node with an assignee)', () => {
    const doc = seed();
    doc.nodes[0].assignee = 'vendor';
    expect(errorsOf(doc)).toEqual([{ instancePath: '/nodes/0', keyword: 'additionalProperties' }]);
  });

  it('checks the fields of the check kind named by `kind`', () => {
    const doc = seed();
    doc.nodes[2].checks[0].threshold = 0.1; // a visual field on a naming check
    expect(errorsOf(doc)).toEqual([{ instancePath: '/nodes/2/checks/0', keyword: 'additionalProperties' }]);
  });

  it.each([
    ['abc', true],
    ['store-decoration', true],
    ['2026-q4', true],
    ['ab', false],
    ['Store-decoration', false],
    ['store_decoration', false],
    ['a'.repeat(65), false],
  ])('treats the key %s as valid: %s', (key, ok) => {
    const doc = seed();
    doc.key = key;
    expect(errorsOf(doc)).toEqual(ok ? [] : [{ instancePath: '/key', keyword: 'pattern' }]);
  });

  it.each([
    ['a', true],
    ['qa_review-2', true],
    ['1draft', false],
    ['_draft', false],
    ['draft step', false],
  ])('treats the node id %s as valid: %s', (id, ok) => {
    const doc = seed();
    doc.nodes[4].id = id;
    expect(errorsOf(doc)).toEqual(ok ? [] : [{ instancePath: '/nodes/4/id', keyword: 'pattern' }]);
  });

  it('requires exactly one of duration and until on a wait node', () => {
    const doc = seed();
    doc.nodes.push({ id: 'pause', type: 'wait' });
    expect(errorsOf(doc).filter((e) => e.keyword === 'oneOf')).toEqual([{ instancePath: '/nodes/5', keyword: 'oneOf' }]);
    doc.nodes[5].duration = 'PT1H';
    expect(errorsOf(doc)).toEqual([]);
    doc.nodes[5].until = '2026-11-11T00:00:00+08:00';
    expect(errorsOf(doc)).toEqual([{ instancePath: '/nodes/5', keyword: 'oneOf' }]);
  });
});

const minimalFields: Record<string, Record<string, unknown>> = {
  parallel: {},
  join: {},
  wait: { duration: 'PT1H' },
  notify: { notify: ['owner'], message: 'hello' },
  accept: { assignee: 'vendor' },
};
