/**
 * Notification benchmark: 1,000 jobs whose escalation falls on the same
 * instant. Drives the real notify activity (1,000 calls fired together at the
 * scheduled instant, as 1,000 workflow timers would) and the real dispatcher
 * (default settings) against loopback receivers: an SMTP server and an HTTP
 * server checking DingTalk and generic-webhook signatures. No Temporal
 * workflows: the workflow's part (a timer firing a local activity) is
 * measured by bench/engine.bench.ts.
 *
 *   npx tsx bench/notifications.bench.ts [--jobs 1000] [--no-write]
 *   TEST_DATABASE_URL=postgres://… adds a PostgreSQL run (a throwaway database).
 *
 * Per job: 1 inbox row (written), 1 e-mail, 1 DingTalk post, 1 webhook event
 * (notice.escalation, through the audit relay) = 3,000 deliveries.
 * Delay = arrival at the receiver − the notice's scheduled instant.
 * Results replace the notifications section of docs/BENCHMARKS.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { notifyActivity } from '../activities/notify';
import type { OcrPool } from '../checks/ocr-pool';
import type { DatabaseKind } from '../platform/db/database';
import { createDispatcher } from '../platform/notifications/dispatcher';
import { seedDemoTenant } from '../platform/seed/demo-tenant';
import { LocalFileStorage } from '../platform/storage/file-storage';
import { randomSecrets, startHttpReceiver } from '../tests/support/notification-http-receiver';
import { startSmtpReceiver } from '../tests/support/notification-smtp-receiver';
import { openTestDatabase } from '../tests/support/test-database';

const JOBS = (() => {
  const i = process.argv.indexOf('--jobs');
  return i >= 0 ? Number(process.argv[i + 1]) : 1000;
})();
const WRITE = !process.argv.includes('--no-write');
/** Notify calls in flight, as a worker's local-activity slots would run them. */
const NOTIFY_SLOTS = 100;

interface Figures {
  kind: DatabaseKind;
  outboxWrittenMs: number;
  channels: Record<string, { n: number; p50: number; p95: number; max: number }>;
  all: { n: number; p50: number; p95: number; max: number };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const stats = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: pct(s, 50), p95: pct(s, 95), max: s.at(-1)! };
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function run(kind: DatabaseKind): Promise<Figures> {
  const test = await openTestDatabase({ kind });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-bench-notify-'));
  const secrets = randomSecrets();
  const http = await startHttpReceiver(secrets);
  const smtp = await startSmtpReceiver();
  const prisma = test.db.prisma;
  const dispatcher = createDispatcher({ db: test.db, publicUrl: 'http://localhost' });
  try {
    await seedDemoTenant(test.db, new LocalFileStorage(dir), 'bench-password');
    const owner = await prisma.user.findFirstOrThrow({ where: { email: 'owner@demo.test' } });
    const vendor = await prisma.user.findFirstOrThrow({ where: { email: 'vendor-a@demo.test' } });
    const vendorOrg = await prisma.org.findFirstOrThrow({ where: { name: 'Vendor A' } });
    const sop = await prisma.sopVersion.findFirstOrThrow();
    const jobIds = Array.from({ length: JOBS }, (_, i) => `bench-job-${i}`);
    await prisma.job.createMany({
      data: jobIds.map((id, i) => ({ id, code: `BENCH-${i}`, title: `Bench ${i}`, sopKey: sop.sopKey, sopVersion: sop.version, vendorOrgId: vendorOrg.id, ownerId: owner.id, workflowId: `wf-${id}`, assignees: { vendor: vendor.id, owner: owner.id } })),
    });
    const scope = { scope: 'org' as const, scopeId: owner.orgId };
    await prisma.channelConfig.createMany({
      data: [
        { ...scope, channel: 'email', url: smtp.url, secret: '', settings: { from: 'SOP <notify@sop.example>' } },
        { ...scope, channel: 'dingtalk', url: http.urls.dingtalk, secret: secrets.dingtalk.secret },
        { ...scope, channel: 'webhook', url: http.urls.webhook, secret: secrets.webhook.secret, settings: { events: ['notice.*'] } },
      ],
    });
    const notify = notifyActivity({ db: test.db, storage: new LocalFileStorage(dir), ocrPool: () => ({}) as OcrPool, publicUrl: 'http://localhost' });
    dispatcher.start();
    const at = Date.now() + 1500;
    await sleep(at - Date.now());
    const dueAt = at - 86_400_000;
    const queue = [...jobIds];
    const slot = async () => {
      for (let jobId = queue.shift(); jobId; jobId = queue.shift()) {
        await notify({ jobId, kind: 'escalation', nodeId: 'draft', round: 1, level: 0, deadlineEpoch: 0, roles: ['vendor'], assignees: { vendor: vendor.id, owner: owner.id }, dueAt, at });
      }
    };
    await Promise.all(Array.from({ length: NOTIFY_SLOTS }, slot));
    const outboxWrittenMs = Date.now() - at;
    const want = JOBS * 3;
    const deadline = Date.now() + 120_000;
    const arrived = () => smtp.mails.length + http.accepted('dingtalk').length + http.distinctEvents().length;
    while (arrived() < want && Date.now() < deadline) await sleep(20);
    if (arrived() < want) throw new Error(`only ${arrived()} of ${want} deliveries arrived`);
    const channels = {
      email: stats(smtp.mails.map((m) => m.at - at)),
      dingtalk: stats(http.accepted('dingtalk').map((p) => p.at! - at)),
      webhook: stats(http.accepted('webhook').map((p) => p.at! - at)),
    };
    const all = stats([...smtp.mails.map((m) => m.at - at), ...http.accepted('dingtalk').map((p) => p.at! - at), ...http.accepted('webhook').map((p) => p.at! - at)]);
    return { kind, outboxWrittenMs, channels, all };
  } finally {
    await dispatcher.stop();
    await http.close();
    await smtp.close();
    await test.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function section(results: Figures[]): string {
  const row = (label: string, s: { n: number; p50: number; p95: number; max: number }) => `| ${label} | ${s.n} | ${s.p50} | ${s.p95} | ${s.max} |`;
  const lines = [
    '## Notifications: 1,000 escalations due on the same instant',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} with \`npx tsx bench/notifications.bench.ts\` (${os.cpus().length} cores, Node ${process.version}).`,
    `${JOBS.toLocaleString('en')} jobs, each with an escalation scheduled for the same instant; the real notify activity is called for all of them at that`,
    'instant (100 in flight, as a worker\'s activity slots would run them), and the real dispatcher with default settings (poll 250 ms, batch 100,',
    '16 sends in flight) delivers to loopback receivers: an SMTP server (`smtp-server`) and an HTTP server that checks every',
    'DingTalk and webhook signature. Not 1,000 Temporal workflows: the timer → local-activity part is the engine benchmark\'s.',
    'Delay = arrival at the receiver − scheduled instant, in ms. Target: p95 under 2,000 ms.',
    '',
  ];
  for (const r of results) {
    lines.push(`**${r.kind}** — outbox rows for all jobs written ${r.outboxWrittenMs} ms after the instant.`, '', '| channel | messages | p50 | p95 | max |', '|---|---|---|---|---|');
    for (const [name, s] of Object.entries(r.channels)) lines.push(row(name, s));
    lines.push(row('all', r.all), '');
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const kinds: DatabaseKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
  const results: Figures[] = [];
  for (const kind of kinds) {
    const r = await run(kind);
    process.stdout.write(`${kind}: outbox written +${r.outboxWrittenMs} ms; ${JSON.stringify(r.channels)} all ${JSON.stringify(r.all)}\n`);
    results.push(r);
  }
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
