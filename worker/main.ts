/**
 * `npm run worker`: a job worker process (scale out by running more of them).
 * With WORKER_METRICS_PORT it also serves /livez, /readyz and /metrics
 * (worker/ops-server.ts). On a stop it turns /readyz to 503 and lets tasks in
 * progress finish (the worker's shutdownGraceTime, 20 s) before it exits.
 * With WORKFLOW_BUNDLE_DIR it runs the prebuilt workflow bundle there and exits
 * at once (WORKFLOW_BUNDLE_MISSING / WORKFLOW_BUNDLE_STALE) when it cannot.
 */
import { loadConfig } from '../platform/config';
import { freePort } from '../platform/net';
import { createLogger, lineLog, logSettingsFrom } from '../platform/observability/logger';
import { registerWorkerMetrics } from '../platform/observability/worker-metrics';
import { startTracing } from '../platform/observability/tracing';
import { onShutdownRequest } from '../platform/process/shutdown';
import { openRuntime } from '../platform/runtime/open-runtime';
import { isBehindProxy } from '../platform/observability/metrics-access';
import { startWorkerOpsServer, type WorkerOpsServer } from './ops-server';
import { startJobWorker } from './start-worker';
import { workerWorkflowBundle } from './workflow-bundle';

const logger = createLogger({ ...logSettingsFrom(), base: { service: 'worker' } });
const log = lineLog(logger);

async function main(): Promise<void> {
  const config = loadConfig();
  const tracing = startTracing(config.otlpEndpoint, 'sop-worker', log);
  // A missing or stale prebuilt bundle (WORKFLOW_BUNDLE_DIR) refuses the start before anything is opened.
  await workerWorkflowBundle();
  if (process.env.WORKFLOW_BUNDLE_DIR) log(`[worker] workflow code: the prebuilt bundle in ${process.env.WORKFLOW_BUNDLE_DIR}`);
  const runtime = await openRuntime(config, log);
  const temporalMetricsPort = config.workerMetricsPort === undefined ? undefined : await freePort();
  let polling = false;
  let draining = false;
  const stop = await startJobWorker(runtime, log, { logger, temporalMetricsPort });
  polling = true;
  registerWorkerMetrics();
  let ops: WorkerOpsServer | undefined;
  if (config.workerMetricsPort !== undefined) {
    ops = await startWorkerOpsServer({
      port: config.workerMetricsPort,
      metricsToken: config.metricsToken,
      behindProxy: isBehindProxy(config.trustProxy),
      temporalMetricsPort,
      probes: {
        db: () => runtime.db.ping(),
        temporal: () => runtime.connection.healthService.check({}),
        draining: () => draining || !polling,
        log,
      },
    });
    log(`[worker] metrics and probes on http://localhost:${ops.port} (/metrics, /livez, /readyz)`);
  }
  onShutdownRequest(async (reason) => {
    draining = true;
    log(`[worker] ${reason}: finishing tasks in progress…`);
    await stop();
    polling = false;
    await ops?.close();
    await runtime.close();
    await tracing.stop();
    logger.flush();
  });
}

main().catch((error: Error) => {
  logger.fatal({ err: error }, `[worker] cannot start: ${error.message}`);
  process.stderr.write(`[worker] cannot start: ${error.message}\n`);
  process.exit(1);
});
