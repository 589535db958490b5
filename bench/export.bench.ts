/**
 * Export throughput: `GET /api/jobs/export` as CSV and as XLSX over N jobs
 * (default 100,000), each with one active step, written with two
 * `INSERT … SELECT generate_series` statements (no workflows: exports read the
 * read model). The real app (createApp) listens on loopback in this process;
 * the bench streams each download, counting bytes (and CSV lines), and
 * samples the process's peak RSS while it runs — it stays flat because the
 * export reads keyset pages of 1,000 and writes them to the socket with
 * backpressure. Scratch database on the embedded server (or TEST_DATABASE_URL),
 * dropped at the end.
 *
 *   npx tsx bench/export.bench.ts [--jobs 100000]
 */
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../api/app';
import { createLoginLimiter } from '../api/auth/login-limiter';
import { seedDemoTenant } from '../platform/seed/demo-tenant';
import { LocalFileStorage } from '../platform/storage/file-storage';
import { openTestDatabase } from '../tests/support/test-database';
import { startTestPostgres } from '../tests/support/test-postgres';

const PASSWORD = 'bench-password';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

async function main(): Promise<void> {
  const jobs = option('jobs', 100_000);
  const external = Boolean(process.env.TEST_DATABASE_URL);
  const embedded = external ? undefined : await startTestPostgres({ durable: true });
  const test = await openTestDatabase({ server: external ? 'external' : 'embedded' });
  const files = path.join(os.tmpdir(), `sop-export-bench-${process.pid}`);
  try {
    const db = test.db;
    await seedDemoTenant(db, new LocalFileStorage(files), PASSWORD, { demoMode: true });
    const orgs = await db.prisma.org.findMany({ where: { kind: 'vendor' }, orderBy: { name: 'asc' } });
    const owner = await db.prisma.user.findUniqueOrThrow({ where: { email: 'owner@demo.test' } });
    const seedStart = performance.now();
    await db.query(
      `INSERT INTO "Job" (id, code, title, "sopKey", "sopVersion", "vendorOrgId", "ownerId", "workflowId", status, assignees, fields, "createdAt", "updatedAt")
       SELECT 'xb-' || i, 'XB-' || lpad(i::text, 6, '0'), '导出基准 春节横幅 ' || i, 'store-decoration', 1, CASE WHEN i % 2 = 0 THEN $1 ELSE $2 END, $3,
              'wf-xb-' || i, 'running', '{}', '{}', now() - i * interval '1 minute', now()
         FROM generate_series(1, $4::int) AS i`,
      [orgs[0]!.id, orgs[1]!.id, owner.id, jobs],
    );
    await db.query(
      `INSERT INTO "StepRun" (id, "jobId", "nodeId", type, round, status, "activatedAt", "dueAt", "updatedAt", "assigneeRole")
       SELECT 'xs-' || i, 'xb-' || i, 'draft', 'task', 1, 'active', now(), now() + interval '1 day', now(), 'vendor' FROM generate_series(1, $1::int) AS i`,
      [jobs],
    );
    await db.query('ANALYZE', []);
    console.log(`seeded ${jobs} jobs in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

    const connection = Connection.lazy({ address: '127.0.0.1:1' });
    const app = createApp({
      config: { taskQueue: 'bench', publicUrl: 'http://127.0.0.1' }, db,
      temporal: { client: new Client({ connection }), connection, taskQueue: 'bench' },
      storage: new LocalFileStorage(files), loginLimiter: createLoginLimiter(db),
    } as Parameters<typeof createApp>[0]);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'owner@demo.test', password: PASSWORD }) });
    const { token } = (await login.json()) as { token: string };

    for (const format of (process.argv.includes('--xlsx-first') ? ['xlsx', 'csv'] : ['csv', 'xlsx']) as Array<'csv' | 'xlsx'>) {
      const rssBefore = process.memoryUsage().rss;
      let peak = rssBefore;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
      const start = performance.now();
      const res = await fetch(`${base}/api/jobs/export?format=${format}`, { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok || !res.body) throw new Error(`export ${format}: ${res.status} ${await res.text()}`);
      let bytes = 0;
      let lines = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.length;
        if (format === 'csv') for (const b of chunk) if (b === 10) lines += 1;
      }
      const seconds = (performance.now() - start) / 1000;
      clearInterval(sampler);
      console.log(JSON.stringify({
        format, jobs, seconds: Number(seconds.toFixed(2)), rowsPerSecond: Math.round(jobs / seconds), megabytes: Number((bytes / 1e6).toFixed(1)),
        ...(format === 'csv' ? { csvRows: lines - 1 } : {}), peakRssGrowthMB: Number(((peak - rssBefore) / 1e6).toFixed(1)),
      }));
    }
    await new Promise((resolve) => server.close(resolve));
  } finally {
    await test.cleanup();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
