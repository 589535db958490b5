/**
 * A task's form (SOP-FORMAT.md, Additions: `form`): the answers a submission
 * carries, checked against the task's questions. The same check runs in the
 * designer's preview, in the API before any byte is stored, and in the job
 * workflow's Update validator. Pure: no I/O, no clock.
 *
 * Decisions where SOP-FORMAT.md is silent:
 * - Answers are an object of question id → value; `null`, `undefined` and an
 *   empty or blank text count as no answer (refused only when required).
 * - Values follow the job field rules (./job-fields.ts): text ≤ 1,000
 *   characters, longText ≤ 10,000, number/money within `min`/`max`, date
 *   `YYYY-MM-DD`, select/multiSelect from `options`, checkbox a boolean. A
 *   required checkbox must be ticked (true): it is a confirmation.
 * - `file`: the id of a file uploaded with the submission (the API stores
 *   multipart part `form:<id>` (a colon: deliverable ids cannot hold one) and puts its file id here).
 */
import { pointer } from './issue';
import { EXPECTED_VALUE, hasOwn, isPlainObject, valueFaults, type Bilingual } from './job-fields';
import type { FormFieldSpec } from './types';

/** Stable codes; the API answers the first of them as the problem code. */
export type FormErrorCode = 'form-undeclared' | 'form-invalid' | 'form-required';

export interface FormIssue {
  code: FormErrorCode;
  /** JSON pointer into the submission, e.g. `/form/fontsUsed` or `/form/colours/1`. */
  path: string;
  field: string;
  message: string;
  messages: Bilingual;
}

export interface FormCheck {
  /** The answers to store: given, non-empty, valid, in question order. */
  values: Record<string, unknown>;
  issues: FormIssue[];
}

/** The part name a `file` question's upload travels under in a multipart submission. */
export const formFilePart = (questionId: string): string => `form:${questionId}`;

const FILE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const FILE_EXPECTED: Bilingual = { en: 'a file uploaded with the submission', 'zh-CN': '随提交一起上传的文件' };

function issue(code: FormErrorCode, segments: (string | number)[], field: string, messages: Bilingual): FormIssue {
  return { code, path: pointer(['form', ...segments]), field, message: messages.en, messages };
}

const isEmpty = (value: unknown): boolean => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

function faults(spec: FormFieldSpec, value: unknown): { segments: (string | number)[]; detail?: Bilingual }[] {
  if (spec.type === 'file') return typeof value === 'string' && FILE_ID.test(value) ? [] : [{ segments: [spec.id], detail: FILE_EXPECTED }];
  return valueFaults({ ...spec, type: spec.type }, value);
}

function invalid(spec: FormFieldSpec, segments: (string | number)[], detail?: Bilingual): FormIssue {
  const expected = detail ?? (spec.type === 'file' ? FILE_EXPECTED : EXPECTED_VALUE[spec.type]);
  const options = !detail && spec.options?.length ? { en: ` (${spec.options.map((o) => `“${o}”`).join(', ')})`, 'zh-CN': `（${spec.options.map((o) => `“${o}”`).join('、')}）` } : { en: '', 'zh-CN': '' };
  return issue('form-invalid', segments, spec.id, {
    en: `The answer to “${spec.label}” (${spec.id}) must be ${expected.en}${options.en}.`,
    'zh-CN': `“${spec.label}”（${spec.id}）的回答应为${expected['zh-CN']}${options['zh-CN']}。`,
  });
}

/**
 * Checks `given` (what the submission sent as `form`) against the task's
 * questions: undeclared keys first (in the order given), then each question in
 * order — invalid, or missing while required.
 */
export function checkFormAnswers(form: readonly FormFieldSpec[] | undefined, given: unknown): FormCheck {
  const questions = form ?? [];
  if (given !== undefined && given !== null && !isPlainObject(given)) {
    const messages = { en: 'The form answers must be a JSON object of question id → answer.', 'zh-CN': '表单回答必须是“问题 ID → 回答”的 JSON 对象。' };
    return { values: {}, issues: [{ code: 'form-invalid', path: '/form', field: '', message: messages.en, messages }] };
  }
  const input = (given ?? {}) as Record<string, unknown>;
  const byId = new Map(questions.map((q) => [q.id, q]));
  const issues: FormIssue[] = [];
  for (const key of Object.keys(input)) {
    if (byId.has(key)) continue;
    const ids = questions.map((q) => `“${q.id}”`);
    issues.push(issue('form-undeclared', [key], key, {
      en: `This step's form has no question “${key}”. ${ids.length ? `Its questions: ${ids.join(', ')}.` : 'It asks no questions.'}`,
      'zh-CN': `该步骤的表单没有问题“${key}”。${ids.length ? `它的问题有：${ids.join('、')}。` : '它没有任何问题。'}`,
    }));
  }
  const values: Record<string, unknown> = {};
  for (const spec of questions) {
    const value = hasOwn(input, spec.id) ? input[spec.id] : undefined;
    const unticked = spec.type === 'checkbox' && spec.required && value === false;
    if (isEmpty(value) || unticked) {
      if (spec.required) {
        issues.push(issue('form-required', [spec.id], spec.id, {
          en: `“${spec.label}” (${spec.id}) must be answered${spec.type === 'checkbox' ? ' (ticked)' : ''}.`,
          'zh-CN': `“${spec.label}”（${spec.id}）为必答${spec.type === 'checkbox' ? '（须勾选）' : ''}。`,
        }));
      }
      continue;
    }
    const found = faults(spec, value).map((f) => invalid(spec, f.segments, f.detail));
    issues.push(...found);
    if (found.length === 0) values[spec.id] = typeof value === 'string' && spec.type !== 'file' ? value.trim() : value;
  }
  return { values, issues };
}

/** The problem code for a set of issues: undeclared before invalid before required. */
export function formProblemCode(issues: readonly FormIssue[]): FormErrorCode | undefined {
  for (const code of ['form-undeclared', 'form-invalid', 'form-required'] as const) if (issues.some((i) => i.code === code)) return code;
  return undefined;
}
