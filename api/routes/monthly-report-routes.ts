import type { Response } from 'express';
import type { AppDeps } from '../deps';
import { audit } from '../../platform/audit/audit-log';
import type { MonthlyReport } from '../../platform/db/prisma-types';
import { monthPeriod, PERIOD_PATTERN } from '../../core/reports/monthly-period';
import { decodeInstantCursor, encodeInstantCursor } from '../http/cursor';
import { notFound, unprocessable } from '../http/problem';
import { userOf, type Role, type RouteDef } from '../http/route';
import { INLINE, pageOf, ref } from '../http/response-schemas';
import { buildMonthlyReport, PDF_MIME, XLSX_MIME } from '../reports/monthly-build';
import { contentDisposition } from './file-routes';
import { paging } from './schemas';
import { DateTime } from 'luxon';

/** How far back "build now" reaches (the schedule builds every month as it ends). */
const MANUAL_BUILD_MONTHS = 36;

/** Who reads an organisation's monthly reports: its managers and procurement (who receive them), owners and admins. */
const READERS: Role[] = ['manager', 'procurement', 'owner', 'admin'];
/** Who may build one on request. */
const BUILDERS: Role[] = ['manager', 'admin'];

type ReportWithFiles = MonthlyReport & { pdf: { size: number }; xlsx: { size: number } };
const WITH_FILES = { pdf: { select: { size: true } }, xlsx: { select: { size: true } } } as const;

function reportDto(r: ReportWithFiles) {
  return {
    id: r.id, period: r.period, from: r.from.toISOString(), to: r.to.toISOString(), timezone: r.timezone, vendorCount: r.vendorCount,
    trigger: r.trigger, createdAt: r.createdAt.toISOString(), files: { pdf: { size: r.pdf.size }, xlsx: { size: r.xlsx.size } },
  };
}

/**
 * The monthly vendor reports of the caller's organisation (built on the 1st by
 * the worker's schedule, api/reports/monthly-build.ts): list, download as PDF
 * or XLSX, and build one for a past month on request (idempotent: a month
 * already built answers the existing report). Vendors are refused (403): the
 * report ranks every vendor. Another organisation's report is 404.
 */
export function monthlyReportRoutes(deps: AppDeps): RouteDef[] {
  const prisma = deps.db.prisma;
  return [
    {
      method: 'get', path: '/api/reports/monthly', operationId: 'listMonthlyReports', tag: 'reports',
      summary: "The organisation's monthly vendor reports, newest month first",
      access: { roles: READERS },
      query: { type: 'object', additionalProperties: false, properties: { ...paging } },
      responses: { 200: { description: 'A page of reports', schema: pageOf(ref('MonthlyReport')) }, 422: { description: 'cursor-invalid' } },
      async handler(req) {
        const user = userOf(req);
        const q = req.query as unknown as { cursor?: string; limit: number };
        const after = q.cursor ? decodeInstantCursor(q.cursor) : undefined;
        const rows = await prisma.monthlyReport.findMany({
          where: { orgId: user.orgId, ...(after ? { OR: [{ from: { lt: after.at } }, { from: after.at, id: { lt: after.id } }] } : {}) },
          orderBy: [{ from: 'desc' }, { id: 'desc' }], take: q.limit + 1, include: WITH_FILES,
        });
        const page = rows.slice(0, q.limit);
        const last = page.at(-1);
        return { items: page.map(reportDto), nextCursor: rows.length > q.limit && last ? encodeInstantCursor(last.from, last.id) : null };
      },
    },
    {
      method: 'get', path: '/api/reports/monthly/:id', operationId: 'downloadMonthlyReport', tag: 'reports',
      summary: 'One monthly report as a PDF (charts and ranking) or an XLSX workbook, as an attachment',
      access: { roles: READERS },
      params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } } },
      query: { type: 'object', additionalProperties: false, properties: { format: { enum: ['pdf', 'xlsx'], description: 'Default pdf' } } },
      responses: {
        200: { description: `The file: \`format=pdf\` ${PDF_MIME}, \`format=xlsx\` ${XLSX_MIME}`, contentType: PDF_MIME, schema: INLINE.binary(PDF_MIME) },
        404: { description: 'No report with this id in your organisation' },
      },
      async handler(req, res: Response) {
        const user = userOf(req);
        const format = (req.query as { format?: 'pdf' | 'xlsx' }).format ?? 'pdf';
        const report = await prisma.monthlyReport.findFirst({ where: { id: String(req.params.id), orgId: user.orgId }, include: { pdf: true, xlsx: true } });
        if (!report) throw notFound(`Monthly report "${String(req.params.id)}"`);
        const blob = format === 'pdf' ? report.pdf : report.xlsx;
        await audit(prisma, { type: 'report.monthly_downloaded', actorId: user.id, actorLabel: user.email, data: { reportId: report.id, period: report.period, format } });
        res.set({
          'Content-Type': format === 'pdf' ? PDF_MIME : XLSX_MIME,
          'Content-Length': String(blob.size),
          'Content-Disposition': contentDisposition('attachment', `vendor-report-${report.period}.${format}`),
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'private, max-age=3600',
        });
        const stream = deps.storage.open(blob.storageKey);
        stream.on('error', () => res.destroy());
        stream.pipe(res);
        return undefined;
      },
    },
    {
      method: 'post', path: '/api/reports/monthly', operationId: 'buildMonthlyReport', tag: 'reports',
      summary: "Build the organisation's report of a past month now (as the schedule would); a month already built answers its report, nothing is built or sent twice",
      access: { roles: BUILDERS },
      body: { type: 'object', required: ['period'], additionalProperties: false, properties: { period: { type: 'string', pattern: PERIOD_PATTERN, description: 'YYYY-MM, a month that has ended in the organisation\'s zone' } } },
      responses: {
        200: { description: '{ created, report }: created false when the month had been built before', schema: INLINE.monthlyReportBuilt },
        422: { description: 'monthly-report-period-open: the month has not ended yet in the organisation\'s zone; monthly-report-period-too-old: more than 36 months ago' },
      },
      async handler(req) {
        const user = userOf(req);
        const { period } = req.body as { period: string };
        const org = await prisma.org.findUniqueOrThrow({ where: { id: user.orgId }, select: { timezone: true } });
        const month = monthPeriod(period, org.timezone);
        // Found by the fuzzer: year 0 reached the SQL. And each build renders files and mails people: only recent months.
        if (month.from.getTime() < DateTime.now().setZone(org.timezone).startOf('month').minus({ months: MANUAL_BUILD_MONTHS }).toMillis()) {
          throw unprocessable('monthly-report-period-too-old', `${period} is more than ${MANUAL_BUILD_MONTHS} months ago: "build now" covers the last ${MANUAL_BUILD_MONTHS} months.`, [{ path: 'body/period', message: 'too old' }]);
        }
        if (month.to.getTime() > Date.now()) {
          throw unprocessable('monthly-report-period-open', `${period} has not ended yet in ${org.timezone}: a monthly report covers a whole month; ask for an earlier month.`, [{ path: 'body/period', message: 'not ended' }]);
        }
        const built = await buildMonthlyReport({ prisma, storage: deps.storage, publicUrl: deps.config.publicUrl }, { orgId: user.orgId, month, trigger: 'manual', createdById: user.id, actorLabel: user.email });
        const report = await prisma.monthlyReport.findUniqueOrThrow({ where: { id: built.report.id }, include: WITH_FILES });
        return { created: built.created, report: reportDto(report) };
      },
    },
  ];
}
