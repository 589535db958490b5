/**
 * API read benchmark: `GET /api/jobs/:id` and a filtered job list under 50
 * concurrent connections (autocannon, loopback), for an internal user and a
 * vendor user, with 10,000 jobs in PostgreSQL: the embedded server (the
 * product's default), or an external one with TEST_DATABASE_URL.
 *
 *   npm run bench:api [-- --duration 10 --connections 50]
 *   TEST_DATABASE_URL=postgres://user:pw@127.0.0.1:5432/postgres npm run bench:api
 *
 * A scratch database is created on the server (and dropped at the end), the
 * demo tenant seeded, and the jobs with three StepRuns each written
 * with createMany (no workflows: reads need none), a risk model and a scored
 * risk on every active step. The app runs in a child
 * process (bench/api-bench-server.ts); latencies are every response's own time,
 * so p95 is exact. Targets: p95 < 25 ms for one job, < 50 ms for the list, and
 * (issue 17) p95 ≤ 1.3× a bare Express + pg server running the same SQL
 * (bench/api-bare-server.ts), measured in the same run for the manager's reads.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { seedDemoTenant } from '../platform/seed/demo-tenant';
import { LocalFileStorage } from '../platform/storage/file-storage';
import type { Prisma } from '../platform/db/prisma-types';
import { openTestDatabase, type TestDatabase } from '../tests/support/test-database';
import { startTestPostgres } from '../tests/support/test-postgres';

const PASSWORD = 'bench-password';
const JOBS = 10_000;
const HOUR = 3_600_000;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

const STATUSES = ['running', 'running', 'running', 'running', 'completed', 'completed', 'completed', 'completed', 'cancelled', 'stuck'] as const;

/** 10,000 jobs over ~104 days, alternating Vendor A / Vendor B, with the steps their status implies. */
async function insertJobs(test: TestDatabase, vendorIds: string[], ownerId: string): Promise<Record<string, string[]>> {
  const prisma = test.db.prisma;
  const now = Date.now();
  const byVendor: Record<string, string[]> = Object.fromEntries(vendorIds.map((v) => [v, []]));
  for (let start = 0; start < JOBS; start += 1000) {
    const jobs: Prisma.JobCreateManyInput[] = [];
    const steps: Prisma.StepRunCreateManyInput[] = [];
    for (let i = start; i < start + 1000; i += 1) {
      const id = `bench-job-${String(i).padStart(5, '0')}`;
      const vendorOrgId = vendorIds[i % vendorIds.length]!;
      const status = STATUSES[i % STATUSES.length]!;
      const createdAt = new Date(now - (JOBS - i) * 15 * 60_000);
      const finished = status === 'completed' || status === 'cancelled';
      byVendor[vendorOrgId]!.push(id);
      jobs.push({
        id, code: `BENCH-${i}`, title: `Bench job ${i} 双十一横幅`, sopKey: 'store-decoration', sopVersion: 1, vendorOrgId, ownerId,
        workflowId: `bench-wf-${i}`, status, createdAt, completedAt: finished ? new Date(createdAt.getTime() + 30 * HOUR) : null,
        assignees: { owner: ownerId }, fields: { budget: 1000 + i, contractNo: `HT-${i}`, priority: 'normal' },
      });
      const at = (hours: number) => new Date(createdAt.getTime() + hours * HOUR);
      steps.push({ jobId: id, nodeId: 'draft', type: 'task', round: 1, status: 'done', activatedAt: at(0), dueAt: at(24), completedAt: at(20), outcome: 'submitted', assigneeRole: 'vendor' });
      if (finished) {
        steps.push({ jobId: id, nodeId: 'auto', type: 'check', round: 1, status: 'done', activatedAt: at(20), completedAt: at(20.1), outcome: 'passed' });
        steps.push({ jobId: id, nodeId: 'qa', type: 'review', round: 1, status: status === 'completed' ? 'done' : 'cancelled', activatedAt: at(20.1), dueAt: at(44), completedAt: at(30), outcome: status === 'completed' ? 'approved' : null, assigneeRole: 'qa' });
      } else {
        steps.push({ jobId: id, nodeId: 'auto', type: 'check', round: 1, status: 'done', activatedAt: at(20), completedAt: at(20.1), outcome: 'failed' });
        steps.push({ jobId: id, nodeId: 'draft', type: 'task', round: 2, status: 'active', activatedAt: at(20.1), dueAt: at(44), assigneeRole: 'vendor' });
      }
    }
    await prisma.job.createMany({ data: jobs });
    await prisma.stepRun.createMany({ data: steps });
  }
  return byVendor;
}

const BARE_TOKEN = 'bench-bare-token';

/** The product (`api-bench-server.ts`) or the bare baseline (`api-bare-server.ts`) in a child process. */
function startServer(script: 'api-bench-server.ts' | 'api-bare-server.ts', url: string, files: string): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, script), [], {
      // BENCH_API_PROFILE=dir writes a CPU profile of the product's server there (open it in Chrome DevTools).
      execArgv: ['--import', 'tsx', ...(process.env.BENCH_API_PROFILE && script === 'api-bench-server.ts' ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_API_PROFILE}`] : [])],
      env: { ...process.env, BENCH_API_DATABASE_URL: url, BENCH_API_FILES: files, BENCH_BARE_TOKEN: BARE_TOKEN },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', (m) => resolve({ child, port: (m as { port: number }).port }));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

/** Disconnects a server child and waits for it to exit (it drains, then closes its pool), at most 10 s. */
function stopped(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (child.connected) child.disconnect();
  });
}

/** Bytes of one answer to `path` (the bench compares like with like). */
async function answerBytes(base: string, token: string, urlPath: string): Promise<number> {
  const res = await fetch(`${base}${urlPath}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`${urlPath}: ${res.status}`);
  return (await res.arrayBuffer()).byteLength;
}

interface Figures {
  requests: number;
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

async function load(url: string, token: string, paths: () => string, seconds: number, connections: number): Promise<Figures> {
  const times: number[] = [];
  let errors = 0;
  // Without a callback autocannon returns its instance, which is also a promise of the result.
  const instance = autocannon({
    url,
    connections,
    duration: seconds,
    headers: { authorization: `Bearer ${token}` },
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths() }) }],
  }) as unknown as autocannon.Instance & Promise<autocannon.Result>;
  (instance as autocannon.Instance).on('response', (_client, status, _bytes, time) => {
    if (status !== 200) errors += 1;
    times.push(time);
  });
  const result = await instance;
  times.sort((a, b) => a - b);
  return {
    requests: times.length,
    throughput: times.length / result.duration,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    errors: errors + result.errors + result.timeouts,
  };
}

async function login(base: string, who: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `${who}@demo.test`, password: PASSWORD }) });
  if (!res.ok) throw new Error(`login ${who}: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

async function main(): Promise<void> {
  const seconds = option('duration', 10);
  const connections = option('connections', 50);
  const external = Boolean(process.env.TEST_DATABASE_URL);
  const embedded = external ? undefined : await startTestPostgres({ durable: true });
  const test = await openTestDatabase({ server: external ? 'external' : 'embedded' });
  const files = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-api-bench-'));
  let child: ChildProcess | undefined;
  let bareChild: ChildProcess | undefined;
  try {
    await seedDemoTenant(test.db, new LocalFileStorage(files), PASSWORD, { demoMode: true });
    const prisma = test.db.prisma;
    const orgs = Object.fromEntries((await prisma.org.findMany()).map((o) => [o.name, o.id]));
    const ownerId = (await prisma.user.findUniqueOrThrow({ where: { email: 'owner@demo.test' } })).id;
    const began = Date.now();
    const byVendor = await insertJobs(test, [orgs['Vendor A']!, orgs['Vendor B']!], ownerId);
    // A trained risk model and a scored risk on every active step, as the nightly pass leaves them: staff's job reads carry them.
    await prisma.$executeRawUnsafe(`INSERT INTO "RiskModel" (id, status, model, "finishedSteps") VALUES ('bench-model', 'trained', '{"threshold": 0.6}', 5000)`);
    await prisma.$executeRawUnsafe(`INSERT INTO "StepRisk" ("stepRunId", "jobId", probability, "atRisk", factors, "modelId", "scoredAt")
      SELECT s.id, s."jobId", (abs(hashtext(s.id)) % 1000) / 1000.0, (abs(hashtext(s.id)) % 1000) >= 600, '[{"feature":"vendorLateRate","contribution":0.4}]', 'bench-model', now()
        FROM "StepRun" s WHERE s.status = 'active'`);
    await prisma.$executeRawUnsafe('ANALYZE');
    const [jobs, steps] = [await prisma.job.count(), await prisma.stepRun.count()];
    console.log(`inserted ${jobs} jobs, ${steps} step runs in ${((Date.now() - began) / 1000).toFixed(1)} s`);

    const server = await startServer('api-bench-server.ts', test.url, files);
    child = server.child;
    const bare = await startServer('api-bare-server.ts', test.url, files);
    bareChild = bare.child;
    const bareBase = `http://127.0.0.1:${bare.port}`;
    const base = `http://127.0.0.1:${server.port}`;
    const tokens = { internal: await login(base, 'manager'), vendor: await login(base, 'vendor-a') };
    const allIds = Object.values(byVendor).flat();
    const vendorIds = byVendor[orgs['Vendor A']!]!;
    const pick = (ids: string[]) => () => `/api/jobs/${ids[Math.floor(Math.random() * ids.length)]!}`;
    const list = () => `/api/jobs?status=running&vendorOrgId=${orgs['Vendor A']!}&limit=50`;
    const scenarios = [
      { name: 'GET /api/jobs/:id', who: 'internal (manager)', token: tokens.internal, paths: pick(allIds), target: 25 },
      { name: 'GET /api/jobs/:id', who: 'vendor (vendor-a)', token: tokens.vendor, paths: pick(vendorIds), target: 25 },
      { name: 'GET /api/jobs?status=running&vendorOrgId=…&limit=50', who: 'internal (manager)', token: tokens.internal, paths: list, target: 50 },
      { name: 'GET /api/jobs?status=running&vendorOrgId=…&limit=50', who: 'vendor (vendor-a)', token: tokens.vendor, paths: list, target: 50 },
    ];
    const rows: string[] = [];
    const ratios: string[] = [];
    const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1]!.split(',').map(Number) : undefined;
    const sample = allIds[0]!;
    for (const [i, s] of scenarios.entries()) {
      if (only && !only.includes(i + 1)) continue;
      await load(base, s.token, s.paths, 3, connections); // warm-up
      const f = await load(base, s.token, s.paths, seconds, connections);
      const met = f.p95 < s.target ? 'met' : 'missed';
      rows.push(`| \`${s.name}\` | ${s.who} | ${f.throughput.toFixed(0)} | ${f.p50.toFixed(1)} | ${f.p95.toFixed(1)} | ${f.p99.toFixed(1)} | ${f.errors} | < ${s.target} ms: **${met}** |`);
      console.log(rows.at(-1));
      // The manager's scenarios again on the bare Express + pg server: same SQL, same load, same run.
      if (s.token !== tokens.internal) continue;
      await load(bareBase, BARE_TOKEN, s.paths, 3, connections);
      const b = await load(bareBase, BARE_TOKEN, s.paths, seconds, connections);
      const probe = s.paths === list ? list() : `/api/jobs/${sample}`;
      const [ours, theirs] = [await answerBytes(base, s.token, probe), await answerBytes(bareBase, BARE_TOKEN, probe)];
      const ratio = f.p95 / b.p95;
      ratios.push(`| \`${s.name}\` | ${f.throughput.toFixed(0)} / ${b.throughput.toFixed(0)} | ${f.p95.toFixed(1)} / ${b.p95.toFixed(1)} | **${ratio.toFixed(2)}×** (${ratio <= 1.3 ? 'met' : 'missed'}) | ${ours} / ${theirs} | ${f.errors + b.errors} |`);
      console.log(ratios.at(-1));
    }
    console.log([
      '',
      `${connections} connections, ${seconds} s per scenario after a 3 s warm-up, ${jobs} jobs / ${steps} step runs, Node ${process.version}, ${os.cpus().length} cores`,
      '',
      '| request | caller | req/s | p50 ms | p95 ms | p99 ms | non-200 | p95 target |',
      '|---|---|---:|---:|---:|---:|---:|---|',
      ...rows,
      '',
      'Against a bare Express + pg server running the same SQL (manager, same run; target p95 ≤ 1.3× bare):',
      '',
      '| request | req/s product / bare | p95 ms product / bare | p95 ratio | bytes per answer product / bare | non-200 |',
      '|---|---:|---:|---:|---:|---:|',
      ...ratios,
    ].join('\n'));
  } finally {
    // Both servers close their pools before the database is dropped (else each idle client logs the drop).
    await Promise.all([child, bareChild].map((c) => (c && c.exitCode === null && c.signalCode === null ? stopped(c) : Promise.resolve())));
    await test.cleanup();
    await embedded?.stop();
    fs.rmSync(files, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
