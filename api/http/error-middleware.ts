import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isDatabaseUnavailable } from './database-unavailable';
import { HttpProblem } from './problem';
import { loggablePath, type Logger } from '../../platform/observability/logger';
import { StorageBusyError, UploadStalledError } from '../../platform/storage/file-storage-errors';

/** The problem+json body for an error (exported for tests and the idempotency store). */
export function problemBody(problem: HttpProblem, instance?: string): Record<string, unknown> {
  return {
    type: `urn:sop:problem:${problem.code}`,
    title: problem.title,
    status: problem.status,
    ...(problem.detail ? { detail: problem.detail } : {}),
    ...(problem.errors ? { errors: problem.errors } : {}),
    ...(instance ? { instance } : {}),
  };
}

/** Maps body-parser and other framework errors to problems; anything else is a 500 without internals. */
function toProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  const e = error as { type?: string; status?: number; message?: string; limit?: number };
  if (e.type === 'entity.parse.failed') return new HttpProblem(400, 'malformed-json', 'Malformed JSON', 'The request body is not valid JSON.');
  if (e.type === 'entity.too.large') return new HttpProblem(413, 'payload-too-large', 'Payload too large', `The JSON body is larger than ${e.limit ?? '?'} bytes.`);
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') return new HttpProblem(415, 'unsupported-media-type', 'Unsupported media type', e.message);
  // The router could not percent-decode a path parameter (`%E0%A4%A`, a lone `%`): the path names nothing.
  if (error instanceof URIError && e.status === 400) return new HttpProblem(400, 'path-malformed', 'Bad request', 'The URL path is not valid percent-encoded UTF-8.');
  if (error instanceof StorageBusyError) {
    return new HttpProblem(503, 'storage-busy', 'Service unavailable', 'Too many uploads are in progress; try again in a few seconds.', undefined, { 'Retry-After': '5' });
  }
  if (error instanceof UploadStalledError) {
    return new HttpProblem(408, 'upload-stalled', 'Request timeout', `${error.message}; send the file again.`);
  }
  if (isDatabaseUnavailable(error)) {
    return new HttpProblem(503, 'database-unavailable', 'Service unavailable', 'The database is not reachable or has no free connection right now: retry in a few seconds.', undefined, { 'Retry-After': '2' });
  }
  return new HttpProblem(500, 'internal', 'Internal server error', 'Something went wrong on our side; it has been logged.');
}

/**
 * One error middleware for the whole API. Logs 5xx with the stack, never request bodies or secrets:
 * to `logger` (at error level, with the request id) when given, else to `log`. The line keeps the
 * `[api] METHOD path failed: ` words the fuzzer (scripts/fuzz.ts) counts server errors by.
 */
export function errorMiddleware(log: (line: string) => void = (l) => process.stderr.write(l + '\n'), logger?: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const problem = toProblem(error);
    if (problem.code === 'database-unavailable') {
      const line = `[api] ${req.method} ${loggablePath(req.path)}: database unavailable (${(error as Error)?.message?.split('\n')[0] ?? String(error)})`;
      if (logger) logger.warn(line);
      else log(line);
    } else if (problem.status >= 500) {
      if (logger) logger.error({ err: error }, `[api] ${req.method} ${loggablePath(req.path)} failed: ${(error as Error)?.message ?? String(error)}`);
      else log(`[api] ${req.method} ${loggablePath(req.path)} failed: ${(error as Error)?.stack ?? String(error)}`);
    }
    if (problem.headers) res.set(problem.headers);
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problemBody(problem, req.originalUrl)));
  };
}

/** 404 for unknown /api routes (the web UI's SPA fallback handles the rest). */
export const unknownRoute: RequestHandler = (req, _res, next) => {
  next(new HttpProblem(404, 'route-not-found', 'Not found', `No route ${req.method} ${req.baseUrl}${req.path}.`));
};
