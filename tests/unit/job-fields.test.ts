import { checkJobFields, declaredJobFields, jobFieldProblemCode, projectJobFields, visibleDeclarations, type FieldViewer } from '../../core/sop/job-fields';
import type { JobFieldSpec } from '../../core/sop/types';

const DECLARED: JobFieldSpec[] = [
  { id: 'budget', label: '预算', type: 'money', required: true, visibleTo: ['owner', 'procurement', 'admin'], min: 0 },
  { id: 'contractNo', label: '合同号', type: 'text', visibleTo: ['procurement'] },
  { id: 'priority', label: '优先级', type: 'select', options: ['low', 'high'], visibleTo: ['qa', 'vendor'] },
  { id: 'channels', label: '渠道', type: 'multiSelect', options: ['tmall', 'jd'], visibleTo: ['vendor'] },
  { id: 'launch', label: '上线日期', type: 'date', visibleTo: ['vendor'] },
  { id: 'rush', label: '加急', type: 'checkbox' },
  { id: 'pages', label: '页数', type: 'number', min: 1, max: 50 },
];

const vendor: FieldViewer = { roles: ['vendor'], vendor: true };
const qa: FieldViewer = { roles: ['qa'], vendor: false };
const owner: FieldViewer = { roles: ['owner'], vendor: false };
const procurement: FieldViewer = { roles: ['procurement'], vendor: false };

describe('checkJobFields', () => {
  test('accepts declared values of every type and returns them as the values to store', () => {
    const given = { budget: 12000.5, contractNo: 'HT-7', priority: 'high', channels: ['jd', 'tmall'], launch: '2026-10-01', rush: true, pages: 3 };
    expect(checkJobFields(DECLARED, given)).toEqual({ values: given, issues: [] });
  });

  test('reports undeclared keys whatever their spelling or nesting, with JSON pointers', () => {
    const result = checkJobFields(DECLARED, { budget: 1, Budget: 2, contract_no: 'x', finance: { budget: 3 } });
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([
      ['field-undeclared', '/fields/Budget'],
      ['field-undeclared', '/fields/contract_no'],
      ['field-undeclared', '/fields/finance'],
    ]);
    expect(result.values).toEqual({ budget: 1 });
    expect(jobFieldProblemCode(result.issues)).toBe('field-undeclared');
  });

  test('reports a wrong type per field and names the field in English and Chinese', () => {
    const result = checkJobFields(DECLARED, { budget: '12000', priority: 'urgent', channels: ['jd', 'jd'], launch: '2026-02-30', rush: 'yes', pages: 51 });
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([
      ['field-invalid', '/fields/budget'],
      ['field-invalid', '/fields/priority'],
      ['field-invalid', '/fields/channels/1'],
      ['field-invalid', '/fields/launch'],
      ['field-invalid', '/fields/rush'],
      ['field-invalid', '/fields/pages'],
    ]);
    expect(result.issues[0]!.messages.en).toBe('The job field “预算” (budget) must be an amount with at most 2 decimals.');
    expect(result.issues[0]!.messages['zh-CN']).toBe('任务字段“预算”（budget）应为最多两位小数的金额。');
    expect(result.issues[5]!.messages.en).toBe('The job field “页数” (pages) must be at most 50.');
    expect(jobFieldProblemCode(result.issues)).toBe('field-invalid');
  });

  test('refuses money with more than two decimals and a negative amount below the declared minimum', () => {
    expect(checkJobFields(DECLARED, { budget: 1.005 }).issues.map((i) => i.code)).toEqual(['field-invalid']);
    expect(checkJobFields(DECLARED, { budget: -1 }).issues.map((i) => i.code)).toEqual(['field-invalid']);
  });

  test('reports a missing required field, also when an edit sets it to null', () => {
    expect(checkJobFields(DECLARED, {}).issues.map((i) => [i.code, i.path])).toEqual([['field-required', '/fields/budget']]);
    const edit = checkJobFields(DECLARED, { budget: null }, { budget: 5 });
    expect(edit.issues.map((i) => i.code)).toEqual(['field-required']);
    expect(jobFieldProblemCode(edit.issues)).toBe('field-required');
  });

  test('an edit replaces given keys, keeps the others and removes those set to null', () => {
    const result = checkJobFields(DECLARED, { contractNo: null, pages: 9 }, { budget: 5, contractNo: 'HT-1', pages: 2 });
    expect(result).toEqual({ values: { budget: 5, pages: 9 }, issues: [] });
  });

  test('an SOP without declarations accepts no key at all', () => {
    const result = checkJobFields(undefined, { priority: 'high' });
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([['field-undeclared', '/fields/priority']]);
    expect(result.issues[0]!.messages.en).toContain('This SOP version declares no job fields.');
    expect(checkJobFields(undefined, undefined)).toEqual({ values: {}, issues: [] });
  });

  test('a field named like an Object method is absent until given, not inherited', () => {
    const declared: JobFieldSpec[] = [{ id: 'constructor', label: 'C', type: 'text' }, { id: 'toString', label: 'T', type: 'text', required: true }];
    expect(checkJobFields(declared, { toString: 'x' })).toEqual({ values: { toString: 'x' }, issues: [] });
    expect(checkJobFields(declared, {}).issues.map((i) => [i.code, i.path])).toEqual([['field-required', '/fields/toString']]);
    expect(projectJobFields(declared, {}, owner)).toEqual({});
  });

  test('refuses fields that are not an object', () => {
    expect(checkJobFields(DECLARED, ['budget']).issues.map((i) => [i.code, i.path])).toEqual([['field-invalid', '/fields']]);
  });
});

describe('projectJobFields', () => {
  const stored = { budget: 100, contractNo: 'HT-7', priority: 'high', channels: ['jd'], rush: false, Budget: 999, finance: { budget: 1 } };

  test('a vendor reads only the fields declared visible to vendors, never undeclared keys', () => {
    expect(projectJobFields(DECLARED, stored, vendor)).toEqual({ priority: 'high', channels: ['jd'] });
  });

  test('a vendor-organisation user holding other roles still reads as a vendor only', () => {
    expect(projectJobFields(DECLARED, stored, { roles: ['vendor', 'admin', 'owner'], vendor: true })).toEqual({ priority: 'high', channels: ['jd'] });
  });

  test('procurement reads what is declared visible to procurement; QA only its own', () => {
    expect(projectJobFields(DECLARED, stored, procurement)).toEqual({ budget: 100, contractNo: 'HT-7' });
    expect(projectJobFields(DECLARED, stored, qa)).toEqual({ priority: 'high' });
  });

  test('owners and admins read every declared field, and no undeclared key', () => {
    expect(projectJobFields(DECLARED, stored, owner)).toEqual({ budget: 100, contractNo: 'HT-7', priority: 'high', channels: ['jd'], rush: false });
  });

  test('without declarations, free fields are read by owner, procurement and admin only', () => {
    const legacy = { budget: 1, priority: 'high' };
    expect(projectJobFields(undefined, legacy, owner)).toEqual(legacy);
    expect(projectJobFields(undefined, legacy, procurement)).toEqual(legacy);
    expect(projectJobFields(undefined, legacy, qa)).toEqual({});
    expect(projectJobFields(undefined, legacy, vendor)).toEqual({});
  });

  test('the declarations a viewer may read follow the same rule', () => {
    expect(visibleDeclarations(DECLARED, vendor).map((d) => d.id)).toEqual(['priority', 'channels', 'launch']);
    expect(visibleDeclarations(DECLARED, owner)).toHaveLength(DECLARED.length);
  });

  test('declaredJobFields reads the declaration of a document, undefined when there is none', () => {
    expect(declaredJobFields({ fields: DECLARED })).toBe(DECLARED);
    expect(declaredJobFields({ nodes: [] })).toBeUndefined();
    expect(declaredJobFields(null)).toBeUndefined();
  });
});
