/**
 * Operations endpoints outside the JSON API (docs/OPERATIONS.md):
 * `GET /livez` (the process is up), `GET /readyz` (database and Temporal
 * reachable, not draining) and `GET /metrics` (Prometheus text, for loopback
 * callers or `Authorization: Bearer $METRICS_TOKEN`, 403 problem+json
 * otherwise). `/api/health` stays as it is.
 */
import { Router, type Request, type Response } from 'express';
import type { Registry } from 'prom-client';
import { mayReadMetrics, METRICS_FORBIDDEN } from '../../platform/observability/metrics-access';
import { METRICS_CONTENT_TYPE, metricsText } from '../../platform/observability/metrics';
import { readiness, type ReadinessProbes } from '../../platform/observability/probes';

export interface OpsEndpointOptions {
  probes: ReadinessProbes;
  metricsToken?: string;
  /** TRUST_PROXY is set: loopback callers need the token too. */
  behindProxy?: boolean;
  /** Metrics of this app beyond the process registry (e.g. the outbox gauges of its database). */
  extraRegistry?: Registry;
}

export function opsEndpoints(options: OpsEndpointOptions): Router {
  const router = Router();
  router.get('/livez', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', (_req, res, next) => {
    readiness(options.probes).then((answer) => {
      res.set('Cache-Control', 'no-store').status(answer.status === 'ready' ? 200 : 503).json(answer);
    }, next);
  });
  router.get('/metrics', (req: Request, res: Response, next) => {
    if (!mayReadMetrics({ remoteAddress: req.socket.remoteAddress, headers: req.headers }, options.metricsToken, { behindProxy: options.behindProxy })) {
      res.status(403).type('application/problem+json').send(JSON.stringify({ ...METRICS_FORBIDDEN, instance: '/metrics' }));
      return;
    }
    const extra = options.extraRegistry;
    metricsText(extra ? () => extra.metrics() : undefined).then((text) => {
      res.set('Cache-Control', 'no-store').type(METRICS_CONTENT_TYPE).send(text);
    }, next);
  });
  return router;
}
