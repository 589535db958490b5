import { readFileSync } from 'fs';
import { join } from 'path';
import { checkFormAnswers, formFilePart, formProblemCode } from '../../core/sop/form-answers';
import type { FormFieldSpec, SopDefinition, TaskNode } from '../../core/sop/types';

const sop = JSON.parse(readFileSync(join(__dirname, '../fixtures/sop/valid/task-form.json'), 'utf8')) as SopDefinition;
const FORM: FormFieldSpec[] = (sop.nodes.find((n) => n.id === 'work') as TaskNode).form!;
const complete = { fontsUsed: '思源黑体', progress: 100, size: 'A4', licensed: true };

describe('checkFormAnswers', () => {
  test('accepts an answer of every type and returns the answers to store in question order', () => {
    const given = { fontLicence: 'cm1abcDEF_-9', channels: ['jd', 'tmall'], shipDate: '2026-12-24', quote: 1999.99, notes: '第二版\n已改色', ...complete };
    const result = checkFormAnswers(FORM, given);
    expect(result.issues).toEqual([]);
    expect(Object.keys(result.values)).toEqual(['fontsUsed', 'notes', 'progress', 'quote', 'shipDate', 'size', 'channels', 'licensed', 'fontLicence']);
    expect(result.values).toEqual(given);
  });

  test('names every missing required answer; blank text and an unticked required checkbox count as missing', () => {
    const result = checkFormAnswers(FORM, { fontsUsed: '   ', licensed: false });
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([
      ['form-required', '/form/fontsUsed'],
      ['form-required', '/form/progress'],
      ['form-required', '/form/size'],
      ['form-required', '/form/licensed'],
    ]);
    expect(result.issues[3]!.messages).toEqual({ en: '“字体已授权” (licensed) must be answered (ticked).', 'zh-CN': '“字体已授权”（licensed）为必答（须勾选）。' });
    expect(formProblemCode(result.issues)).toBe('form-required');
  });

  test('refuses values of the wrong type or out of range, with a pointer to the item and both languages', () => {
    const result = checkFormAnswers(FORM, { ...complete, progress: 101, size: 'A5', channels: ['jd', 'jd'], shipDate: '2026-02-30', quote: 1.005, fontLicence: '../etc/passwd' });
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([
      ['form-invalid', '/form/progress'],
      ['form-invalid', '/form/quote'],
      ['form-invalid', '/form/shipDate'],
      ['form-invalid', '/form/size'],
      ['form-invalid', '/form/channels/1'],
      ['form-invalid', '/form/fontLicence'],
    ]);
    expect(result.issues[0]!.messages).toEqual({ en: 'The answer to “进度 %” (progress) must be at most 100.', 'zh-CN': '“进度 %”（progress）的回答应为不大于 100 的数。' });
    expect(result.issues[3]!.message).toBe('The answer to “尺寸” (size) must be one of the options (“A4”, “A3”).');
    expect(result.values).toEqual({ fontsUsed: '思源黑体', licensed: true });
  });

  test('reports questions the form does not ask before anything else, and refuses a non-object', () => {
    const result = checkFormAnswers(FORM, { Progress: 5, __proto__x: 1, ...complete });
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([['form-undeclared', '/form/Progress'], ['form-undeclared', '/form/__proto__x']]);
    expect(formProblemCode(result.issues)).toBe('form-undeclared');
    expect(checkFormAnswers(FORM, ['x']).issues.map((i) => [i.code, i.path])).toEqual([['form-invalid', '/form']]);
    expect(checkFormAnswers(undefined, { a: 1 }).issues[0]!.message).toBe('This step\'s form has no question “a”. It asks no questions.');
  });

  test('a task without a form takes no answers and needs none', () => {
    expect(checkFormAnswers(undefined, undefined)).toEqual({ values: {}, issues: [] });
    expect(checkFormAnswers([], {})).toEqual({ values: {}, issues: [] });
  });

  test('a file question travels as the multipart part form:<id>, a name no deliverable id can take', () => {
    expect(formFilePart('fontLicence')).toBe('form:fontLicence');
  });
});
