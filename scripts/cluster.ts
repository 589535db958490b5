/**
 * `npm run cluster`: the production topology on one machine, as one supervisor
 * that owns every process and restarts any that dies (as `npm start` does):
 *
 *  1. PostgreSQL: `DATABASE_URL`, or the embedded server with its cluster in
 *     CLUSTER_DIR/postgres. The product, Temporal and Temporal's visibility each
 *     get a database of their own on it (`temporal`, `temporal_visibility`).
 *  2. The Temporal server built from its Go module (platform/temporal/server-binary.ts)
 *     on that PostgreSQL: frontend, history, matching and worker services as
 *     four processes (platform/temporal/postgres-temporal.ts).
 *  3. An S3 gateway (versitygw, built from its Go module) serving
 *     CLUSTER_DIR/s3, bucket `sop-files`; the product runs with STORAGE=s3.
 *  4. Migrations and the demo tenant, the web UI build.
 *  5. Two API processes (PORT and PORT+1, each serves the UI) and two workers.
 *
 * CLUSTER_DIR defaults to DATA_DIR/cluster. Ctrl-C stops everything.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CreateBucketCommand, HeadBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { loadConfig, storageFrom } from '../platform/config';
import { freePort, isListening } from '../platform/net';
import { runEmbeddedPostgres } from '../platform/db/embedded-postgres-server';
import { DataDirLockedError, lockDataDir, ProcessRecord } from '../platform/process/data-dir-lock';
import { Service, type ServiceHooks } from '../platform/process/supervised';
import { s3ClientFor } from '../platform/storage/s3-file-storage';
import { ensureVersitygw } from '../platform/storage/versitygw-binary';
import { PROJECT_ROOT } from '../platform/temporal/cli-binary';
import { waitForTemporal } from '../platform/temporal/dev-server';
import { ensureTemporalNamespace, frontendFirst, prepareTemporalCluster, temporalDatabaseOf, type TemporalProcessCommand } from '../platform/temporal/postgres-temporal';
import { ensureTemporalServer } from '../platform/temporal/server-binary';
import { buildWebIfStale, endLeftovers, prepareDatabase, waitForPort } from './launch-steps';

const log = (line: string) => process.stdout.write(`[cluster] ${line}\n`);
const config = loadConfig();
const dir = path.resolve(process.env.CLUSTER_DIR?.trim() || path.join(config.dataDir, 'cluster'));
const services: Service[] = [];
let record: ProcessRecord | undefined;
let stopping = false;
const BUCKET = 'sop-files';

const hooks: ServiceHooks = { projectRoot: PROJECT_ROOT, log, record: (name, ref) => record?.set(name, ref) };

function supervise(service: Service): Service {
  services.push(service);
  return service;
}

async function startDatabase(): Promise<string> {
  if (config.databaseUrl) return config.databaseUrl;
  const postgres = await runEmbeddedPostgres({ dataDir: dir, log, record: hooks.record });
  supervise(postgres.service);
  log(`PostgreSQL on 127.0.0.1:${postgres.credentials.port} (cluster in ${path.join(dir, 'postgres')})`);
  return postgres.url();
}

async function startTemporal(databaseUrl: string): Promise<string> {
  const tools = await ensureTemporalServer(log);
  const prepared = await prepareTemporalCluster({
    tools,
    db: temporalDatabaseOf(databaseUrl, { database: 'temporal', visibilityDatabase: 'temporal_visibility' }),
    dir: path.join(dir, 'temporal'),
  });
  const temporalService = (command: TemporalProcessCommand): Service => supervise(new Service({
    name: `temporal-${command.name}`,
    program: { kind: 'native', command: command.command, args: command.args, stopSignal: 'SIGTERM', logFile: command.logFile },
    env: process.env,
    graceMs: 20_000,
  }, hooks));
  // The frontend first: it writes the cluster metadata record the others read (see frontendFirst).
  const { first, rest } = frontendFirst(prepared.commands);
  await temporalService(first).start();
  await waitForTemporal(prepared.address, 120_000);
  await Promise.all(rest.map(temporalService).map((s) => s.start()));
  await waitForTemporal(prepared.address, 120_000);
  await ensureTemporalNamespace(prepared.address, config.temporalNamespace, 120_000);
  log(`Temporal server on PostgreSQL at ${prepared.address} (frontend, history, matching, worker; logs in ${path.join(dir, 'temporal')})`);
  return prepared.address;
}

/** The gateway's root credentials, made once and kept in CLUSTER_DIR (mode 600). */
function s3Credentials(): { accessKeyId: string; secretAccessKey: string } {
  const file = path.join(dir, 's3-credentials.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as { accessKeyId: string; secretAccessKey: string };
  const made = { accessKeyId: `sop${randomBytes(6).toString('hex')}`, secretAccessKey: randomBytes(24).toString('base64url') };
  fs.writeFileSync(file, JSON.stringify(made), { mode: 0o600 });
  return made;
}

async function startS3(): Promise<{ endpoint: string; credentials: { accessKeyId: string; secretAccessKey: string } }> {
  const binary = await ensureVersitygw(log);
  const root = path.join(dir, 's3');
  fs.mkdirSync(root, { recursive: true });
  const port = (await isListening(7070)) ? await freePort() : 7070;
  const credentials = s3Credentials();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = s3ClientFor({ endpoint, region: 'us-east-1', forcePathStyle: true }, credentials);
  const gateway = supervise(new Service({
    name: 's3-gateway',
    program: { kind: 'native', command: binary, args: ['--port', `127.0.0.1:${port}`, '--quiet', 'posix', root], stopSignal: 'SIGTERM', logFile: path.join(dir, 'logs', 's3-gateway.log') },
    // Credentials through the environment, not the command line (visible to every user in `ps`).
    env: { ...process.env, ROOT_ACCESS_KEY_ID: credentials.accessKeyId, ROOT_SECRET_ACCESS_KEY: credentials.secretAccessKey },
    graceMs: 10_000,
    ready: async (isDead) => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const dead = isDead();
        if (dead) throw new Error(`the S3 gateway exited: ${dead}`);
        try {
          await client.send(new ListBucketsCommand({}));
          return;
        } catch (error) {
          if (Date.now() > deadline) throw new Error(`the S3 gateway did not answer on ${endpoint}: ${(error as Error).message}`);
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    },
  }, hooks));
  await gateway.start();
  await client.send(new HeadBucketCommand({ Bucket: BUCKET })).catch(() => client.send(new CreateBucketCommand({ Bucket: BUCKET })));
  client.destroy();
  log(`S3 gateway (versitygw) at ${endpoint}, bucket ${BUCKET}, objects in ${root}`);
  return { endpoint, credentials };
}

async function apiPort(preferred: number): Promise<number> {
  return (await isListening(preferred)) ? freePort() : preferred;
}

async function stopAll(reason: string, exitCode = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(`${reason}: stopping…`);
  const apps = services.filter((s) => s.spec.program.kind === 'node');
  const temporal = services.filter((s) => s.spec.name.startsWith('temporal-'));
  const rest = services.filter((s) => !apps.includes(s) && !temporal.includes(s));
  await Promise.all(apps.map((s) => s.stop()));
  await Promise.all(temporal.map((s) => s.stop()));
  await Promise.all(rest.map((s) => s.stop()));
  log('stopped.');
  process.exit(exitCode);
}

async function main(): Promise<void> {
  // Open to other users: the embedded PostgreSQL runs as "postgres" and needs to reach CLUSTER_DIR/postgres.
  fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
  try {
    await lockDataDir(dir);
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      process.stderr.write(`[cluster] ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  process.on('SIGINT', () => void stopAll('SIGINT'));
  process.on('SIGTERM', () => void stopAll('SIGTERM'));
  process.on('SIGHUP', () => void stopAll('SIGHUP'));
  await endLeftovers(dir, log);
  record = new ProcessRecord(dir);

  const databaseUrl = await startDatabase();
  const [temporalAddress, s3] = await Promise.all([startTemporal(databaseUrl), startS3()]);
  if (stopping) return;
  const appDir = path.join(dir, 'app');
  fs.mkdirSync(appDir, { recursive: true });
  const s3Env = {
    STORAGE: 's3',
    S3_BUCKET: BUCKET,
    S3_ENDPOINT: s3.endpoint,
    S3_REGION: 'us-east-1',
    S3_FORCE_PATH_STYLE: '1',
    AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
  };
  // The seeding below and every child reach the gateway with these (the standard AWS variables).
  Object.assign(process.env, s3Env);
  const password = await prepareDatabase(databaseUrl, { dataDir: dir, demoPassword: config.demoPassword, storage: storageFrom(process.env, appDir), log });
  buildWebIfStale(log);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...s3Env,
    SOP_DEMO: '1',
    TEMPORAL_ADDRESS: temporalAddress,
    DATABASE_URL: databaseUrl,
    DATA_DIR: appDir,
    BACKUP_CRON: process.env.BACKUP_CRON || 'off',
    LOG_FORMAT: process.env.LOG_FORMAT || 'json',
  };
  const ports = [await apiPort(config.port)];
  ports.push(await apiPort(ports[0]! + 1));
  const workerPorts = [await freePort(), await freePort()];
  const node = (name: string, script: string, extra: NodeJS.ProcessEnv, graceMs: number, ready?: (isDead: () => string | undefined) => Promise<void>) =>
    supervise(new Service({ name, program: { kind: 'node', script }, env: { ...env, ...extra }, graceMs, ready }, hooks));
  const apps = [
    ...ports.map((port, i) => node(`api-${i + 1}`, 'api/main.ts', { PORT: String(port) }, 15_000, (isDead) => waitForPort(port, isDead))),
    ...workerPorts.map((port, i) => node(`worker-${i + 1}`, 'worker/main.ts', { WORKER_METRICS_PORT: String(port) }, 30_000)),
  ];
  await Promise.all(apps.map((s) => s.start()));
  log(`app:         ${ports.map((p) => `http://localhost:${p}`).join('  ')}    (either serves the UI and the API)`);
  log(`workers:     ${workerPorts.map((p) => `http://localhost:${p}/metrics`).join('  ')}    (probes /livez, /readyz)`);
  log(`temporal:    ${temporalAddress}    (server on PostgreSQL; state and logs in ${path.join(dir, 'temporal')})`);
  log(`s3:          ${s3.endpoint}/${BUCKET}    (credentials in ${path.join(dir, 's3-credentials.json')})`);
  log(`postgresql:  ${databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')}`);
  log(`demo accounts: owner@demo.test, qa@demo.test, manager@demo.test, procurement@demo.test, vendor-a@demo.test, vendor-b@demo.test, admin@demo.test — password: ${password}`);
  log('Ctrl-C stops everything.');
}

main().catch((error: Error) => {
  process.stderr.write(`[cluster] cannot start: ${error.message}\n`);
  void stopAll('error', 1);
});
