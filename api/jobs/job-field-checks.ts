/**
 * Job field values checked against the SOP version's declaration
 * (core/sop/job-fields.ts), as the API answers them: 422 with the code of the
 * most basic problem (`field-undeclared`, then `field-invalid`, then
 * `field-required`) and one error per field, named by JSON pointer into the
 * request body, with English and Chinese messages.
 */
import { checkJobFields, declaredJobFields, jobFieldProblemCode } from '../../core/sop/job-fields';
import { unprocessable } from '../http/problem';

const DETAIL: Record<string, string> = {
  'field-undeclared': 'The request names job fields the SOP version does not declare.',
  'field-invalid': 'Some job field values do not fit their declared type.',
  'field-required': 'Required job fields have no value.',
};

/** The values to store, or throws the 422 problem. `current`: the job's values before an edit. */
export function checkJobFieldsOrThrow(definition: unknown, given: unknown, current: Record<string, unknown> = {}): Record<string, unknown> {
  const { values, issues } = checkJobFields(declaredJobFields(definition), given, current);
  const code = jobFieldProblemCode(issues);
  if (code) {
    throw unprocessable(
      code,
      `${DETAIL[code]} ${issues.map((i) => i.message).join(' ')}`,
      issues.map((i) => ({ path: i.path, code: i.code, message: i.message, messages: i.messages })),
    );
  }
  return values;
}
