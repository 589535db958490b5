/**
 * A worker's small HTTP server (on WORKER_METRICS_PORT; off when unset):
 * `GET /livez`, `GET /readyz` (database and Temporal reachable, the worker
 * polling, not draining) and `GET /metrics` (this process's metrics followed
 * by the Temporal SDK's own exporter, read from its loopback port; loopback
 * callers or METRICS_TOKEN, as the API's). Nothing else.
 */
import http from 'node:http';
import { mayReadMetrics, METRICS_FORBIDDEN } from '../platform/observability/metrics-access';
import { METRICS_CONTENT_TYPE, metricsText } from '../platform/observability/metrics';
import { readiness, type ReadinessProbes } from '../platform/observability/probes';
import { drainServer } from '../platform/process/drain-server';

export interface WorkerOpsOptions {
  port: number;
  /** Address to listen on (default all interfaces, like the API). */
  host?: string;
  probes: ReadinessProbes;
  metricsToken?: string;
  /** TRUST_PROXY is set: loopback callers need the token too. */
  behindProxy?: boolean;
  /** Loopback port of the Temporal SDK's Prometheus exporter, if it runs. */
  temporalMetricsPort?: number;
}

export interface WorkerOpsServer {
  port: number;
  close(): Promise<void>;
}

async function temporalMetrics(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(2000) });
  return response.ok ? await response.text() : '';
}

export async function startWorkerOpsServer(options: WorkerOpsOptions): Promise<WorkerOpsServer> {
  const json = (res: http.ServerResponse, status: number, body: unknown, type = 'application/json') => {
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const route = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { status: 405, title: 'Method not allowed' }, 'application/problem+json');
    if (route === '/livez') return json(res, 200, { status: 'ok' });
    if (route === '/readyz') {
      void readiness(options.probes).then((answer) => json(res, answer.status === 'ready' ? 200 : 503, answer));
      return;
    }
    if (route === '/metrics') {
      if (!mayReadMetrics({ remoteAddress: req.socket.remoteAddress, headers: req.headers }, options.metricsToken, { behindProxy: options.behindProxy })) {
        return json(res, 403, { ...METRICS_FORBIDDEN, instance: '/metrics' }, 'application/problem+json');
      }
      const port = options.temporalMetricsPort;
      void metricsText(port ? () => temporalMetrics(port) : undefined).then(
        (text) => res.writeHead(200, { 'Content-Type': METRICS_CONTENT_TYPE, 'Cache-Control': 'no-store' }).end(text),
        () => json(res, 500, { status: 500, title: 'Metrics could not be collected' }, 'application/problem+json'),
      );
      return;
    }
    json(res, 404, { type: 'urn:sop:problem:route-not-found', status: 404, title: 'Not found', detail: 'This worker serves /livez, /readyz and /metrics only.' }, 'application/problem+json');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    close: async () => {
      await drainServer(server, 2000);
    },
  };
}
