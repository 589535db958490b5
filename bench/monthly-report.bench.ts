/**
 * Monthly report build time: the report of one month over N jobs (default
 * 10,000) completed in that month, spread over 40 vendors (Chinese names),
 * each job with one vendor task step (a quarter of them late) and every tenth
 * with a delay reason, written with `INSERT … SELECT generate_series` (no
 * workflows: the report reads the read model). Times the figures alone (the
 * vendor report's SQL, its business hours and the chart queries) and the
 * business hours alone (api/reports/business-cycle.ts), then the whole build
 * (api/reports/monthly-build.ts: figures, PDF with the CJK font subset, XLSX,
 * both stored, notices queued), then the same build again (found, nothing built).
 * Scratch database on the embedded server (or TEST_DATABASE_URL), dropped at the end.
 *
 *   npx tsx bench/monthly-report.bench.ts [--jobs 10000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { businessCycles } from '../api/reports/business-cycle';
import { buildMonthlyReport } from '../api/reports/monthly-build';
import { cycleBuckets, reasonTotals } from '../api/reports/monthly-figures';
import { listDelayReasons } from '../api/reports/delay-reasons';
import { DEFAULT_SCORE_WEIGHTS } from '../api/reports/score-weights';
import { vendorReport } from '../api/reports/vendor-report';
import { planCacheFor } from '../api/sops/plan-cache';
import { monthPeriod } from '../core/reports/monthly-period';
import { seedDemoTenant } from '../platform/seed/demo-tenant';
import { LocalFileStorage } from '../platform/storage/file-storage';
import { openTestDatabase } from '../tests/support/test-database';
import { startTestPostgres } from '../tests/support/test-postgres';

const VENDORS = 40;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

const seconds = (start: number) => Number(((performance.now() - start) / 1000).toFixed(2));

async function main(): Promise<void> {
  const jobs = option('jobs', 10_000);
  const external = Boolean(process.env.TEST_DATABASE_URL);
  const embedded = external ? undefined : await startTestPostgres({ durable: true });
  const test = await openTestDatabase({ server: external ? 'external' : 'embedded' });
  const files = path.join(os.tmpdir(), `sop-monthly-bench-${process.pid}`);
  try {
    const db = test.db;
    const prisma = db.prisma;
    const storage = new LocalFileStorage(files);
    await seedDemoTenant(db, storage, 'bench-password', { demoMode: true });
    const company = await prisma.org.findFirstOrThrow({ where: { kind: 'internal' } });
    const owner = await prisma.user.findUniqueOrThrow({ where: { email: 'owner@demo.test' } });
    const month = monthPeriod('2026-11', company.timezone);
    const seedStart = performance.now();
    await db.query(
      `INSERT INTO "Org" (id, name, kind, "updatedAt") SELECT 'mv-' || v, '供应商' || v || ' 深圳印刷厂', 'vendor', now() FROM generate_series(1, $1::int) AS v`,
      [VENDORS],
    );
    // Job i: created in the month, completed 4–124 hours later (still in the month).
    await db.query(
      `INSERT INTO "Job" (id, code, title, "sopKey", "sopVersion", "vendorOrgId", "ownerId", "workflowId", status, assignees, fields, "createdAt", "completedAt", "updatedAt")
       SELECT 'mb-' || i, 'MB-' || lpad(i::text, 6, '0'), '月报基准 ' || i, 'store-decoration', 1, 'mv-' || (1 + i % $1::int), $2, 'wf-mb-' || i, 'completed', '{}', '{}',
              $3::timestamptz + (i % 600) * interval '1 hour', $3::timestamptz + (i % 600) * interval '1 hour' + (4 + i % 121) * interval '1 hour', now()
         FROM generate_series(1, $4::int) AS i`,
      [VENDORS, owner.id, month.from, jobs],
    );
    await db.query(
      `INSERT INTO "StepRun" (id, "jobId", "nodeId", type, round, status, "activatedAt", "dueAt", "completedAt", outcome, "updatedAt", "assigneeRole")
       SELECT 'ms-' || i, j.id, 'draft', 'task', 1, 'done', j."createdAt", j."createdAt" + interval '24 hours',
              j."createdAt" + CASE WHEN i % 4 = 0 THEN interval '30 hours' ELSE interval '3 hours' END, 'submitted', now(), 'vendor'
         FROM generate_series(1, $1::int) AS i JOIN "Job" j ON j.id = 'mb-' || i`,
      [jobs],
    );
    await db.query(
      `INSERT INTO "StepDelay" (id, "jobId", "nodeId", round, kind, reason, "actorId", "createdAt")
       SELECT 'md-' || i, 'mb-' || i, 'draft', 1, 'late_completion', (ARRAY['missing-material','vendor-capacity','holiday'])[1 + i % 3], $2, $3::timestamptz + (i % 600) * interval '1 hour'
         FROM generate_series(10, $1::int, 10) AS i`,
      [jobs, owner.id, month.from],
    );
    await db.query('ANALYZE', []);
    console.log(`seeded ${jobs} jobs of ${VENDORS} vendors in ${seconds(seedStart)} s`);

    const window = { from: month.from, to: month.to };
    const figuresStart = performance.now();
    const catalogue = await listDelayReasons(prisma, company.id);
    const report = await vendorReport(prisma, planCacheFor(prisma), { window, sop: null, weights: { ...DEFAULT_SCORE_WEIGHTS }, catalogue, locale: 'zh-CN', now: month.to });
    await Promise.all([cycleBuckets(prisma, window), reasonTotals(prisma, window, catalogue)]);
    const figures = seconds(figuresStart);
    if (report.vendors.reduce((s, v) => s + v.cycleHours.completed, 0) !== jobs) throw new Error('the report does not count every job');
    if (report.vendors.some((v) => v.cycleHours.completed > 0 && v.cycleHours.businessAvg === null)) throw new Error('a vendor with completed jobs has no business hours');
    const businessStart = performance.now();
    await businessCycles(prisma, planCacheFor(prisma), { ...window, sop: null, fallbackZone: company.timezone });
    const business = seconds(businessStart);

    const deps = { prisma, storage, publicUrl: 'http://127.0.0.1' };
    const buildStart = performance.now();
    const built = await buildMonthlyReport(deps, { orgId: company.id, month, trigger: 'manual' });
    const build = seconds(buildStart);
    const againStart = performance.now();
    const again = await buildMonthlyReport(deps, { orgId: company.id, month, trigger: 'manual' });
    const repeat = seconds(againStart);
    const blob = (sha256: string) => prisma.fileBlob.findUniqueOrThrow({ where: { sha256 } });
    console.log(JSON.stringify({
      jobs, vendors: built.report.vendorCount, figuresSeconds: figures, businessHoursSeconds: business, buildSeconds: build, created: built.created,
      repeatSeconds: repeat, repeatCreated: again.created, pdfKB: Math.round((await blob(built.report.pdfSha256)).size / 1024),
      xlsxKB: Math.round((await blob(built.report.xlsxSha256)).size / 1024), notices: built.notices,
    }));
  } finally {
    await test.cleanup();
    await embedded?.stop();
    fs.rmSync(files, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
