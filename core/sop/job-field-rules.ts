/**
 * Rules about the SOP's declared job fields (`fields`, SOP-FORMAT.md
 * Additions) that the JSON Schema cannot express. Run on documents that passed
 * the schema. Pure: no I/O.
 *
 * Decisions where SOP-FORMAT.md is silent: `options` belong to select and
 * multiSelect only (and are required there, each listed once); `min`/`max`
 * to number and money only, `min` not above `max`.
 */
import { createIssue } from './issue';
import type { SopDefinition } from './types';
import type { SopIssue } from './validate';

const CHOICE = new Set(['select', 'multiSelect']);
const NUMERIC = new Set(['number', 'money']);

export function jobFieldIssues(def: SopDefinition): SopIssue[] {
  const issues: SopIssue[] = [];
  const seen = new Set<string>();
  (def.fields ?? []).forEach((field, i) => {
    const value = field.id;
    if (seen.has(field.id)) issues.push(createIssue('JOB_FIELD_DUPLICATE', ['fields', i, 'id'], { value }));
    seen.add(field.id);
    if (CHOICE.has(field.type) && !field.options) issues.push(createIssue('JOB_FIELD_OPTIONS_MISSING', ['fields', i], { value, fieldType: field.type }));
    if (!CHOICE.has(field.type) && field.options) issues.push(createIssue('JOB_FIELD_OPTIONS_NOT_ALLOWED', ['fields', i, 'options'], { value, option: 'options', allowedTypes: 'choice' }));
    for (const bound of ['min', 'max'] as const) {
      if (!NUMERIC.has(field.type) && field[bound] !== undefined) issues.push(createIssue('JOB_FIELD_OPTIONS_NOT_ALLOWED', ['fields', i, bound], { value, option: bound, allowedTypes: 'numeric' }));
    }
    const options = new Set<string>();
    (field.options ?? []).forEach((option, k) => {
      if (options.has(option)) issues.push(createIssue('JOB_FIELD_OPTION_DUPLICATE', ['fields', i, 'options', k], { value, option }));
      options.add(option);
    });
    if (NUMERIC.has(field.type) && field.min !== undefined && field.max !== undefined && field.min > field.max) {
      issues.push(createIssue('JOB_FIELD_RANGE_INVALID', ['fields', i, 'min'], { value, min: field.min, max: field.max }));
    }
  });
  return issues;
}
