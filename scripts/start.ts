/**
 * `npm start`: the whole product on embedded defaults, as one supervisor
 * process (run with `node --import tsx`, so there is no wrapper to kill) that
 * owns every other process:
 *
 *  1. the Temporal dev server, persisted in DATA_DIR (unless TEMPORAL_ADDRESS);
 *  2. PostgreSQL, the embedded server with its cluster in DATA_DIR/postgres
 *     (unless DATABASE_URL); an old PGlite database is imported on first start;
 *  3. migrations and the demo tenant (this is demo mode, SOP_DEMO=1 for its
 *     children too: `npm run api` and `npm run worker` on their own never seed);
 *  4. the web UI, built into designer/dist when missing or stale;
 *  5. the API and one worker, as separate processes; the worker keeps a
 *     nightly backup schedule (03:00 machine time, BACKUP_CRON / BACKUP_KEEP).
 *
 * One supervisor per DATA_DIR (a kernel-held lock, platform/process/data-dir-lock.ts).
 * Every service runs in a process group of its own; when one exits, what is
 * left of its group is killed and it is restarted with backoff — jobs continue,
 * their state lives in Temporal and PostgreSQL. If the supervisor itself is
 * killed, its services stop when their IPC channel closes, and the next start
 * ends whatever a killed predecessor left (run/processes.json). Ctrl-C (SIGINT)
 * or SIGTERM stops everything and waits for it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../platform/config';
import { isListening, freePort } from '../platform/net';
import { runEmbeddedPostgres, type RunningPostgres } from '../platform/db/embedded-postgres-server';
import { importPglite, PgliteUnreadableError } from '../platform/db/pglite-import';
import { DataDirLockedError, lockDataDir, ProcessRecord } from '../platform/process/data-dir-lock';
import { Service, type ServiceHooks, type ServiceSpec } from '../platform/process/supervised';
import { ensureTemporalCli, PROJECT_ROOT } from '../platform/temporal/cli-binary';
import { devServerCommand, waitForTemporal } from '../platform/temporal/dev-server';
import { buildWebIfStale, endLeftovers, prepareDatabase, waitForPort } from './launch-steps';

const log = (line: string) => process.stdout.write(`[start] ${line}\n`);
const config = loadConfig();
const services: Service[] = [];
let postgres: RunningPostgres | undefined;
let stopping = false;
let record: ProcessRecord | undefined;

const hooks: ServiceHooks = {
  projectRoot: PROJECT_ROOT,
  log,
  record: (name, ref) => record?.set(name, ref),
};

async function startTemporal(): Promise<string> {
  if (config.temporalAddress) return config.temporalAddress;
  const cli = await ensureTemporalCli((line) => log(line));
  const dbFile = path.join(config.dataDir, 'temporal.db');
  const preferred = async (port: number) => ((await isListening(port)) ? freePort() : port);
  const command = await devServerCommand({
    cli,
    port: await preferred(7233),
    uiPort: await preferred(8233),
    dbFile,
    namespace: config.temporalNamespace,
  });
  const service = new Service(
    {
      name: 'Temporal dev server',
      program: { kind: 'native', command: cli, args: command.args, stopSignal: 'SIGTERM', logFile: path.join(config.dataDir, 'logs', 'temporal.log') },
      env: process.env,
      graceMs: 20_000,
      ready: (isDead) => waitForTemporal(command.address, 60_000, isDead),
    },
    hooks,
  );
  services.push(service);
  fs.mkdirSync(path.join(config.dataDir, 'logs'), { recursive: true });
  await service.start();
  log(`Temporal dev server on ${command.address} (state in ${dbFile}; Web UI ${command.uiUrl ?? '-'})`);
  return command.address;
}

async function startDatabase(): Promise<string> {
  if (config.databaseUrl) return config.databaseUrl;
  postgres = await runEmbeddedPostgres({ dataDir: config.dataDir, log, record: hooks.record });
  const server = postgres.service;
  services.push(server);
  log(`PostgreSQL on 127.0.0.1:${postgres.credentials.port} (cluster in ${path.join(config.dataDir, 'postgres')})`);
  await importPglite(config.dataDir, postgres.url(), log);
  return postgres.url();
}

function nodeService(name: string, script: string, env: NodeJS.ProcessEnv, graceMs: number, ready?: ServiceSpec['ready']): Service {
  const service = new Service({ name, program: { kind: 'node', script }, env, graceMs, ready }, hooks);
  services.push(service);
  return service;
}

async function stopAll(reason: string, exitCode = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(`${reason}: stopping…`);
  // Apps first (they drain requests and tasks), then the servers they use.
  const apps = services.filter((s) => s.spec.program.kind === 'node');
  const servers = services.filter((s) => s.spec.program.kind === 'native');
  await Promise.all(apps.map((s) => s.stop()));
  await Promise.all(servers.map((s) => s.stop()));
  log('stopped.');
  process.exit(exitCode);
}

async function main(): Promise<void> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  try {
    await lockDataDir(config.dataDir);
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      process.stderr.write(`[start] ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  process.on('SIGINT', () => void stopAll('SIGINT'));
  process.on('SIGTERM', () => void stopAll('SIGTERM'));
  process.on('SIGHUP', () => void stopAll('SIGHUP'));
  await endLeftovers(config.dataDir, log);
  record = new ProcessRecord(config.dataDir);

  const [temporalAddress, databaseUrl] = await Promise.all([startTemporal(), startDatabase()]);
  if (stopping) return;
  const password = await prepareDatabase(databaseUrl, { dataDir: config.dataDir, demoPassword: config.demoPassword, storage: config.storage, log });
  const requestedWorkerPort = process.env.WORKER_METRICS_PORT?.trim();
  const workerMetricsPort = requestedWorkerPort?.toLowerCase() === 'off' ? undefined : requestedWorkerPort ? Number(requestedWorkerPort) : await freePort();
  buildWebIfStale(log);
  // Demo mode (SOP_DEMO=1): the API shows the demo accounts on its login page.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SOP_DEMO: '1',
    TEMPORAL_ADDRESS: temporalAddress,
    DATABASE_URL: databaseUrl,
    DATA_DIR: config.dataDir,
    // The embedded default backs itself up every night at 03:00 machine time (BACKUP_CRON=off turns it off).
    BACKUP_CRON: process.env.BACKUP_CRON || '0 3 * * *',
    BACKUP_TIMEZONE: process.env.BACKUP_TIMEZONE || Intl.DateTimeFormat().resolvedOptions().timeZone,
    // Readable log lines on a terminal, JSON lines when the output goes to a file or a collector.
    LOG_FORMAT: process.env.LOG_FORMAT || (process.stdout.isTTY ? 'pretty' : 'json'),
    // The worker's /metrics, /livez and /readyz (WORKER_METRICS_PORT=off: none).
    WORKER_METRICS_PORT: workerMetricsPort === undefined ? '' : String(workerMetricsPort),
  };
  const api = nodeService('api', 'api/main.ts', env, 15_000, (isDead) => waitForPort(config.port, isDead));
  const worker = nodeService('worker', 'worker/main.ts', env, 30_000);
  await Promise.all([api.start(), worker.start()]);
  log(`app:         http://localhost:${config.port}`);
  log(`health:      http://localhost:${config.port}/api/health    (probes /livez, /readyz; metrics /metrics)    Ctrl-C stops everything.`);
  if (workerMetricsPort !== undefined) log(`worker:      http://localhost:${workerMetricsPort}/metrics    (probes /livez, /readyz)`);
  log(`demo accounts: owner@demo.test, qa@demo.test, manager@demo.test, procurement@demo.test, vendor-a@demo.test, vendor-b@demo.test, admin@demo.test — password: ${password}`);
}

main().catch((error: Error) => {
  const message = error instanceof PgliteUnreadableError ? error.message : `cannot start: ${error.message}`;
  process.stderr.write(`[start] ${message}\n`);
  void stopAll('error', error instanceof PgliteUnreadableError ? 2 : 1);
});
