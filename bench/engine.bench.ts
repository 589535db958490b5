/**
 * Engine benchmark: jobs on the 3-step SOP (start → task → review → end)
 * driven by Updates through a real Temporal dev server, against a bare
 * workflow doing the same Updates and timers (bench/bare-workflow.ts).
 *
 *   npm run bench:engine -- [--jobs 500] [--concurrency 32] [--open 1000] [--no-gc] [--no-write]
 *
 * What is measured (same server, same machine, one after the other, each after a warm-up):
 *  - throughput: human step transitions (Updates that completed a step) per second
 *    of wall time, `--jobs` jobs × 2 Updates, `--concurrency` jobs in flight;
 *  - latency: from `executeUpdate` sent to its result. The submit/review handler
 *    completes the step and enters the next one before it returns, so the result
 *    arriving means the next step is already active: this *is* "Update sent →
 *    next step active" without a query round trip;
 *  - RSS of a worker process of its own with `--open` jobs open at their task step, all held in
 *    the worker's workflow cache, and with the product's default cache cap; each as the high-water
 *    mark and, unless `--no-gc`, after a forced full GC in the worker (node --expose-gc, a `gc`
 *    command on its stdin: tests/support/worker-process.ts) — the live set;
 *  - the ratio engine ÷ bare of wall time per Update (target ≤ 1.2), RSS (target < 600 MB) and
 *    RSS per cached job engine ÷ bare after GC (target ≤ 1.3);
 *  - the load average before and after (a 2-core machine shared with other work is noisy).
 * Results replace the "Engine" section of docs/BENCHMARKS.md (other sections are kept).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Connection, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker, bundleWorkflowCode, DefaultLogger, Runtime } from '@temporalio/worker';
import type { JobInput } from '../core/jobs/contract';
import { ensureTemporalCli } from '../platform/temporal/cli-binary';
import { DEFAULT_MAX_CACHED_WORKFLOWS } from '../platform/config';
import { startDevServer } from '../platform/temporal/dev-server';
import { memoryActivities } from '../tests/support/memory-activities';
import { jobInput, minimalReviewSop, owner, qa, vendor } from '../tests/support/sop-builder';
import { cancelSignal, reviewUpdate, stateQuery, submitUpdate } from '../workflows/definitions';
import type { jobWorkflow } from '../workflows/job-workflow';
import { spawnWorkerProcess } from '../tests/support/worker-process';
import { workflowBundle } from '../worker/create-worker';
import { advanceUpdate, type bareWorkflow } from './bare-workflow';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const JOBS = arg('jobs', 500);
const CONCURRENCY = arg('concurrency', 32);
const OPEN = arg('open', 1000);
const WARMUP = Math.min(50, JOBS);
const WRITE = !process.argv.includes('--no-write');
const GC = !process.argv.includes('--no-gc');
const BENCHMARKS_MD = path.resolve(__dirname, '..', 'docs', 'BENCHMARKS.md');

Runtime.install({ logger: new DefaultLogger('WARN') });

interface RunResult {
  label: string;
  updates: number;
  seconds: number;
  latencies: number[];
  retries: number;
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `count` drivers with at most `concurrency` in flight. */
async function pool(count: number, concurrency: number, drive: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await drive(next++);
    }),
  );
}

/** An Update that may race the workflow's first task: retried while the step is not active yet. */
async function update<T>(send: () => Promise<T>, result: RunResult): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const t0 = performance.now();
    try {
      const value = await send();
      result.latencies.push(performance.now() - t0);
      return value;
    } catch (error) {
      const type = error instanceof WorkflowUpdateFailedError ? (error.cause as { type?: string } | undefined)?.type : undefined;
      const notYet = type === 'STEP_NOT_ACTIVE' || /not active/.test((error as { cause?: Error }).cause?.message ?? '');
      if (!notYet || attempt > 50) throw error;
      result.retries += 1;
      await sleep(5);
    }
  }
}

async function runEngine(client: Client, taskQueue: string, base: JobInput, prefix: string, jobs: number): Promise<RunResult> {
  const result: RunResult = { label: 'engine', updates: 0, seconds: 0, latencies: [], retries: 0 };
  const t0 = performance.now();
  await pool(jobs, CONCURRENCY, async (i) => {
    const input = { ...base, jobId: `${prefix}-${i}` };
    const handle: WorkflowHandle<typeof jobWorkflow> = await client.workflow.start<typeof jobWorkflow>('jobWorkflow', {
      taskQueue,
      workflowId: input.jobId,
      args: [input],
    });
    const files = [{ deliverable: 'banner', fileId: `f-${i}` }];
    await update(() => handle.executeUpdate(submitUpdate, { args: [{ nodeId: 'draft', actor: vendor, files }] }), result);
    await update(() => handle.executeUpdate(reviewUpdate, { args: [{ nodeId: 'review', actor: qa, decision: 'approved' }] }), result);
    const final = await handle.result();
    if (final.status !== 'completed') throw new Error(`${input.jobId} ended ${final.status}`);
    result.updates += 2;
  });
  result.seconds = (performance.now() - t0) / 1000;
  return result;
}

async function runBare(client: Client, taskQueue: string, prefix: string, jobs: number): Promise<RunResult> {
  const result: RunResult = { label: 'bare', updates: 0, seconds: 0, latencies: [], retries: 0 };
  const t0 = performance.now();
  await pool(jobs, CONCURRENCY, async (i) => {
    const handle: WorkflowHandle<typeof bareWorkflow> = await client.workflow.start<typeof bareWorkflow>('bareWorkflow', {
      taskQueue,
      workflowId: `${prefix}-${i}`,
      args: [2],
    });
    await update(() => handle.executeUpdate(advanceUpdate, { args: [0] }), result);
    await update(() => handle.executeUpdate(advanceUpdate, { args: [1] }), result);
    if ((await handle.result()) !== 2) throw new Error('bare workflow did not finish its steps');
    result.updates += 2;
  });
  result.seconds = (performance.now() - t0) / 1000;
  return result;
}

async function withWorker<T>(
  address: string,
  options: { taskQueue: string; bundle: Awaited<ReturnType<typeof workflowBundle>>; activities?: object; maxCachedWorkflows?: number },
  work: () => Promise<T>,
): Promise<T> {
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    taskQueue: options.taskQueue,
    workflowBundle: options.bundle,
    activities: options.activities,
    ...(options.maxCachedWorkflows ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
  });
  const running = worker.run();
  try {
    return await work();
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
  }
}

function summary(r: RunResult) {
  const sorted = [...r.latencies].sort((a, b) => a - b);
  return {
    perSecond: r.updates / r.seconds,
    msPerUpdate: (r.seconds * 1000) / r.updates,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
  };
}

interface RssResult {
  rssMb: number;
  idleRssMb: number;
  /** After a forced full GC with the jobs still open (undefined with --no-gc). */
  gcRssMb: number | undefined;
  /** After a forced full GC before the jobs started. */
  idleGcRssMb: number | undefined;
  /** V8 heap in use after those two GCs. */
  heapMb: number | undefined;
  idleHeapMb: number | undefined;
}

/**
 * RSS of a worker process of its own (tests/support/worker-process.ts) holding
 * `OPEN` open workflows in its cache: `start(i)` starts one, `ready(i)` polls
 * until its first task has run, `close(i)` ends it.
 */
async function openWorkflowsRss(
  address: string,
  taskQueue: string,
  workflowsPath: string | undefined,
  bundleFile: string,
  maxCachedWorkflows: number,
  job: { start(i: number): Promise<void>; ready(i: number): Promise<boolean>; close(i: number): Promise<void> },
): Promise<RssResult> {
  const worker = await spawnWorkerProcess({ address, taskQueue, maxCachedWorkflows, workflowsPath, bundleFile, exposeGc: GC });
  const afterGc = async () => {
    if (!GC) return { rss: undefined, heap: undefined };
    const { heapUsedMb } = await worker.gc();
    await sleep(500);
    return { rss: worker.rssMb(), heap: heapUsedMb };
  };
  try {
    const idleRssMb = worker.rssMb();
    const idle = await afterGc();
    await pool(OPEN, CONCURRENCY, (i) => job.start(i));
    await pool(OPEN, CONCURRENCY, async (i) => {
      while (!(await job.ready(i))) await sleep(20);
    });
    await sleep(1000);
    const rssMb = worker.rssMb();
    const open = await afterGc();
    await pool(OPEN, CONCURRENCY, (i) => job.close(i));
    return { rssMb, idleRssMb, gcRssMb: open.rss, idleGcRssMb: idle.rss, heapMb: open.heap, idleHeapMb: idle.heap };
  } finally {
    await worker.stop();
  }
}

async function engineRss(address: string, client: Client, base: JobInput, prefix: string, bundleFile: string, maxCachedWorkflows = OPEN + 100): Promise<RssResult> {
  const taskQueue = `${prefix}-open-engine-${maxCachedWorkflows}`;
  const handle = (i: number) => client.workflow.getHandle<typeof jobWorkflow>(`${prefix}-open-${i}`);
  return openWorkflowsRss(address, taskQueue, undefined, bundleFile, maxCachedWorkflows, {
    async start(i) {
      const input = { ...base, jobId: `${prefix}-open-${i}` };
      await client.workflow.start<typeof jobWorkflow>('jobWorkflow', { taskQueue, workflowId: input.jobId, args: [input] });
    },
    async ready(i) {
      return (await handle(i).query(stateQuery)).active.draft !== undefined;
    },
    async close(i) {
      await handle(i).signal(cancelSignal, { actor: owner, reason: 'bench done' });
    },
  });
}

async function bareRss(address: string, client: Client, prefix: string, bundleFile: string): Promise<RssResult> {
  const taskQueue = `${prefix}-open-bare`;
  const handle = (i: number) => client.workflow.getHandle<typeof bareWorkflow>(`${prefix}-open-bare-${i}`);
  return openWorkflowsRss(address, taskQueue, require.resolve('./bare-workflow'), bundleFile, OPEN + 100, {
    async start(i) {
      await client.workflow.start<typeof bareWorkflow>('bareWorkflow', { taskQueue, workflowId: `${prefix}-open-bare-${i}`, args: [2] });
    },
    async ready(i) {
      // Accepted only once the first task has run (the handler is set then).
      await handle(i).executeUpdate(advanceUpdate, { args: [0] });
      return true;
    },
    async close(i) {
      await handle(i).terminate('bench done');
    },
  });
}

function writeSection(markdown: string): void {
  const start = '<!-- engine-bench:start -->';
  const end = '<!-- engine-bench:end -->';
  const section = `${start}\n${markdown.trim()}\n${end}`;
  // Read just before writing: another section may have been added meanwhile.
  const current = fs.existsSync(BENCHMARKS_MD) ? fs.readFileSync(BENCHMARKS_MD, 'utf8') : '# Benchmarks\n';
  const a = current.indexOf(start);
  const b = current.indexOf(end);
  const next = a >= 0 && b > a ? current.slice(0, a) + section + current.slice(b + end.length) : `${current.trimEnd()}\n\n${section}\n`;
  fs.mkdirSync(path.dirname(BENCHMARKS_MD), { recursive: true });
  fs.writeFileSync(BENCHMARKS_MD, next);
}

async function main(): Promise<void> {
  const cli = await ensureTemporalCli();
  const server = await startDevServer({ cli, headless: true });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const base = jobInput(minimalReviewSop({ due: { after: 'P1D' } } as object, { due: { after: 'P1D' } } as object));
  const stamp = Date.now().toString(36);
  const loadBefore = os.loadavg();
  try {
    const engineBundle = await workflowBundle();
    const bareBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./bare-workflow'), logger: new DefaultLogger('WARN') });
    const engineQueue = `bench-engine-${stamp}`;
    const bareQueue = `bench-bare-${stamp}`;
    const activities = memoryActivities();
    // Interleaved: engine, bare, engine, bare — the better of two runs each (a 2-core machine is noisy).
    const engineRuns: RunResult[] = [];
    const bareRuns: RunResult[] = [];
    for (let round = 0; round < 2; round++) {
      engineRuns.push(
        await withWorker(server.address, { taskQueue: engineQueue, bundle: engineBundle, activities }, async () => {
          if (round === 0) await runEngine(client, engineQueue, base, `warm-engine-${stamp}`, WARMUP);
          return runEngine(client, engineQueue, base, `engine-${stamp}-${round}`, JOBS);
        }),
      );
      activities.events.length = 0;
      activities.notices.length = 0;
      activities.submissions.length = 0;
      activities.reviews.length = 0;
      bareRuns.push(
        await withWorker(server.address, { taskQueue: bareQueue, bundle: bareBundle }, async () => {
          if (round === 0) await runBare(client, bareQueue, `warm-bare-${stamp}`, WARMUP);
          return runBare(client, bareQueue, `bare-${stamp}-${round}`, JOBS);
        }),
      );
    }
    const best = (runs: RunResult[]) => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const engine = summary(best(engineRuns));
    const bare = summary(best(bareRuns));
    // The worker processes run prebuilt bundles, as the production image does (WORKFLOW_BUNDLE_DIR): webpack's own
    // memory is not part of a worker's footprint there.
    const bundles = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-engine-bundles-'));
    const engineBundleFile = path.join(bundles, 'engine.js');
    const bareBundleFile = path.join(bundles, 'bare.js');
    fs.writeFileSync(engineBundleFile, engineBundle.code);
    fs.writeFileSync(bareBundleFile, bareBundle.code);
    const rss = await engineRss(server.address, client, base, `rss-${stamp}`, engineBundleFile);
    const bareMemory = await bareRss(server.address, client, `rss-${stamp}`, bareBundleFile);
    const capped = await engineRss(server.address, client, base, `rss-capped-${stamp}`, engineBundleFile, DEFAULT_MAX_CACHED_WORKFLOWS);
    fs.rmSync(bundles, { recursive: true, force: true });
    const loadAfter = os.loadavg();
    const ratio = engine.msPerUpdate / bare.msPerUpdate;
    const f = (n: number, d = 1) => n.toFixed(d);
    const load = (l: number[]) => l.map((x) => f(x, 2)).join(' / ');
    const perJobKb = (r: RssResult, gc: boolean, cached = OPEN) => (((gc ? r.gcRssMb! : r.rssMb) - (gc ? r.idleGcRssMb! : r.idleRssMb)) * 1024) / cached;
    const heapPerJobKb = (r: RssResult, cached = OPEN) => ((r.heapMb! - r.idleHeapMb!) * 1024) / cached;
    const rows = [
      ['engine (jobWorkflow)', engine],
      ['bare workflow', bare],
    ] as const;
    const met = (ok: boolean) => (ok ? 'met' : '**not met**');
    const gcLines = GC
      ? `- After a forced full GC in the worker (\`--expose-gc\`, a \`gc\` command on its stdin), jobs still open — the live set:
  all ${OPEN} cached: engine **${f(rss.gcRssMb!, 0)} MB** (${f(rss.idleGcRssMb!, 0)} MB idle), bare ${f(bareMemory.gcRssMb!, 0)} MB (${f(bareMemory.idleGcRssMb!, 0)} MB idle);
  per cached job **${f(perJobKb(rss, true), 0)} KB vs ${f(perJobKb(bareMemory, true), 0)} KB, ratio ${f(perJobKb(rss, true) / perJobKb(bareMemory, true), 2)}** (target ≤ 1.3: ${met(perJobKb(rss, true) / perJobKb(bareMemory, true) <= 1.3)}).
  Default cache cap (${DEFAULT_MAX_CACHED_WORKFLOWS}): **${f(capped.gcRssMb!, 0)} MB** (target < 600 MB: ${met(capped.gcRssMb! < 600)}), ${f(perJobKb(capped, true, Math.min(OPEN, DEFAULT_MAX_CACHED_WORKFLOWS)), 0)} KB per cached job.
  V8 heap in use after the GC (all threads; RSS also keeps pages V8 does not hand back): engine ${f(rss.heapMb!, 0)} MB (${f(rss.idleHeapMb!, 0)} idle), bare ${f(bareMemory.heapMb!, 0)} MB
  (${f(bareMemory.idleHeapMb!, 0)} idle), per cached job ${f(heapPerJobKb(rss), 0)} KB vs ${f(heapPerJobKb(bareMemory), 0)} KB, ratio ${f(heapPerJobKb(rss) / heapPerJobKb(bareMemory), 2)};
  capped ${f(capped.heapMb!, 0)} MB.
`
      : '';
    const markdown = `## Engine (bench/engine.bench.ts)

\`npm run bench:engine\` — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}, ${JOBS} jobs × 2 Updates each, ${CONCURRENCY} jobs in flight,
Temporal dev server (CLI ${path.basename(cli)}, in memory) and one in-process worker on the same ${os.cpus().length}-core machine.
Load average (1 / 5 / 15 min) before: ${load(loadBefore)}; after: ${load(loadAfter)}.
SOP: start → task (due P1D) → review (due P1D) → end; memory activities. Bare: bench/bare-workflow.ts, 2 steps, one timer per step,
one Update per step, no activities. Best of 2 interleaved runs after a ${WARMUP}-job warm-up.
Latency = \`executeUpdate\` sent → result; the handler enters the next step before returning, so this is "Update sent → next step active".

| workflow | step transitions/s | ms wall per Update | Update p50 ms | Update p95 ms |
|---|---|---|---|---|
${rows.map(([name, s]) => `| ${name} | ${f(s.perSecond)} | ${f(s.msPerUpdate, 2)} | ${f(s.p50)} | ${f(s.p95)} |`).join('\n')}

- Ratio engine ÷ bare (wall time per Update): **${f(ratio, 2)}** (target ≤ 1.2: ${met(ratio <= 1.2)}); p50 ratio ${f(engine.p50 / bare.p50, 2)}, p95 ratio ${f(engine.p95 / bare.p95, 2)}.
- Worker RSS with ${OPEN} open jobs (all at their task step, all in the workflow cache; a worker process of its own,
  tests/support/worker-process.ts, VmRSS from /proc), high-water mark: **${f(rss.rssMb, 0)} MB**; ${f(rss.idleRssMb, 0)} MB idle before the jobs started.
  The bare workflow in the same setting: ${f(bareMemory.rssMb, 0)} MB (${f(bareMemory.idleRssMb, 0)} MB idle); ratio ${f(rss.rssMb / bareMemory.rssMb, 2)},
  per open workflow ${f(perJobKb(rss, false), 0)} KB vs ${f(perJobKb(bareMemory, false), 0)} KB.
- Worker RSS with ${OPEN} open jobs and the product's default cache (\`WORKER_MAX_CACHED_WORKFLOWS\` = ${DEFAULT_MAX_CACHED_WORKFLOWS}; the
  other jobs stay open in Temporal and are replayed on their next event), high-water mark: **${f(capped.rssMb, 0)} MB**.
${gcLines}
Notes:
- Bookkeeping (events, notices, submissions, reviews) runs as *local* activities, and everything one workflow
  activation decides — a step's completion, the next steps' entry and their notices — goes out in one call.
  Since patch \`update-one-bookkeeping-call\` a submit or review Update makes **one** local activity call: its row and
  the transition it causes in one transaction (workflows/job-update-batch.ts); before it, two (the row, then the batch).
  The bare workflow makes none.
- This 2-core machine runs the server, worker and client together: ratios move by ±20 % from run to run.
- High-water RSS after 1,000 jobs went through the cache holds garbage V8 has not returned yet; the after-GC line is the live set.
`;
    process.stdout.write(markdown + '\n');
    if (WRITE) writeSection(markdown);
  } finally {
    await connection.close();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
