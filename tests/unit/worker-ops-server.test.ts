/**
 * A worker's HTTP server (worker/ops-server.ts): /livez, /readyz from its
 * probes, /metrics with the process's metrics followed by the Temporal SDK
 * exporter's text, behind the same gate as the API's; nothing else.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startWorkerOpsServer, type WorkerOpsServer } from '../../worker/ops-server';

const TOKEN = 'worker-metrics-token-0123456789';

describe('worker ops server', () => {
  let sdkExporter: http.Server;
  let ops: WorkerOpsServer;
  let dbUp = true;
  let draining = false;
  const base = () => `http://127.0.0.1:${ops.port}`;

  beforeAll(async () => {
    // Stands in for the Temporal SDK's Prometheus exporter (Runtime telemetryOptions.metrics.prometheus).
    sdkExporter = http.createServer((_req, res) => res.end('# TYPE temporal_worker_task_slots_available gauge\ntemporal_worker_task_slots_available{worker_type="ActivityWorker"} 100\n'));
    await new Promise<void>((resolve) => sdkExporter.listen(0, '127.0.0.1', resolve));
    ops = await startWorkerOpsServer({
      port: 0,
      host: '127.0.0.1',
      metricsToken: TOKEN,
      temporalMetricsPort: (sdkExporter.address() as AddressInfo).port,
      probes: {
        db: async () => {
          if (!dbUp) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        },
        temporal: async () => undefined,
        draining: () => draining,
      },
    });
  });
  afterAll(async () => {
    await ops?.close();
    await new Promise((resolve) => sdkExporter?.close(resolve));
  });

  test('/metrics answers the process metrics followed by the Temporal SDK\'s, to loopback callers', async () => {
    const res = await fetch(`${base()}/metrics`);
    const text = await res.text();
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'text/plain; version=0.0.4; charset=utf-8']);
    expect(text).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(text).toContain('temporal_worker_task_slots_available{worker_type="ActivityWorker"} 100');
  });

  test('/metrics through a proxy needs the token: 403 problem+json without it', async () => {
    const refused = await fetch(`${base()}/metrics`, { headers: { 'X-Forwarded-For': '203.0.113.1' } });
    expect([refused.status, refused.headers.get('content-type'), ((await refused.json()) as { type: string }).type]).toEqual([403, 'application/problem+json', 'urn:sop:problem:metrics-forbidden']);
    const allowed = await fetch(`${base()}/metrics`, { headers: { 'X-Forwarded-For': '203.0.113.1', Authorization: `Bearer ${TOKEN}` } });
    expect(allowed.status).toBe(200);
  });

  test('/livez answers 200; /readyz 200 when ready, 503 with the database down or while draining', async () => {
    expect([(await fetch(`${base()}/livez`)).status]).toEqual([200]);
    const ready = await fetch(`${base()}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready', db: 'ok', temporal: 'ok' }]);
    dbUp = false;
    const down = await fetch(`${base()}/readyz`);
    expect([down.status, await down.json()]).toEqual([503, { status: 'not-ready', db: 'down', temporal: 'ok' }]);
    dbUp = true;
    draining = true;
    const drain = await fetch(`${base()}/readyz`);
    expect([drain.status, await drain.json()]).toEqual([503, { status: 'not-ready', db: 'ok', temporal: 'ok', draining: true }]);
    draining = false;
  });

  test('any other path answers 404 problem+json', async () => {
    const res = await fetch(`${base()}/api/jobs`);
    expect([res.status, ((await res.json()) as { type: string }).type]).toEqual([404, 'urn:sop:problem:route-not-found']);
  });
});
