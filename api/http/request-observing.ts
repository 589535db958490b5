/**
 * First middleware of the app: gives the request its id (a sane incoming
 * `X-Request-Id`, else a new UUID), echoes it in the response header, runs the
 * rest of the request inside that id's context (every log line and every
 * Temporal call made for it carry the id), and when the answer is sent
 * records the latency histogram under the route pattern and — with a logger —
 * logs one `request completed` line (path without query string; credential
 * headers redacted by the logger).
 */
import type { Request, RequestHandler } from 'express';
import { loggablePath, type Logger } from '../../platform/observability/logger';
import { httpRequestDuration } from '../../platform/observability/metrics';
import { requestIdFrom, runWithRequestId } from '../../platform/observability/request-context';

/** The route pattern that answered (`/api/jobs/:id`), `web` for the UI's files and pages, `unmatched` for unknown API paths: a bounded label. */
export function routeLabel(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (!route) return req.originalUrl.startsWith('/api/') ? 'unmatched' : 'web';
  return typeof route.path === 'string' ? `${req.baseUrl}${route.path}` : 'web';
}

export function requestObserving(logger?: Logger): RequestHandler {
  return (req, res, next) => {
    const requestId = requestIdFrom(req.get('X-Request-Id'));
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeLabel(req);
      httpRequestDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      if (!logger || route === '/metrics' || route === '/livez' || route === '/readyz') return;
      const level = res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
      logger[level](
        {
          requestId,
          req: { method: req.method, path: loggablePath(req.path), route, headers: req.headers, remoteAddress: req.ip },
          res: { status: res.statusCode },
          durationMs: Math.round(seconds * 1e4) / 10,
        },
        'request completed',
      );
    });
    runWithRequestId(requestId, next);
  };
}
