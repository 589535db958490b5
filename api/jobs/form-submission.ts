/**
 * The form answers of a submission (a task's `form`, core/sop/form-answers.ts),
 * read from its multipart body and checked before any row is written: the
 * `form` text part (JSON) carries the answers, a `file` question's upload
 * travels as part `form:<question id>`. A `file` question is answered only by
 * such an upload — a file id written into the JSON is refused, so nobody can
 * point an answer at a file they did not send.
 */
import { checkFormAnswers, formFilePart, formProblemCode, type FormIssue } from '../../core/sop/form-answers';
import { hasOwn } from '../../core/sop/job-fields';
import type { TaskNode } from '../../core/sop/types';
import type { ParsedUpload } from '../files/multipart-upload';
import { unprocessable } from '../http/problem';
import { assertStorableText } from '../http/input-rules';

/** Whether a multipart part name is a form question's upload (not a deliverable). */
export const isFormPart = (part: string): boolean => part.startsWith('form:');

const DETAIL: Record<string, string> = {
  'form-undeclared': 'The answers name questions this step\'s form does not ask.',
  'form-invalid': 'Some answers do not fit their question.',
  'form-required': 'Required questions are not answered.',
};

/** Placeholder for an uploaded file's id until its row is written (the shape of a file id). */
const UPLOADED = 'uploaded-file';

function refuse(issues: FormIssue[]): never {
  const code = formProblemCode(issues)!;
  throw unprocessable(code, `${DETAIL[code]} ${issues.map((i) => i.message).join(' ')}`, issues.map((i) => ({ path: i.path, code: i.code, message: i.message, messages: i.messages })));
}

/**
 * The checked answers (without the ids of uploaded files, which the caller
 * sets once the files are stored), or throws 422 with one error per question.
 */
export function formAnswersOf(task: TaskNode, upload: Pick<ParsedUpload, 'fields' | 'parts'>): Record<string, unknown> {
  let given: unknown = {};
  if (upload.fields.form !== undefined) {
    try {
      given = JSON.parse(upload.fields.form);
    } catch {
      const messages = { en: 'The `form` part must be a JSON object of question id → answer.', 'zh-CN': '`form` 部分必须是“问题 ID → 回答”的 JSON 对象。' };
      refuse([{ code: 'form-invalid', path: '/form', field: '', message: messages.en, messages }]);
    }
    // The part's text passed the edge rule, but JSON escapes (\u0000, lone \ud800) only appear once parsed.
    assertStorableText(given, 'body/form');
  }
  const questions = task.form ?? [];
  const uploaded = new Set(upload.parts.map((p) => p.field));
  const typed: FormIssue[] = [];
  const answers: Record<string, unknown> = given && typeof given === 'object' && !Array.isArray(given) ? { ...(given as Record<string, unknown>) } : {};
  for (const q of questions.filter((x) => x.type === 'file')) {
    if (hasOwn(answers, q.id) && answers[q.id] !== null) {
      const messages = { en: `Upload the file for “${q.label}” (${q.id}) as the part “${formFilePart(q.id)}”; a file id cannot be given.`, 'zh-CN': `“${q.label}”（${q.id}）的文件请作为“${formFilePart(q.id)}”部分上传，不能直接填写文件 ID。` };
      typed.push({ code: 'form-invalid', path: `/form/${q.id}`, field: q.id, message: messages.en, messages });
    }
    if (uploaded.has(formFilePart(q.id))) answers[q.id] = UPLOADED;
    else delete answers[q.id];
  }
  if (typed.length > 0) refuse(typed);
  const { values, issues } = checkFormAnswers(questions, Array.isArray(given) || given === null || typeof given !== 'object' ? given : answers);
  if (issues.length > 0) refuse(issues);
  for (const q of questions) if (q.type === 'file') delete values[q.id];
  return values;
}
