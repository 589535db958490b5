/**
 * `npm run api`: listens for HTTP (API + built web UI). With `--with-worker`
 * the same process also runs a job worker — the embedded default, where the
 * PGlite database can only be opened by one process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createApp } from './app';
import { createLoginLimiter } from './auth/login-limiter';
import { loadConfig } from '../platform/config';
import { openRuntime } from '../platform/runtime/open-runtime';
import { generateDemoPassword, seedDemoTenant } from '../platform/seed/demo-tenant';
import { startJobWorker } from '../worker/start-worker';

const log = (line: string) => process.stdout.write(line + '\n');

/** The demo password: DEMO_PASSWORD, or one generated at first seed and kept in DATA_DIR (mode 600). */
function demoPassword(dataDir: string, fromEnv: string | undefined): string {
  if (fromEnv) return fromEnv;
  const file = path.join(dataDir, 'demo-password.txt');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const generated = generateDemoPassword();
  fs.writeFileSync(file, generated + '\n', { mode: 0o600 });
  return generated;
}

async function main(): Promise<void> {
  const config = loadConfig();
  fs.mkdirSync(config.dataDir, { recursive: true });
  const runtime = await openRuntime(config, log);
  const password = demoPassword(config.dataDir, config.demoPassword);
  if (await seedDemoTenant(runtime.db, runtime.storage, password)) log('[api] seeded the demo tenant (accounts *@demo.test, SOP store-decoration)');
  const stopWorker = process.argv.includes('--with-worker') ? await startJobWorker(runtime, log) : undefined;
  const webRoot = path.resolve(__dirname, '..', 'designer', 'dist');
  const app = createApp({
    config,
    db: runtime.db,
    temporal: { client: runtime.client, connection: runtime.connection, taskQueue: config.taskQueue },
    storage: runtime.storage,
    loginLimiter: createLoginLimiter(),
    webRoot,
  });
  const server = app.listen(config.port, () => {
    log(`[api] listening on http://localhost:${config.port} (${runtime.db.kind}${fs.existsSync(path.join(webRoot, 'index.html')) ? ', web UI' : ', no web UI build'})`);
    log(`[api] demo accounts: owner@demo.test, qa@demo.test, manager@demo.test, procurement@demo.test, vendor-a@demo.test, vendor-b@demo.test, admin@demo.test — password: ${password}`);
  });
  const shutdown = (signal: string) => {
    log(`[api] ${signal}: shutting down…`);
    server.close();
    void (stopWorker ? stopWorker() : Promise.resolve())
      .then(() => runtime.close())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: Error) => {
  process.stderr.write(`[api] cannot start: ${error.message}\n`);
  process.exit(1);
});
