/**
 * The monthly report's chart figures beyond the vendor report: jobs completed
 * in the window by cycle time bucket, and every delay reason given in it (with
 * QA rejections as `rework`) over all vendors — not only each vendor's top 3.
 */
import type { PrismaClient } from '../../platform/db/prisma-types';
import { REWORK_CODE, type DelayReasonItem } from './delay-reasons';
import type { ReportWindow } from './vendor-report';

/** Upper bounds (hours, exclusive) of the cycle time buckets; the last bucket is open. */
const BOUNDS = [24, 72, 168, 336];
const LABELS = ['< 1 天 day', '1–3 天 days', '3–7 天 days', '7–14 天 days', '≥ 14 天 days'];

export async function cycleBuckets(prisma: PrismaClient, w: ReportWindow): Promise<Array<{ label: string; count: number }>> {
  const rows = await prisma.$queryRaw<Array<{ bucket: number; count: number }>>`
    SELECT width_bucket(EXTRACT(EPOCH FROM (j."completedAt" - j."createdAt")) / 3600.0, ${BOUNDS}::float8[])::int AS bucket, count(*)::int AS count
      FROM "Job" j
     WHERE j.status = 'completed' AND j."completedAt" >= ${w.from} AND j."completedAt" < ${w.to}
     GROUP BY 1`;
  return LABELS.map((label, i) => ({ label, count: rows.find((r) => r.bucket === i)?.count ?? 0 }));
}

export async function reasonTotals(prisma: PrismaClient, w: ReportWindow, catalogue: DelayReasonItem[]): Promise<Array<{ label: string; count: number }>> {
  const rows = await prisma.$queryRaw<Array<{ code: string; count: number }>>`
    SELECT code, count(*)::int AS count FROM (
      SELECT d.reason AS code FROM "StepDelay" d WHERE d."createdAt" >= ${w.from} AND d."createdAt" < ${w.to}
      UNION ALL
      SELECT ${REWORK_CODE} FROM "Review" r WHERE r.decision = 'rejected' AND r."createdAt" >= ${w.from} AND r."createdAt" < ${w.to}) x
     GROUP BY code ORDER BY count(*) DESC, code`;
  const label = new Map([[REWORK_CODE, '返工 Rework'], ...catalogue.map((r): [string, string] => [r.code, `${r.labels['zh-CN']} ${r.labels.en}`])]);
  return rows.map((r) => ({ label: label.get(r.code) ?? r.code, count: r.count }));
}
