/**
 * The process's Prometheus metrics (prom-client), served at `/metrics` by the
 * API and by a worker's small HTTP server (worker/ops-server.ts). Labels are
 * bounded: route patterns (`/api/jobs/:id`), methods, status codes, check
 * kinds, channels — never ids, addresses or user names.
 */
import client from 'prom-client';

export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });

export const httpRequestDuration = new client.Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request latency by method, route pattern and status code.',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

export const checkDuration = new client.Histogram({
  name: 'sop_check_duration_seconds',
  help: 'Automatic check run time (the runCheck activity) by check kind and outcome (passed, failed, error).',
  labelNames: ['kind', 'outcome'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
  registers: [registry],
});

export const activityDuration = new client.Histogram({
  name: 'sop_activity_duration_seconds',
  help: 'Activity run time by activity type and outcome (ok, error).',
  labelNames: ['activity', 'outcome'] as const,
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
  registers: [registry],
});

/** A gauge whose value is read when Prometheus scrapes; `read` returns the value per label set. */
export function scrapedGauge<L extends string>(name: string, help: string, labelNames: readonly L[], read: () => Promise<Array<{ labels: Record<L, string>; value: number }>> | Array<{ labels: Record<L, string>; value: number }>): client.Gauge<L> {
  return new client.Gauge<L>({
    name,
    help,
    labelNames,
    registers: [registry],
    async collect() {
      this.reset();
      for (const { labels, value } of await read()) this.set(labels as Partial<Record<L, string | number>>, value);
    },
  });
}

/** The Prometheus text of this process's registry, followed by `extra` (e.g. the Temporal SDK's own exporter). */
export async function metricsText(extra?: () => Promise<string>): Promise<string> {
  const own = await registry.metrics();
  const more = extra ? await extra().catch(() => '') : '';
  return more ? `${own}\n${more}` : own;
}

export const METRICS_CONTENT_TYPE = registry.contentType;
