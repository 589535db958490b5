/**
 * With OTEL_EXPORTER_OTLP_ENDPOINT set, Temporal calls made through the
 * product's client are traced: the OpenTelemetry client interceptor makes a
 * span for a workflow start and the OTLP/HTTP exporter posts it to the
 * collector's /v1/traces when tracing stops; the worker's workflow bundle
 * takes Temporal's OpenTelemetry workflow interceptors.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { clientInterceptors, workflowInterceptorModules } from '../../platform/observability/temporal-interceptors';
import { WORKFLOWS_PATH } from '../../worker/create-worker';
import { startTracing } from '../../platform/observability/tracing';
import { temporalAddress, uniqueTaskQueue } from '../support/temporal';

jest.setTimeout(60_000);

test('a workflow start through the product client is exported as a span to the OTLP endpoint, and the workflow bundle takes the OpenTelemetry workflow interceptors', async () => {
  const posts: Array<{ path: string; body: Buffer }> = [];
  const collector = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      posts.push({ path: req.url ?? '', body: Buffer.concat(chunks) });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  const previous = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = endpoint;
  const logged: string[] = [];
  const tracing = startTracing(endpoint, 'sop-test', (line) => logged.push(line));
  const connection = await Connection.connect({ address: temporalAddress() });
  try {
    const client = new Client({ connection, namespace: 'default', interceptors: clientInterceptors() });
    const handle = await client.workflow.start('jobWorkflow', { taskQueue: uniqueTaskQueue('traced'), workflowId: `traced-${Date.now()}`, args: [] });
    await handle.terminate('tracing test over');
    // The worker's workflow bundle takes Temporal's OpenTelemetry workflow interceptors beside the request-id one.
    const modules = workflowInterceptorModules();
    expect(modules.map((m) => m.split('/').slice(-2).join('/'))).toEqual(['workflows/request-id-interceptors.ts', 'lib/workflow-interceptors.js']);
    const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, workflowInterceptorModules: modules, logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } });
    expect(bundle.code).toContain('OpenTelemetryInboundInterceptor');
  } finally {
    await tracing.stop();
    await connection.close();
    await new Promise((resolve) => collector.close(resolve));
    if (previous === undefined) delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    else process.env.OTEL_EXPORTER_OTLP_ENDPOINT = previous;
  }
  expect(tracing.enabled).toBe(true);
  expect(logged).toEqual([`[tracing] exporting spans of sop-test to ${endpoint}`]);
  expect(posts.map((p) => p.path)).toContain('/v1/traces');
  const exported = posts.map((p) => p.body.toString('utf8')).join('\n');
  expect(exported).toContain('StartWorkflow:jobWorkflow');
  expect(exported).toContain('sop-test');
});
