/**
 * Capacity benchmark (docs/CAPACITY.md): N jobs through the demo SOP
 * `store-decoration` (published again as `capacity-store-decoration`, its OCR
 * check looking for the banner's Latin line unless CAPACITY_CJK_OCR=1, as the CJK
 * headline reads only with fonts-noto-cjk installed) (vendor draft → automatic checks: naming, visual diff, OCR,
 * checklist → QA review), every `--rework-every`-th job rejected once by QA and
 * submitted again, on the real product processes:
 *
 *  - PostgreSQL: the embedded server with the settings `npm start` uses (fsync on),
 *  - Temporal: the CLI's dev server, or with `--temporal postgres` the Temporal server
 *    on the same PostgreSQL server (all four services in one process),
 *  - one worker (`worker/main.ts`) and one API (`api/main.ts`), each a process of
 *    its own, started as production starts them (no demo mode; the tenant is seeded
 *    by this script first),
 *  - the people: this process, over HTTP (owner starts, vendor uploads a banner
 *    whose bytes differ per job, QA reviews), `--concurrency` jobs at a time.
 *
 *   npm run bench:capacity [-- --jobs 60 --concurrency 6 --rework-every 5 --read-seconds 5 --checks off --temporal postgres]
 *
 * Measured between a snapshot after 2 warm-up jobs and one after the last job:
 * CPU seconds of the worker, API, PostgreSQL (postmaster and its backends) and the
 * Temporal dev server; rows and bytes per table; stored file bytes; history events
 * and bytes per job from Temporal; then the API's read throughput (one job, a job
 * list) with autocannon. Prints one JSON document.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import sharp from 'sharp';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { ensureTemporalCli } from '../platform/temporal/cli-binary';
import { startDevServer } from '../platform/temporal/dev-server';
import { startTemporalCluster, temporalDatabaseOf } from '../platform/temporal/postgres-temporal';
import { ensureTemporalServer } from '../platform/temporal/server-binary';
import { freePort } from '../platform/net';
import { renderDemoBanner, seedDemoTenant } from '../platform/seed/demo-tenant';
import { LocalFileStorage } from '../platform/storage/file-storage';
import { openTestDatabase } from '../tests/support/test-database';
import { startTestPostgres } from '../tests/support/test-postgres';
import { databaseFigures, walBytesBetween, folderBytes, loadAverage, postmasterPid, treeCpuSeconds, treeRssMb, type DatabaseFigures } from './capacity-probes';

const PASSWORD = 'capacity-bench-password';
const ROOT = path.resolve(__dirname, '..');

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

/** A product process (`worker/main.ts`, `api/main.ts`) with its output in `logFile`; resolves once `ready` matches a line. */
function startProduct(script: string, env: NodeJS.ProcessEnv, logFile: string, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = fs.createWriteStream(logFile);
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      seen += chunk.toString();
      if (ready.test(seen)) {
        seen = '';
        resolve(child);
      } else if (seen.length > 100_000) seen = seen.slice(-10_000);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`${script} exited (${code ?? signal}) before it was ready; see ${logFile}`)));
  });
}

async function stopProduct(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Undone in reverse order at the end, and when the run fails, so no server outlives the bench. */
const cleanups: Array<() => Promise<void> | void> = [];
async function cleanUp(): Promise<void> {
  for (const undo of cleanups.splice(0).reverse()) {
    try {
      await undo();
    } catch (error) {
      process.stderr.write(`[capacity] cleanup: ${(error as Error).message}\n`);
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface JobView {
  status: string;
  activeSteps?: string[];
  steps?: Array<{ nodeId: string; round: number; status: string }>;
}

async function main(): Promise<void> {
  const jobs = option('jobs', 60);
  const concurrency = option('concurrency', 6);
  const reworkEvery = option('rework-every', 5);
  const readSeconds = option('read-seconds', 5);
  const temporalKind = process.argv.includes('--temporal') && process.argv[process.argv.indexOf('--temporal') + 1] === 'postgres' ? 'postgres' : 'dev';
  const withChecks = !(process.argv.includes('--checks') && process.argv[process.argv.indexOf('--checks') + 1] === 'off');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-capacity-'));
  const dataDir = path.join(work, 'data');
  fs.mkdirSync(dataDir);
  cleanups.push(() => fs.rmSync(work, { recursive: true, force: true }));
  const say = (line: string) => process.stderr.write(`[capacity] ${line}\n`);

  const postgres = await startTestPostgres({ durable: true });
  cleanups.push(() => postgres.stop());
  const test = await openTestDatabase();
  cleanups.push(() => test.cleanup());
  const storage = new LocalFileStorage(path.join(dataDir, 'files'));
  await seedDemoTenant(test.db, storage, PASSWORD, { demoMode: true });
  const prisma = test.db.prisma;
  const users = Object.fromEntries((await prisma.user.findMany()).map((u) => [u.email.replace('@demo.test', ''), u.id]));
  const orgs = Object.fromEntries((await prisma.org.findMany()).map((o) => [o.name, o.id]));
  const reference = await prisma.storedFile.findFirstOrThrow({ where: { originalName: 'reference-banner.png' } });
  const pgPid = await postmasterPid(test.db);

  // --temporal postgres: the Temporal server on this PostgreSQL server (the production topology's, all four
  // services in one process) instead of the CLI's dev server; its CPU and its databases' growth are then measured too.
  const temporalDatabases = ['temporal_capacity', 'temporal_capacity_visibility'];
  let temporalAddress: string;
  let temporalPids: () => number[];
  if (temporalKind === 'postgres') {
    const cluster = await startTemporalCluster({
      tools: await ensureTemporalServer((line) => say(line)),
      db: temporalDatabaseOf(postgres.url, { database: temporalDatabases[0]!, visibilityDatabase: temporalDatabases[1]! }),
      dir: path.join(work, 'temporal'),
      separate: false,
    });
    cleanups.push(() => cluster.stop());
    temporalAddress = cluster.address;
    temporalPids = () => [...cluster.processes().values()].map((child) => child.pid!);
  } else {
    const dev = await startDevServer({ cli: await ensureTemporalCli(), headless: true });
    cleanups.push(() => dev.stop());
    temporalAddress = dev.address;
    temporalPids = () => [dev.process.pid!];
  }
  const temporalCpu = () => temporalPids().reduce((sum, pid) => sum + treeCpuSeconds(pid), 0);
  const temporalDbBytes = async () => {
    if (temporalKind !== 'postgres') return 0;
    const [row] = await test.db.prisma.$queryRawUnsafe<Array<{ bytes: bigint }>>('SELECT sum(pg_database_size(datname))::bigint AS bytes FROM pg_database WHERE datname = ANY($1::text[])', temporalDatabases);
    return Number(row!.bytes);
  };
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: test.url,
    DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_TASK_QUEUE: 'capacity',
    PORT: String(port),
    SOP_DEMO: '0',
    BACKUP_CRON: 'off',
    RISK_RETRAIN_CRON: 'off',
    RISK_SCORE_MINUTES: 'off',
    FILE_GC: 'off',
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
  };
  const worker = await startProduct('worker/main.ts', env, path.join(work, 'worker.log'), /polling task queue/);
  cleanups.push(() => stopProduct(worker));
  const api = await startProduct('api/main.ts', env, path.join(work, 'api.log'), /listening on http/);
  cleanups.push(() => stopProduct(api));
  const base = `http://127.0.0.1:${port}`;
  say(`worker pid ${worker.pid}, api pid ${api.pid} on ${base}, postgres pid ${pgPid}, temporal ${temporalKind} ${temporalAddress}; logs in ${work}`);

  const tokens: Record<string, string> = {};
  for (const who of ['owner', 'vendor-a', 'qa', 'manager']) {
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `${who}@demo.test`, password: PASSWORD }) });
    if (!res.ok) throw new Error(`login ${who}: ${res.status} ${await res.text()}`);
    tokens[who] = ((await res.json()) as { token: string }).token;
  }
  const call = async (who: string, method: string, urlPath: string, body?: unknown): Promise<unknown> => {
    const isForm = body instanceof FormData;
    const res = await fetch(`${base}${urlPath}`, {
      method,
      headers: { authorization: `Bearer ${tokens[who]}`, ...(body && !isForm ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: isForm ? body : JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`${method} ${urlPath} as ${who}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? undefined : res.json();
  };
  const waitJob = async (id: string, done: (job: JobView) => boolean, what: string, draftRounds: number): Promise<void> => {
    const deadline = Date.now() + 300_000;
    while (Date.now() < deadline) {
      const job = (await call('vendor-a', 'GET', `/api/jobs/${id}`)) as JobView;
      if (done(job)) return;
      const rounds = job.steps?.filter((s) => s.nodeId === 'draft').length ?? 0;
      if (job.status !== 'running' || rounds > draftRounds) {
        const checks = (await call('owner', 'GET', `/api/jobs/${id}/checks`)) as { items: Array<{ kind: string; round: number; passed: boolean; reasons: unknown[] }> };
        throw new Error(`job ${id} is ${job.status} with ${rounds} draft rounds while waiting for ${what}; checks: ${JSON.stringify(checks.items.filter((c) => !c.passed))}`);
      }
      await sleep(250);
    }
    throw new Error(`job ${id}: ${what} did not happen within 300 s`);
  };

  // The demo SOP as it is, except that OCR looks for the banner's Latin line: the CJK headline reads
  // only where fonts-noto-cjk is installed (the OCR itself is the same: chi_sim + eng over the whole image).
  const sopKey = 'capacity-store-decoration';
  const definition = JSON.parse(fs.readFileSync(path.join(ROOT, 'platform', 'seed', 'demo-sop.json'), 'utf8')) as {
    key: string;
    nodes: Array<{ id: string; checks?: Array<{ kind: string; mustContain?: string[] }> }>;
    edges: Array<{ from: string; to: string; on?: string }>;
  };
  definition.key = sopKey;
  const ocr = definition.nodes.flatMap((n) => n.checks ?? []).find((c) => c.kind === 'ocr')!;
  if (process.env.CAPACITY_CJK_OCR !== '1') ocr.mustContain = ['Double 11', '50% OFF'];
  if (!withChecks) {
    // --checks off: the draft goes straight to QA (the engine's and the product's cost without the image checks).
    definition.nodes = definition.nodes.filter((n) => n.id !== 'auto');
    definition.edges = [...definition.edges.filter((e) => e.from !== 'auto' && e.to !== 'auto'), { from: 'draft', to: 'qa' }];
  }
  await call('owner', 'POST', '/api/sops', { definition });
  await call('owner', 'POST', `/api/sops/${sopKey}/publish`);

  // The banner of job i differs from every other in the logo box, which the visual check ignores: unique bytes, same checks.
  const banner = await renderDemoBanner();
  const bannerFor = (i: number, round: number) =>
    sharp(banner)
      .composite([{ input: { create: { width: 40, height: 20, channels: 4, background: { r: i % 256, g: Math.floor(i / 256) % 256, b: round * 40, alpha: 1 } } }, left: 150, top: 50 }])
      .png({ compressionLevel: 6 })
      .toBuffer();

  const submit = async (id: string, code: string, i: number, round: number) => {
    const form = new FormData();
    form.append('banner', new Blob([new Uint8Array(await bannerFor(i, round))], { type: 'image/png' }), `${code}_banner_v${String(round).padStart(2, '0')}.png`);
    form.append('checklist', JSON.stringify({ size: true, layers: true }));
    await call('vendor-a', 'POST', `/api/jobs/${id}/steps/draft/submissions`, form);
  };
  const draftOpen = (round: number) => (job: JobView) => job.steps?.some((s) => s.nodeId === 'draft' && s.round === round && s.status !== 'done') ?? false;
  const qaOpen = (job: JobView) => job.activeSteps?.includes('qa') ?? false;

  const latencies: number[] = [];
  const workflowIds: Array<{ workflowId: string; rework: boolean }> = [];
  const runJob = async (i: number): Promise<void> => {
    const started = Date.now();
    const code = `CAP-${String(i).padStart(5, '0')}`;
    const job = (await call('owner', 'POST', '/api/jobs', {
      sop: sopKey, code, title: `双十一首页横幅 ${i}`, vendorOrgId: orgs['Vendor A'],
      assignees: { qa: users.qa, manager: users.manager }, references: { banner: reference.id },
      fields: { budget: 1000 + i, contractNo: `HT-${i}`, priority: 'normal' },
    })) as { id: string; workflowId: string };
    const rework = reworkEvery > 0 && i % reworkEvery === reworkEvery - 1;
    workflowIds.push({ workflowId: job.workflowId, rework });
    for (let round = 1; round <= (rework ? 2 : 1); round++) {
      await waitJob(job.id, draftOpen(round), `draft round ${round}`, round);
      await submit(job.id, code, i, round);
      await waitJob(job.id, qaOpen, `QA round ${round}`, round);
      const reject = rework && round === 1;
      await call('qa', 'POST', `/api/jobs/${job.id}/steps/qa/review`, reject ? { decision: 'rejected', reasons: ['TEXT_ERROR'], comment: '文案需调整' } : { decision: 'approved', comment: '通过' });
    }
    await waitJob(job.id, (view) => view.status === 'completed', 'completion', rework ? 2 : 1);
    latencies.push(Date.now() - started);
  };
  const runAll = async (from: number, count: number, parallel: number) => {
    let next = from;
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        while (next < from + count) await runJob(next++);
      }),
    );
  };

  say('2 warm-up jobs (JIT, OCR models, caches)…');
  await runAll(0, 2, 2);
  workflowIds.length = 0;
  latencies.length = 0;
  // Background work with no jobs moving (pollers, the dispatcher's outbox reads, Temporal's own timers), over 10 s.
  const idleStart = { at: Date.now(), worker: treeCpuSeconds(worker.pid!), api: treeCpuSeconds(api.pid!), postgres: treeCpuSeconds(pgPid), temporal: temporalCpu() };
  await sleep(10_000);
  const idleSeconds = (Date.now() - idleStart.at) / 1000;
  const idleCores = {
    worker: (treeCpuSeconds(worker.pid!) - idleStart.worker) / idleSeconds,
    api: (treeCpuSeconds(api.pid!) - idleStart.api) / idleSeconds,
    postgres: (treeCpuSeconds(pgPid) - idleStart.postgres) / idleSeconds,
    temporal: (temporalCpu() - idleStart.temporal) / idleSeconds,
  };

  interface Snapshot { at: number; cpu: Record<'worker' | 'api' | 'postgres' | 'temporal', number>; db: DatabaseFigures; temporalDbBytes: number; files: { files: number; bytes: number } }
  const snapshot = async (): Promise<Snapshot> => ({
    at: Date.now(),
    cpu: { worker: treeCpuSeconds(worker.pid!), api: treeCpuSeconds(api.pid!), postgres: treeCpuSeconds(pgPid), temporal: temporalCpu() },
    db: await databaseFigures(test.db),
    temporalDbBytes: await temporalDbBytes(),
    files: folderBytes(path.join(dataDir, 'files')),
  });
  const before = await snapshot();
  const loadBefore = loadAverage();
  say(`${jobs} jobs, ${concurrency} at a time, every ${reworkEvery}th rejected once… (load ${loadBefore})`);
  await runAll(2, jobs, concurrency);
  // Let the worker finish what follows completion (outbox notices, audit rows) before reading the CPU.
  await sleep(3000);
  const after = await snapshot();
  const loadAfter = loadAverage();
  const rss = { worker: treeRssMb(worker.pid!), api: treeRssMb(api.pid!) };
  const seconds = (after.at - before.at) / 1000;

  const connection = await Connection.connect({ address: temporalAddress });
  const client = new Client({ connection });
  const histories: Array<{ events: number; bytes: number; continuedAsNew: boolean }> = [];
  for (const { workflowId } of workflowIds) {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const first = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    histories.push({ events: history.events?.length ?? 0, bytes: temporal.api.history.v1.History.encode(history).finish().length, continuedAsNew: Boolean(first?.continuedExecutionRunId) });
  }
  await connection.close();
  const reworked = workflowIds.map((w) => w.rework);
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

  const rowsPerJob: Record<string, number> = {};
  const bytesPerJob: Record<string, number> = {};
  for (const table of Object.keys(after.db.rows)) {
    const rows = after.db.rows[table]! - (before.db.rows[table] ?? 0);
    const bytes = after.db.bytes[table]! - (before.db.bytes[table] ?? 0);
    if (rows !== 0) rowsPerJob[table] = rows / jobs;
    if (bytes !== 0) bytesPerJob[table] = bytes / jobs;
  }
  const stepRuns = rowsPerJob.StepRun ?? 0;
  const cpuPerJob = Object.fromEntries(Object.entries(after.cpu).map(([k, v]) => [k, (v - before.cpu[k as keyof Snapshot['cpu']]) / jobs]));

  // Reads: one job (manager, a random job of this run) and the job list (owner), each for readSeconds.
  const jobIds = (await prisma.job.findMany({ select: { id: true } })).map((j) => j.id);
  const reads: Record<string, { requests: number; perSecond: number; p50: number; p95: number; errors: number; apiCpuPerRequestMs: number; load: string }> = {};
  for (const [name, who, pick] of [
    ['GET /api/jobs/:id', 'manager', () => `/api/jobs/${jobIds[Math.floor(Math.random() * jobIds.length)]}`],
    ['GET /api/jobs?status=completed&limit=50', 'owner', () => '/api/jobs?status=completed&limit=50'],
  ] as const) {
    const cpuBefore = treeCpuSeconds(api.pid!);
    const times: number[] = [];
    let errors = 0;
    const instance = autocannon({ url: base, connections: 20, duration: readSeconds, headers: { authorization: `Bearer ${tokens[who]}` }, requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: pick() }) }] }) as unknown as autocannon.Instance & Promise<autocannon.Result>;
    (instance as autocannon.Instance).on('response', (_c, status, _b, time) => {
      if (status !== 200) errors += 1;
      times.push(time);
    });
    const result = await instance;
    times.sort((a, b) => a - b);
    const at = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)] ?? NaN;
    reads[name] = { requests: times.length, perSecond: times.length / result.duration, p50: at(50), p95: at(95), errors, apiCpuPerRequestMs: ((treeCpuSeconds(api.pid!) - cpuBefore) * 1000) / Math.max(1, times.length), load: loadAverage() };
  }

  const sortedLatency = [...latencies].sort((a, b) => a - b);
  const report = {
    command: `npm run bench:capacity -- --jobs ${jobs} --concurrency ${concurrency} --rework-every ${reworkEvery} --read-seconds ${readSeconds}${withChecks ? '' : ' --checks off'}${temporalKind === 'postgres' ? ' --temporal postgres' : ''}`,
    temporal: temporalKind,
    checks: withChecks,
    date: new Date().toISOString(),
    node: process.version,
    cores: os.cpus().length,
    load: { before: loadBefore, after: loadAfter },
    jobs,
    reworked: reworked.filter(Boolean).length,
    wallSeconds: seconds,
    jobsPerMinuteObserved: (jobs / seconds) * 60,
    jobLatencyMs: { p50: sortedLatency[Math.floor(sortedLatency.length / 2)], max: sortedLatency.at(-1) },
    cpuSecondsPerJob: cpuPerJob,
    idleCores,
    stepRunsPerJob: stepRuns,
    stepTransitionsPerWorkerCpuSecond: stepRuns / cpuPerJob.worker!,
    historyPerJob: {
      events: mean(histories.map((h) => h.events)),
      bytes: mean(histories.map((h) => h.bytes)),
      eventsFirstPass: mean(histories.filter((_, k) => !reworked[k]).map((h) => h.events)),
      eventsOneRework: mean(histories.filter((_, k) => reworked[k]).map((h) => h.events)),
      maxEvents: Math.max(...histories.map((h) => h.events)),
      continuedAsNew: histories.filter((h) => h.continuedAsNew).length,
    },
    database: {
      rowsPerJob,
      bytesPerJob,
      totalRowsPerJob: Object.values(rowsPerJob).reduce((a, b) => a + b, 0),
      tableBytesPerJob: Object.values(bytesPerJob).reduce((a, b) => a + b, 0),
      databaseBytesPerJob: (after.db.databaseBytes - before.db.databaseBytes) / jobs,
      temporalDatabasesBytesPerJob: (after.temporalDbBytes - before.temporalDbBytes) / jobs,
      walBytesPerJob: (await walBytesBetween(test.db, before.db.walLsn, after.db.walLsn)) / jobs,
    },
    filesPerJob: { files: (after.files.files - before.files.files) / jobs, bytes: (after.files.bytes - before.files.bytes) / jobs },
    rssMbAfter: rss,
    reads,
  };
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');

  await cleanUp();
}

main().catch(async (error: unknown) => {
  process.stderr.write(`bench:capacity failed: ${(error as Error).stack ?? String(error)}\n`);
  if (process.env.BENCH_KEEP !== '1') await cleanUp();
  process.exit(1);
});
