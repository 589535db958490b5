import type { Problem } from './problem';

/**
 * Splits a problem's field errors (`body/url`, `body/settings/from`, `body/settings/events/0`)
 * among a form's fields, so each message shows under its input; what fits no field stays in `rest`.
 */
export function splitFieldErrors<F extends string>(problem: Problem, fields: readonly F[]): { byField: Partial<Record<F, string>>; rest: Problem } {
  const byField: Partial<Record<F, string>> = {};
  const unplaced: NonNullable<Problem['errors']> = [];
  for (const error of problem.errors ?? []) {
    const name = (error.path ?? '').replace(/^body\//, '').replace(/^settings\//, '').split('/')[0] as F;
    if (fields.includes(name)) byField[name] = byField[name] ? `${byField[name]}; ${error.message}` : error.message;
    else unplaced.push(error);
  }
  return { byField, rest: { ...problem, errors: unplaced } };
}
