/**
 * HTTP errors as RFC 9457 problem details. Throw an {@link HttpProblem}
 * anywhere in a handler; the error middleware (error-middleware.ts) answers
 * `application/problem+json`. Never answer an error with 200.
 */
export interface ProblemField {
  path: string;
  message: string;
  code?: string;
  /** The message in every UI language, when the rule has them. */
  messages?: { en: string; 'zh-CN': string };
}

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    /** Stable, machine-readable code: becomes the problem `type` (`urn:sop:problem:<code>`). */
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: ProblemField[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail ?? title);
    this.name = 'HttpProblem';
  }
}

export const badRequest = (detail: string, errors?: ProblemField[]) => new HttpProblem(400, 'bad-request', 'Bad request', detail, errors);
export const unauthorized = (detail = 'Log in first: send Authorization: Bearer <token>.') =>
  new HttpProblem(401, 'unauthorized', 'Unauthorized', detail, undefined, { 'WWW-Authenticate': 'Bearer' });
export const forbidden = (detail: string) => new HttpProblem(403, 'forbidden', 'Forbidden', detail);
export const notFound = (what: string) => new HttpProblem(404, 'not-found', 'Not found', `${what} was not found.`);
export const conflict = (code: string, detail: string) => new HttpProblem(409, code, 'Conflict', detail);
export const unprocessable = (code: string, detail: string, errors?: ProblemField[]) =>
  new HttpProblem(422, code, 'Unprocessable content', detail, errors);
export const payloadTooLarge = (detail: string) => new HttpProblem(413, 'payload-too-large', 'Payload too large', detail);
export const unsupportedMediaType = (detail: string) => new HttpProblem(415, 'unsupported-media-type', 'Unsupported media type', detail);
export const tooManyRequests = (detail: string, retryAfterSeconds: number) =>
  new HttpProblem(429, 'too-many-requests', 'Too many requests', detail, undefined, { 'Retry-After': String(retryAfterSeconds) });
export const unavailable = (detail: string) => new HttpProblem(503, 'unavailable', 'Service unavailable', detail);
