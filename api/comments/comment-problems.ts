import { HttpProblem } from '../http/problem';

/** A 403 with its own code (`urn:sop:problem:<code>`), for refusals a client tells apart from a plain wrong role. */
export const forbiddenAs = (code: string, detail: string) => new HttpProblem(403, code, 'Forbidden', detail);
