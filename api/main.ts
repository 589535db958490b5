/**
 * `npm run api`: listens for HTTP (API + built web UI). A production entry
 * point: it never seeds demo data (`npm start`, the demo mode, does that
 * before it starts this process). Under the supervisor it also stops when the
 * supervisor's IPC channel closes (the supervisor died).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createApp, liveHubOf } from './app';
import { createLoginLimiter } from './auth/login-limiter';
import { loadConfig } from '../platform/config';
import { loadAllowedHosts } from '../platform/notifications/outbound/address-rules';
import { onShutdownRequest } from '../platform/process/shutdown';
import { openRuntime } from '../platform/runtime/open-runtime';

const log = (line: string) => process.stdout.write(line + '\n');

async function main(): Promise<void> {
  const config = loadConfig();
  fs.mkdirSync(config.dataDir, { recursive: true });
  const runtime = await openRuntime(config, log);
  const webRoot = path.resolve(__dirname, '..', 'designer', 'dist');
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
  });
  if ((await runtime.db.prisma.user.count({ where: { kind: 'person', disabled: false, roles: { has: 'admin' } } })) === 0) {
    log('[api] no active admin yet: create one with `npx sop-admin create-admin --email you@example.com --name "Your Name"` (prints a link to set the password).');
  }
  const server = app.listen(config.port, () => {
    log(`[api] listening on http://localhost:${config.port}${fs.existsSync(path.join(webRoot, 'index.html')) ? ' (web UI)' : ' (no web UI build)'}`);
  });
  onShutdownRequest(async (reason) => {
    log(`[api] ${reason}: shutting down…`);
    await liveHubOf(app).close(); // ends the open event streams, or the server would wait for them
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await runtime.close();
  });
}

main().catch((error: Error) => {
  process.stderr.write(`[api] cannot start: ${error.message}\n`);
  process.exit(1);
});
