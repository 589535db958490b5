/**
 * Rules about declared fields that the JSON Schema cannot express: the SOP's
 * job fields (`fields`) and each task's form (`form`, SOP-FORMAT.md
 * Additions). Run on documents that passed the schema. Pure: no I/O.
 *
 * Decisions where SOP-FORMAT.md is silent: `options` belong to select and
 * multiSelect only (and are required there, each listed once); `min`/`max`
 * to number and money only, `min` not above `max`; a form field's
 * `accept`/`maxBytes` to `file` only. Form field ids are unique within their
 * task (two tasks may ask the same question).
 */
import { createIssue } from './issue';
import type { FormFieldSpec, JobFieldSpec, SopDefinition } from './types';
import type { SopIssue } from './validate';
import type { SopErrorCode } from './error-codes';

const CHOICE = new Set(['select', 'multiSelect']);
const NUMERIC = new Set(['number', 'money']);

type Declared = Pick<FormFieldSpec, 'id' | 'type' | 'options' | 'min' | 'max' | 'accept' | 'maxBytes'>;

interface Codes {
  duplicate: SopErrorCode;
  optionsMissing: SopErrorCode;
  optionsNotAllowed: SopErrorCode;
  optionDuplicate: SopErrorCode;
  rangeInvalid: SopErrorCode;
}

const JOB_FIELD_CODES: Codes = {
  duplicate: 'JOB_FIELD_DUPLICATE', optionsMissing: 'JOB_FIELD_OPTIONS_MISSING', optionsNotAllowed: 'JOB_FIELD_OPTIONS_NOT_ALLOWED',
  optionDuplicate: 'JOB_FIELD_OPTION_DUPLICATE', rangeInvalid: 'JOB_FIELD_RANGE_INVALID',
};
const FORM_FIELD_CODES: Codes = {
  duplicate: 'FORM_FIELD_DUPLICATE', optionsMissing: 'FORM_FIELD_OPTIONS_MISSING', optionsNotAllowed: 'FORM_FIELD_OPTIONS_NOT_ALLOWED',
  optionDuplicate: 'FORM_FIELD_OPTION_DUPLICATE', rangeInvalid: 'FORM_FIELD_RANGE_INVALID',
};

/** The issues of one list of field declarations at `base` (e.g. `['fields']`, `['nodes', 3, 'form']`). */
function declarationIssues(fields: readonly Declared[], base: (string | number)[], codes: Codes, extra: Record<string, unknown> = {}): SopIssue[] {
  const issues: SopIssue[] = [];
  const seen = new Set<string>();
  fields.forEach((field, i) => {
    const at = (...rest: (string | number)[]) => [...base, i, ...rest];
    const value = field.id;
    if (seen.has(field.id)) issues.push(createIssue(codes.duplicate, at('id'), { ...extra, value }));
    seen.add(field.id);
    if (CHOICE.has(field.type) && !field.options) issues.push(createIssue(codes.optionsMissing, at(), { ...extra, value, fieldType: field.type }));
    if (!CHOICE.has(field.type) && field.options) issues.push(createIssue(codes.optionsNotAllowed, at('options'), { ...extra, value, option: 'options', allowedTypes: 'choice' }));
    for (const bound of ['min', 'max'] as const) {
      if (!NUMERIC.has(field.type) && field[bound] !== undefined) issues.push(createIssue(codes.optionsNotAllowed, at(bound), { ...extra, value, option: bound, allowedTypes: 'numeric' }));
    }
    for (const fileOption of ['accept', 'maxBytes'] as const) {
      if (field.type !== 'file' && field[fileOption] !== undefined) issues.push(createIssue(codes.optionsNotAllowed, at(fileOption), { ...extra, value, option: fileOption, allowedTypes: 'file' }));
    }
    const options = new Set<string>();
    (field.options ?? []).forEach((option, k) => {
      if (options.has(option)) issues.push(createIssue(codes.optionDuplicate, at('options', k), { ...extra, value, option }));
      options.add(option);
    });
    if (NUMERIC.has(field.type) && field.min !== undefined && field.max !== undefined && field.min > field.max) {
      issues.push(createIssue(codes.rangeInvalid, at('min'), { ...extra, value, min: field.min, max: field.max }));
    }
  });
  return issues;
}

export function jobFieldIssues(def: SopDefinition): SopIssue[] {
  return declarationIssues((def.fields ?? []) as readonly JobFieldSpec[], ['fields'], JOB_FIELD_CODES);
}

/** The issues of every task's `form` and every node's report questions (`reports.fields`, the same model). */
export function formFieldIssues(def: SopDefinition): SopIssue[] {
  return def.nodes.flatMap((node, n) => [
    ...(node.type === 'task' && node.form ? declarationIssues(node.form, ['nodes', n, 'form'], FORM_FIELD_CODES, { nodeId: node.id }) : []),
    ...((node.type === 'task' || node.type === 'accept') && node.reports?.fields
      ? declarationIssues(node.reports.fields, ['nodes', n, 'reports', 'fields'], FORM_FIELD_CODES, { nodeId: node.id })
      : []),
  ]);
}
