/**
 * The vendor's answers to a task's form (core/sop/form-answers.ts) while they
 * are typed: turned into the values the API takes, checked with the same pure
 * code the API and the workflow run, and the API's 422 errors placed under
 * their questions.
 */
import { checkFormAnswers, type FormIssue } from '../../../../core/sop/form-answers';
import type { FormFieldSpec } from '../../../../core/sop/types';
import { pick, type Locale } from '../../lib/i18n';
import type { Problem } from '../../lib/problem';

export type AnswerDraft = string | boolean | string[];

/** Stands in for a chosen file while checking (the API puts the stored file's id there). */
const CHOSEN_FILE = 'chosen-file';

/** The value to check and send for one typed answer; `undefined` when there is none. */
export function answerOf(spec: FormFieldSpec, draft: AnswerDraft | undefined): unknown {
  if (draft === undefined) return undefined;
  if (spec.type === 'checkbox') return draft === true;
  if (spec.type === 'multiSelect') return Array.isArray(draft) && draft.length > 0 ? draft : undefined;
  const text = String(draft);
  if (text.trim() === '') return undefined;
  if (spec.type === 'number' || spec.type === 'money') return Number.isFinite(Number(text)) ? Number(text) : text;
  return text;
}

export interface DraftCheck {
  /** The `form` JSON part: answered, valid questions; `file` questions travel as parts instead. */
  json: Record<string, unknown>;
  /** The issues by question id. */
  byQuestion: Map<string, FormIssue[]>;
}

/** Checks the answers as the API will: `files` are the uploads chosen for `file` questions. */
export function checkDraft(questions: readonly FormFieldSpec[], drafts: Record<string, AnswerDraft>, files: Record<string, File | undefined>): DraftCheck {
  const answers: Record<string, unknown> = {};
  for (const q of questions) {
    const value = q.type === 'file' ? (files[q.id] ? CHOSEN_FILE : undefined) : answerOf(q, Object.prototype.hasOwnProperty.call(drafts, q.id) ? drafts[q.id] : undefined);
    if (value !== undefined) answers[q.id] = value;
  }
  const { values, issues } = checkFormAnswers(questions, answers);
  const byQuestion = new Map<string, FormIssue[]>();
  for (const issue of issues) byQuestion.set(issue.field, [...(byQuestion.get(issue.field) ?? []), issue]);
  const json = Object.fromEntries(Object.entries(values).filter(([id]) => questions.find((q) => q.id === id)?.type !== 'file'));
  return { json, byQuestion };
}

type FieldError = NonNullable<Problem['errors']>[number];

/**
 * Splits a problem's errors at `/form/<question id>…` among the questions, so
 * each shows under its input; the rest stay in `rest`.
 */
export function placeFormErrors(problem: Problem, questionIds: readonly string[]): { byQuestion: Record<string, FieldError[]>; rest: Problem } {
  const byQuestion: Record<string, FieldError[]> = {};
  const rest: FieldError[] = [];
  for (const error of problem.errors ?? []) {
    const [, head, id] = (error.path ?? '').split('/');
    if (head === 'form' && id !== undefined && questionIds.includes(id)) byQuestion[id] = [...(byQuestion[id] ?? []), error];
    else rest.push(error);
  }
  return { byQuestion, rest: { ...problem, errors: rest } };
}

/** Issues or field errors as one text in `locale`; undefined when there are none. */
export function issueText(list: ReadonlyArray<{ message: string; messages?: { en: string; 'zh-CN': string } }> | undefined, locale: Locale): string | undefined {
  return list?.length ? list.map((i) => pick(i.messages, locale, i.message)).join(' ') : undefined;
}
