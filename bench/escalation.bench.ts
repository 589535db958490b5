/**
 * Escalation delivery end to end: 1,000 real job workflows whose step deadline
 * falls on the same instant, through a real worker process (`worker/main.ts`,
 * as `npm run worker` runs it: workflows, bookkeeping activities and the
 * notification dispatcher), to a loopback SMTP server and a signed-webhook
 * receiver configured as the company's e-mail and webhook channels.
 *
 *   npm run bench:escalation -- [--jobs 1000] [--lead-s 30] [--start-lead-s 12] [--phases warm,after-start]
 *   npm run bench:escalation -- --database-url postgres://user:pw@host:5432/postgres
 *
 * It starts PostgreSQL (the embedded server `npm start` runs, durable settings;
 * or a throwaway database on `--database-url`, a role with CREATEDB), the
 * Temporal dev server (SQLite file, as `npm start`), the receivers (in this
 * process) and a worker process. Per phase, `--jobs` new jobs of an SOP whose
 * draft step is due in a day with one escalation level at the deadline
 * (`overdue: PT0S`, notify the owner) are started, all due on one instant
 * `--lead-s` ahead: each workflow starts from the state a job carries across
 * continue-as-new (draft active since yesterday, due at the instant), the read
 * model (Job, StepRun rows) as the workflow recorded it. Once every workflow
 * has set its deadline timer, two phases:
 *  1. warm: the worker that started the jobs, running a while;
 *  2. after start: the worker is stopped and a new one is started
 *     `--start-lead-s` before the instant (empty workflow cache, code not yet
 *     compiled by V8).
 * Measured per job: deadline → e-mail arrival, deadline → webhook arrival
 * (`notice.escalation`), and from the database deadline → outbox row written
 * (Notification.createdAt: the transaction's start); from the histories of
 * 100 of the jobs: deadline → timer fired, → the workflow task it caused
 * started (handed to the worker's poll), → completed (its bookkeeping local
 * activity included). BENCH_WORKER_NODE_OPTIONS is passed to the worker as
 * NODE_OPTIONS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`). Every job must produce
 * exactly one e-mail (Message-ID) and one webhook event (event id); none may
 * arrive before the deadline.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { compileSop } from '../core/sop/compile';
import { validateSop } from '../core/sop/validate';
import type { JobInput, JobState, StepState } from '../core/jobs/contract';
import type { Prisma } from '../platform/db/prisma-types';
import { seedDemoTenant } from '../platform/seed/demo-tenant';
import { LocalFileStorage } from '../platform/storage/file-storage';
import { ensureTemporalCli } from '../platform/temporal/cli-binary';
import { startDevServer } from '../platform/temporal/dev-server';
import { JOB_WORKFLOW_TYPE } from '../workflows/definitions';
import { openTestDatabase, type TestDatabase } from '../tests/support/test-database';
import { startTestPostgres, type TestPostgres } from '../tests/support/test-postgres';
import { randomSecrets, startHttpReceiver } from '../tests/support/notification-http-receiver';
import { startSmtpReceiver } from '../tests/support/notification-smtp-receiver';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const JOBS = Number(arg('--jobs') ?? 1000);
const LEAD_MS = Number(arg('--lead-s') ?? 30) * 1000;
const START_LEAD_MS = Number(arg('--start-lead-s') ?? 12) * 1000;
const DATABASE_URL = arg('--database-url');
const PHASES = (arg('--phases') ?? 'warm,after-start').split(',');
const ROOT = path.join(__dirname, '..');
const TASK_QUEUE = 'bench-escalation';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Stats { n: number; p50: number; p95: number; max: number; min: number }
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
function stats(values: number[]): Stats {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? { n: 0, p50: NaN, p95: NaN, max: NaN, min: NaN } : { n: s.length, p50: pct(s, 50), p95: pct(s, 95), max: s.at(-1)!, min: s[0]! };
}

const definition = {
  schemaVersion: 1, key: 'bench-escalation', name: 'Escalation bench', timezone: 'Asia/Shanghai', roles: ['owner', 'vendor'],
  deliverables: [{ id: 'banner', label: 'Banner', naming: '{job.code}_banner_v{version:2}.{ext:png}', accept: ['image/png'] }],
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'draft', type: 'task', assignee: 'vendor', produces: ['banner'], due: { after: 'P1D' }, escalation: [{ overdue: 'PT0S', notify: ['owner'], message: '设计稿已到期' }] },
    { id: 'done', type: 'end' },
  ],
  edges: [{ from: 'start', to: 'draft' }, { from: 'draft', to: 'done' }],
};

/** The real worker process (worker/main.ts), ready once it polls. */
class WorkerProcess {
  readonly child: ChildProcess;
  readonly spawnedAt = Date.now();
  readyAt: number | undefined;
  readonly ready: Promise<void>;
  readonly exited: Promise<number | null>;

  constructor(env: NodeJS.ProcessEnv, logFile: string) {
    const out = fs.openSync(logFile, 'a');
    this.child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'worker', 'main.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', out] });
    fs.closeSync(out);
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    this.ready = new Promise((resolve, reject) => {
      let seen = '';
      this.child.stdout!.on('data', (chunk: Buffer) => {
        fs.appendFileSync(logFile, chunk);
        if (this.readyAt !== undefined) return;
        seen += chunk.toString();
        if (seen.includes('polling task queue')) {
          this.readyAt = Date.now();
          resolve();
        }
      });
      void this.exited.then((code) => reject(new Error(`worker exited with ${code} before it was ready (log: ${logFile})`)));
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Runs `fn` over `items`, `width` at a time. */
async function pool<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    for (let i = next++; i < items.length; i = next++) await fn(items[i]!);
  }));
}

async function until(what: string, test: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

interface PhaseResult {
  phase: string;
  loadBefore: number[];
  loadAfter: number[];
  /** Worker ready relative to the deadline (ms, negative = before); after-start only. */
  workerReadyMs?: number;
  email: Stats;
  webhook: Stats;
  outbox: Stats;
  duplicates: { email: number; webhook: number };
  early: number;
  /** From the histories of a sample of the jobs: deadline → timer fired, → workflow task started, → completed (its local activity included). */
  history: { timerFired: Stats; taskStarted: Stats; taskCompleted: Stats };
}

/** Deadline → timer fired, → the workflow task it caused started and completed, from a sample of histories. */
async function historyBreakdown(client: Client, workflowIds: string[], dueAt: number): Promise<PhaseResult['history']> {
  const fired: number[] = [];
  const started: number[] = [];
  const completed: number[] = [];
  const step = Math.max(1, Math.floor(workflowIds.length / 100));
  const ms = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) => Number(t?.seconds ?? 0) * 1000 + Math.floor((t?.nanos ?? 0) / 1e6);
  await pool(workflowIds.filter((_, i) => i % step === 0), 8, async (id) => {
    const events = (await client.workflow.getHandle(id).fetchHistory()).events ?? [];
    const i = events.findIndex((e) => e.timerFiredEventAttributes && ms(e.eventTime) >= dueAt - 1000);
    if (i < 0) return;
    const s = events.findIndex((e, k) => k > i && e.workflowTaskStartedEventAttributes);
    const c = events.findIndex((e, k) => k > i && e.workflowTaskCompletedEventAttributes);
    fired.push(ms(events[i]!.eventTime) - dueAt);
    if (s > 0) started.push(ms(events[s]!.eventTime) - dueAt);
    if (c > 0) completed.push(ms(events[c]!.eventTime) - dueAt);
  });
  return { timerFired: stats(fired), taskStarted: stats(started), taskCompleted: stats(completed) };
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-bench-escalation-'));
  fs.chmodSync(work, 0o755);
  const log = (line: string) => process.stdout.write(`[bench] ${new Date().toISOString().slice(11, 23)} ${line}\n`);
  let pg: TestPostgres | undefined;
  let test: TestDatabase | undefined;
  let worker: WorkerProcess | undefined;
  const cleanups: Array<() => Promise<unknown>> = [];
  const mode = DATABASE_URL ? 'external' : 'embedded';
  // Ctrl-C / SIGTERM: stop the worker and the servers too, not only this process.
  const interrupted = (signal: NodeJS.Signals) => {
    void Promise.allSettled(cleanups.reverse().map((c) => c())).then(() => pg?.stop()).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    if (DATABASE_URL) process.env.TEST_DATABASE_URL = DATABASE_URL;
    else pg = await startTestPostgres({ durable: true });
    test = await openTestDatabase({ server: mode });
    const db = test.db;
    const cli = await ensureTemporalCli();
    const temporal = await startDevServer({ cli, headless: true, dbFile: path.join(work, 'temporal.db') });
    cleanups.push(() => temporal.stop());
    const connection = await Connection.connect({ address: temporal.address });
    cleanups.push(() => connection.close());
    const client = new Client({ connection });
    const secrets = randomSecrets();
    const http = await startHttpReceiver(secrets);
    cleanups.push(() => http.close());
    const smtp = await startSmtpReceiver();
    cleanups.push(() => smtp.close());
    log(`PostgreSQL ${mode}, Temporal ${temporal.address}, receivers up; seeding`);

    const prisma = db.prisma;
    await seedDemoTenant(db, new LocalFileStorage(path.join(work, 'files')), 'bench-password', { demoMode: true });
    const owner = await prisma.user.findFirstOrThrow({ where: { email: 'owner@demo.test' } });
    const vendor = await prisma.user.findFirstOrThrow({ where: { email: 'vendor-a@demo.test' } });
    const vendorOrg = await prisma.org.findFirstOrThrow({ where: { name: 'Vendor A' } });
    const valid = validateSop(definition);
    if (!valid.valid || !valid.definition) throw new Error(`bench SOP invalid: ${JSON.stringify(valid.errors)}`);
    const plan = compileSop(valid.definition, 1);
    await prisma.sop.create({ data: { key: definition.key, name: definition.name, ownerId: owner.id, draft: definition as unknown as Prisma.InputJsonValue } });
    await prisma.sopVersion.create({ data: { sopKey: definition.key, version: 1, definition: definition as unknown as Prisma.InputJsonValue, plan: plan as unknown as Prisma.InputJsonValue, publishedById: owner.id } });
    const scope = { scope: 'org' as const, scopeId: owner.orgId };
    await prisma.channelConfig.createMany({
      data: [
        { ...scope, channel: 'email', url: smtp.url, secret: '', settings: { from: 'SOP <notify@sop.example>', tls: false } },
        { ...scope, channel: 'webhook', url: http.urls.webhook, secret: secrets.webhook.secret, settings: { events: ['notice.*'] } },
      ],
    });

    const workerEnv: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: test.url, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_TASK_QUEUE: TASK_QUEUE, DATA_DIR: work,
      PUBLIC_URL: 'http://localhost:3000', NOTIFY_ALLOWED_HOSTS: '127.0.0.1', BACKUP_CRON: 'off', RISK_RETRAIN_CRON: 'off', RISK_SCORE_MINUTES: 'off', FILE_GC: 'off',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      ...(process.env.BENCH_WORKER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_WORKER_NODE_OPTIONS } : {}),
    };
    const workerLog = path.join(work, 'worker.log');
    const startWorker = async () => {
      const w = new WorkerProcess(workerEnv, workerLog);
      cleanups.push(() => w.stop());
      await w.ready;
      return w;
    };
    worker = await startWorker();
    log(`worker ready in ${worker.readyAt! - worker.spawnedAt} ms`);

    const results: PhaseResult[] = [];
    for (const [index, phase] of PHASES.entries()) {
      // The phase's jobs, all due on one instant (see the top of the file).
      const code = (i: number) => `E${index + 1}-${String(i).padStart(5, '0')}`;
      const ids = Array.from({ length: JOBS }, (_, i) => ({ id: `bench-${code(i)}`, code: code(i), workflowId: `job-${code(i)}` }));
      const jobIds = ids.map((j) => j.id);
      const assignees = { owner: owner.id, vendor: vendor.id };
      const dueAt = Math.ceil((Date.now() + LEAD_MS) / 1000) * 1000;
      const activatedAt = dueAt - 86_400_000;
      await prisma.job.createMany({ data: ids.map((j) => ({ ...j, title: `Escalation bench ${j.code}`, sopKey: definition.key, sopVersion: 1, vendorOrgId: vendorOrg.id, ownerId: owner.id, assignees })) });
      await prisma.stepRun.createMany({ data: jobIds.map((jobId) => ({ jobId, nodeId: 'draft', type: 'task', round: 1, status: 'active' as const, activatedAt: new Date(activatedAt), dueAt: new Date(dueAt), assigneeRole: 'vendor' })) });
      const t0 = Date.now();
      await pool(ids, 32, async (j) => {
        const draft: StepState = {
          nodeId: 'draft', type: 'task', round: 1, status: 'active', activatedAt, assigneeRole: 'vendor', dueAt, deadlineEpoch: 0,
          reminders: [], escalations: [{ index: 0, at: dueAt, sent: false }],
        };
        const carried: JobState = { status: 'running', active: { draft }, history: [], rounds: { draft: 1 }, joinArrivals: {}, assignees, latestFiles: {}, transitions: 1, runs: 0 };
        const input: JobInput = { jobId: j.id, code: j.code, title: `Escalation bench ${j.code}`, plan, vendorOrgId: vendorOrg.id, vendorName: vendorOrg.name, assignees, references: {}, carried };
        await client.workflow.start(JOB_WORKFLOW_TYPE, { taskQueue: TASK_QUEUE, workflowId: j.workflowId, args: [input] });
      });
      // Every workflow has run its first task (its deadline timer is set) before the worker is measured.
      await pool(ids, 16, async (j) => {
        for (;;) {
          const events = (await client.workflow.getHandle(j.workflowId).fetchHistory()).events ?? [];
          if (events.some((e) => e.timerStartedEventAttributes)) return;
          if (Date.now() > dueAt) throw new Error(`${j.workflowId}: its first workflow task had not run at the deadline: raise --lead-s (${LEAD_MS / 1000} s)`);
          await sleep(200);
        }
      });
      const movedAt = new Date();
      log(`${phase}: ${JOBS} jobs started, timers set in ${Date.now() - t0} ms, ${dueAt - Date.now()} ms before their deadline`);
      if (dueAt - Date.now() < (phase === 'after-start' ? START_LEAD_MS + 2000 : 2000)) throw new Error(`starting the jobs took too long: raise --lead-s (${LEAD_MS / 1000} s)`);

      let workerReadyMs: number | undefined;
      if (phase === 'after-start') {
        await worker.stop();
        log(`${phase}: worker stopped; a new one starts ${START_LEAD_MS} ms before the deadline`);
        await sleep(Math.max(0, dueAt - START_LEAD_MS - Date.now()));
        worker = await startWorker();
        workerReadyMs = worker.readyAt! - dueAt;
        log(`${phase}: new worker ready ${-workerReadyMs} ms before the deadline (spawn → ready ${worker.readyAt! - worker.spawnedAt} ms)`);
      }

      const seen = { mails: smtp.mails.length, posts: http.posts.length };
      const loadBefore = os.loadavg();
      await sleep(Math.max(0, dueAt - Date.now()));
      const mine = new Set(ids.map((j) => j.code));
      const codeIn = (text: string) => /E\d+-\d{5}/.exec(text)?.[0];
      const count = () => {
        const mails = smtp.mails.slice(seen.mails).filter((m) => mine.has(codeIn(m.subject) ?? ''));
        const posts = http.posts.slice(seen.posts).filter((p) => p.channel === 'webhook' && p.accepted && mine.has((p.body.job as { code?: string } | null)?.code ?? ''));
        return { mails, posts };
      };
      await until('every e-mail and webhook event', async () => {
        const { mails, posts } = count();
        return new Set(mails.map((m) => m.messageId)).size >= JOBS && new Set(posts.map((p) => p.eventId)).size >= JOBS;
      }, 300_000);
      await sleep(1000); // repeats, if any, arrive
      const loadAfter = os.loadavg();
      const { mails, posts } = count();
      const firstMail = new Map<string, number>();
      for (const m of mails) if (!firstMail.has(m.messageId)) firstMail.set(m.messageId, m.at);
      const firstPost = new Map<string, number>();
      for (const p of posts) if (!firstPost.has(p.eventId!)) firstPost.set(p.eventId!, p.at!);
      const perJob = (list: Array<{ code: string | undefined }>) => new Set(list.map((l) => l.code)).size;
      if (perJob(mails.map((m) => ({ code: codeIn(m.subject) }))) !== JOBS || firstMail.size !== JOBS) throw new Error(`${phase}: ${firstMail.size} e-mails for ${JOBS} jobs`);
      if (perJob(posts.map((p) => ({ code: (p.body.job as { code: string }).code }))) !== JOBS || firstPost.size !== JOBS) throw new Error(`${phase}: ${firstPost.size} webhook events for ${JOBS} jobs`);
      const rows = await prisma.notification.findMany({ where: { jobId: { in: jobIds }, channel: { in: ['email', 'webhook'] }, createdAt: { gt: movedAt } }, select: { createdAt: true } });
      const email = stats([...firstMail.values()].map((at) => at - dueAt));
      const webhook = stats([...firstPost.values()].map((at) => at - dueAt));
      const result: PhaseResult = {
        phase, loadBefore, loadAfter, workerReadyMs, email, webhook,
        outbox: stats(rows.map((r) => r.createdAt.getTime() - dueAt)),
        duplicates: { email: mails.length - firstMail.size, webhook: posts.length - firstPost.size },
        early: [...firstMail.values(), ...firstPost.values()].filter((at) => at < dueAt).length,
        history: await historyBreakdown(client, ids.map((j) => j.workflowId), dueAt),
      };
      results.push(result);
      log(`${phase}: e-mail ${JSON.stringify(email)} webhook ${JSON.stringify(webhook)} outbox ${JSON.stringify(result.outbox)} history ${JSON.stringify(result.history)} dup ${JSON.stringify(result.duplicates)} early ${result.early}; load ${loadBefore.map((l) => l.toFixed(2)).join('/')} → ${loadAfter.map((l) => l.toFixed(2)).join('/')}`);
    }
    process.stdout.write(`\n${table(mode, results)}\n`);
    process.stdout.write(`RESULT ${JSON.stringify({ mode, results })}\n`);
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    await test?.cleanup().catch(() => undefined);
    await pg?.stop().catch(() => undefined);
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function table(mode: string, results: PhaseResult[]): string {
  let commit = 'unknown';
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT }).toString().trim();
    commit = git('rev-parse', '--short', 'HEAD') + (git('status', '--porcelain', '--untracked-files=no') ? ' with uncommitted changes' : '');
  } catch {
    // not a git checkout
  }
  const lines = [
    `**${mode}** — ${new Date().toISOString().slice(0, 16)}Z, ${JOBS} jobs, code at ${commit}`,
    '',
    '| phase | load before (1/5/15) | worker ready | timer fired p50 / p95 | workflow task started p50 / p95 | completed p50 / p95 | outbox row p50 / p95 / max | e-mail p50 / p95 / max | webhook p50 / p95 / max | repeats | early |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  const f = (s: Stats) => `${s.p50} / **${s.p95}** / ${s.max}`;
  const g = (s: Stats) => `${s.p50} / ${s.p95}`;
  for (const r of results) {
    lines.push(`| ${r.phase} | ${r.loadBefore.map((l) => l.toFixed(2)).join(' / ')} | ${r.workerReadyMs === undefined ? '(running)' : `${(-r.workerReadyMs / 1000).toFixed(1)} s before`} | ${g(r.history.timerFired)} | ${g(r.history.taskStarted)} | ${g(r.history.taskCompleted)} | ${f(r.outbox)} | ${f(r.email)} | ${f(r.webhook)} | ${r.duplicates.email + r.duplicates.webhook} | ${r.early} |`);
  }
  return lines.join('\n');
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
