/**
 * `npm run api`: listens for HTTP (API + built web UI). A production entry
 * point: it never seeds demo data (`npm start`, the demo mode, does that
 * before it starts this process). Under the supervisor it also stops when the
 * supervisor's IPC channel closes (the supervisor died). On a stop it first
 * turns `/readyz` to 503, then drains: the server stops accepting, open
 * requests get up to HTTP_DRAIN_MS (10 s) to finish, then the rest are cut.
 * Once a minute it starts calendar deliveries left unstarted (calendars/delivery-sweep.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createApp, liveHubOf } from './app';
import { sharedOcrPool } from '../checks/ocr-pool';
import { createLoginLimiter } from './auth/login-limiter';
import { startDeliverySweep } from './calendars/delivery-sweep';
import { loadConfig } from '../platform/config';
import { loadAllowedHosts } from '../platform/notifications/outbound/address-rules';
import { createLogger, lineLog, logSettingsFrom } from '../platform/observability/logger';
import { startTracing } from '../platform/observability/tracing';
import { drainServer } from '../platform/process/drain-server';
import { onShutdownRequest } from '../platform/process/shutdown';
import { openRuntime } from '../platform/runtime/open-runtime';

const logger = createLogger({ ...logSettingsFrom(), base: { service: 'api' } });
const log = lineLog(logger);

async function main(): Promise<void> {
  const config = loadConfig();
  const tracing = startTracing(config.otlpEndpoint, 'sop-api', log);
  fs.mkdirSync(config.dataDir, { recursive: true });
  const runtime = await openRuntime(config, log);
  const webRoot = path.resolve(__dirname, '..', 'designer', 'dist');
  let draining = false;
  const app = createApp({
    config,
    db: runtime.db,
    temporal: { client: runtime.client, connection: runtime.connection, taskQueue: config.taskQueue },
    storage: runtime.storage,
    loginLimiter: createLoginLimiter(runtime.db),
    notifyAllowedHosts: loadAllowedHosts(),
    webRoot,
    maxRequestBytes: config.uploads.maxRequestBytes,
    orgStorageQuotaBytes: config.uploads.orgQuotaBytes,
    maxUploadsPerOrg: config.uploads.perOrg,
    log,
    logger,
    metricsToken: config.metricsToken,
    draining: () => draining,
  });
  if ((await runtime.db.prisma.user.count({ where: { kind: 'person', disabled: false, roles: { has: 'admin' } } })) === 0) {
    log('[api] no active admin yet: create one with `npx sop-admin create-admin --email you@example.com --name "Your Name"` (prints a link to set the password).');
  }
  const stopDeliverySweep = startDeliverySweep(runtime.db.prisma, runtime.client, config.taskQueue, log);
  const server = app.listen(config.port, () => {
    log(`[api] listening on http://localhost:${config.port}${fs.existsSync(path.join(webRoot, 'index.html')) ? ' (web UI)' : ' (no web UI build)'}; /livez, /readyz, /metrics`);
  });
  onShutdownRequest(async (reason) => {
    draining = true;
    stopDeliverySweep();
    log(`[api] ${reason}: shutting down…`);
    await liveHubOf(app).close(); // ends the open event streams, or the server would wait for them
    const cut = await drainServer(server, Number(process.env.HTTP_DRAIN_MS) || 10_000);
    if (cut > 0) log(`[api] cut ${cut} connection(s) still open after the drain deadline`);
    await sharedOcrPool().terminate(); // the comparisons' OCR workers, if any started
    await runtime.close();
    await tracing.stop();
    logger.flush();
  });
}

main().catch((error: Error) => {
  logger.fatal({ err: error }, `[api] cannot start: ${error.message}`);
  process.stderr.write(`[api] cannot start: ${error.message}\n`);
  process.exit(1);
});
