/**
 * Builds an organisation's monthly vendor report for one month, at most once:
 * the row is unique per (organisation, period), so a schedule's catch-up, a
 * second worker or a retried activity finds the report made and builds
 * nothing. The PDF and the XLSX go into the file store (content-addressed
 * blobs, referenced by the row, so the file collector keeps them). Then the
 * organisation's managers and procurement people get an inbox notice and an
 * e-mail (as their channel preferences say; e-mail when the organisation has
 * an e-mail channel) through the notification outbox, each row keyed by
 * (organisation, period, person, channel) — written again on every run, so a
 * run that died after the report was stored still sends, and never twice.
 * The e-mail links to the downloads (sign-in and role required) rather than
 * carrying the files: outbox rows keep rendered text only.
 */
import { Readable } from 'node:stream';
import { appendAudit } from '../../platform/audit/audit-log';
import type { MonthlyReport, NotificationChannel, Prisma, PrismaClient } from '../../platform/db/prisma-types';
import { insertOutboxRows } from '../../platform/notifications/outbox-insert';
import { notifyOutboxInTransaction } from '../../platform/notifications/outbox-signal';
import { lockBlob } from '../../platform/storage/blob-lifecycle';
import type { FileStorage } from '../../platform/storage/file-storage';
import type { MonthPeriod } from '../../core/reports/monthly-period';
import { planCacheFor } from '../sops/plan-cache';
import { listDelayReasons } from './delay-reasons';
import { cycleBuckets, reasonTotals } from './monthly-figures';
import { monthlyReportPdf } from './monthly-pdf';
import { monthlyReportXlsx } from './monthly-xlsx';
import { parseScoreWeights } from './score-weights';
import { vendorReport } from './vendor-report';

export const MONTHLY_NOTICE_KIND = 'monthly_report';
/** Who receives the report (and, with owners and admins, may read it). */
export const MONTHLY_RECIPIENT_ROLES = ['manager', 'procurement'];
export const PDF_MIME = 'application/pdf';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface MonthlyBuildDeps {
  prisma: PrismaClient;
  storage: FileStorage;
  publicUrl: string;
}

export interface MonthlyBuildInput {
  orgId: string;
  month: MonthPeriod;
  trigger: 'schedule' | 'manual';
  createdById?: string | null;
  /** Who asked, for the audit trail (an e-mail); default `schedule`. */
  actorLabel?: string;
  now?: Date;
}

export interface MonthlyBuildResult {
  report: MonthlyReport;
  created: boolean;
  notices: number;
}

async function storeBlob(deps: MonthlyBuildDeps, bytes: Buffer, mime: string): Promise<string> {
  const object = await deps.storage.put(Readable.from(bytes), { maxBytes: Number.MAX_SAFE_INTEGER });
  await deps.prisma.$transaction(async (tx) => {
    await lockBlob(tx, object.sha256);
    await tx.fileBlob.upsert({ where: { sha256: object.sha256 }, create: { sha256: object.sha256, size: object.size, mime, storageKey: object.key }, update: {} });
  });
  return object.sha256;
}

/** The report's files, rendered and stored; returns their blob ids. */
async function render(deps: MonthlyBuildDeps, org: { id: string; name: string; timezone: string }, month: MonthPeriod, now: Date) {
  const { prisma } = deps;
  const window = { from: month.from, to: month.to };
  const catalogue = await listDelayReasons(prisma, org.id);
  const report = await vendorReport(prisma, planCacheFor(prisma), { window, sop: null, weights: parseScoreWeights(process.env.REPORT_SCORE_WEIGHTS), catalogue, locale: 'zh-CN', now: month.to, timezone: org.timezone });
  const [buckets, reasons] = await Promise.all([cycleBuckets(prisma, window), reasonTotals(prisma, window, catalogue)]);
  const pdf = await monthlyReportPdf({ orgName: org.name, period: month.period, zone: org.timezone, builtAt: now, report, cycleBuckets: buckets, reasons });
  const xlsx = await monthlyReportXlsx(report, month.period);
  return { vendorCount: report.vendors.length, pdfSha256: await storeBlob(deps, pdf, PDF_MIME), xlsxSha256: await storeBlob(deps, xlsx, XLSX_MIME) };
}

function mailOf(report: MonthlyReport, orgName: string, locale: string, link: string) {
  const en = locale === 'en';
  const subject = en ? `Monthly vendor report ${report.period} — ${orgName}` : `${report.period} 月度供应商报告 — ${orgName}`;
  const text = en
    ? `The vendor report of ${report.period} (${report.vendorCount} vendors) is ready: on-time rate per vendor, cycle times, delay reasons and the ranking.\n\nPDF: ${link}?format=pdf\nXLSX: ${link}?format=xlsx\n\nAll monthly reports: Reports page.`
    : `${report.period} 的供应商报告（${report.vendorCount} 家供应商）已生成：各供应商准时率、周期时间、延误原因和排名。\n\nPDF：${link}?format=pdf\nXLSX：${link}?format=xlsx\n\n所有月度报告见「报表」页面。`;
  const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<p>${escape(text).replace(/\n\n/g, '</p><p>').replace(/\n/g, '<br>')}</p>`;
  return { subject, text, html };
}

/** The inbox entries and e-mails of a report (idempotent); returns how many rows were new. */
async function writeNotices(tx: Prisma.TransactionClient, report: MonthlyReport, orgName: string, publicUrl: string, now: Date): Promise<number> {
  const people = await tx.user.findMany({
    where: { orgId: report.orgId, kind: 'person', disabled: false, roles: { hasSome: MONTHLY_RECIPIENT_ROLES } },
    select: { id: true, email: true, locale: true, notificationChannels: true },
    orderBy: { id: 'asc' },
  });
  const emailConfig = await tx.channelConfig.findFirst({ where: { scope: 'org', scopeId: report.orgId, channel: 'email', enabled: true }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  const link = `${publicUrl}/api/reports/monthly/${report.id}`;
  const rows: Prisma.NotificationCreateManyInput[] = [];
  const keyOf = (userId: string, channel: NotificationChannel) => `monthly-report/${report.orgId}/${report.period}/${userId}/${channel}`;
  for (const p of people) {
    const mail = mailOf(report, orgName, p.locale, link);
    const facts = { message: mail.subject, link: `${publicUrl}/reports`, scheduledAt: now.toISOString() };
    if (p.notificationChannels.includes('inbox')) {
      rows.push({ idempotencyKey: keyOf(p.id, 'inbox'), userId: p.id, channel: 'inbox', kind: MONTHLY_NOTICE_KIND, payload: { ...facts, title: mail.subject, text: mail.text }, status: 'sent', sentAt: now });
    }
    if (p.notificationChannels.includes('email') && emailConfig) {
      rows.push({ idempotencyKey: keyOf(p.id, 'email'), userId: p.id, channel: 'email', kind: MONTHLY_NOTICE_KIND, configId: emailConfig.id, payload: { ...facts, email: { to: p.email, ...mail } }, status: 'pending', nextAttemptAt: now });
    }
  }
  const created = await insertOutboxRows(tx, rows);
  if (created.some((r) => r.status === 'pending')) await notifyOutboxInTransaction(tx);
  return created.length;
}

export class NotAnInternalOrgError extends Error {}

export async function buildMonthlyReport(deps: MonthlyBuildDeps, input: MonthlyBuildInput): Promise<MonthlyBuildResult> {
  const { prisma } = deps;
  const now = input.now ?? new Date();
  const org = await prisma.org.findUnique({ where: { id: input.orgId }, select: { id: true, name: true, kind: true, timezone: true } });
  if (!org || org.kind !== 'internal') throw new NotAnInternalOrgError(`organisation ${input.orgId} is not an internal organisation: monthly reports are built for the company's own organisations`);
  const where = { orgId_period: { orgId: org.id, period: input.month.period } };
  let report = await prisma.monthlyReport.findUnique({ where });
  let created = false;
  if (!report) {
    const files = await render(deps, org, input.month, now);
    const made = await prisma.$transaction(async (tx) => {
      const inserted = await tx.monthlyReport.createMany({
        data: [{ orgId: org.id, period: input.month.period, from: input.month.from, to: input.month.to, timezone: org.timezone, trigger: input.trigger, createdById: input.createdById ?? null, ...files }],
        skipDuplicates: true,
      });
      const row = await tx.monthlyReport.findUniqueOrThrow({ where });
      if (inserted.count === 1) {
        await appendAudit(tx, { type: 'report.monthly_built', actorId: input.createdById ?? null, actorLabel: input.actorLabel ?? 'schedule', data: { reportId: row.id, orgId: org.id, period: row.period, trigger: input.trigger, vendors: row.vendorCount } });
      }
      return { row, created: inserted.count === 1 };
    });
    report = made.row;
    created = made.created;
  }
  const notices = await prisma.$transaction((tx) => writeNotices(tx, report, org.name, deps.publicUrl, now));
  return { report, created, notices };
}
