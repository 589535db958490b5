import { splitFieldErrors } from '../../lib/field-errors';
import type { Translate } from '../../lib/i18n';
import type { Problem } from '../../lib/problem';
import { problemCode } from './people';
import type { PeopleKey } from './people-messages';

/** The problems of /api/users, /api/invitations and /api/orgs that get a sentence of their own, and the field each belongs to. */
const KNOWN: Record<string, string | undefined> = {
  'email-taken': 'email',
  'roles-do-not-fit-org': 'roles',
  'org-unknown': 'orgId',
  'cannot-lock-out-self': undefined,
  'last-admin': undefined,
};

export interface ReadableProblem<F extends string> {
  byField: Partial<Record<F, string>>;
  /** What to show above the form's buttons: the rest of the problem, in the viewer's language where it is known. */
  banner: Problem;
}

/**
 * A problem+json answer, readable in a form: known problems (e-mail taken, roles that do not fit
 * the organisation, self-lockout) in the viewer's language under their field or in the banner;
 * other field errors (`body/email`) under their inputs as the API wrote them.
 */
export function readableProblem<F extends string>(problem: Problem, fields: readonly F[], t: Translate<PeopleKey>): ReadableProblem<F> {
  const { byField, rest } = splitFieldErrors(problem, fields);
  const code = problemCode(problem);
  if (!code || !(code in KNOWN)) return { byField, banner: rest };
  const sentence = t(`problem.${code}` as PeopleKey);
  const field = KNOWN[code] as F | undefined;
  if (field && fields.includes(field)) return { byField: { ...byField, [field]: sentence }, banner: { status: problem.status, errors: rest.errors } };
  return { byField, banner: { status: problem.status, detail: sentence, errors: rest.errors } };
}
