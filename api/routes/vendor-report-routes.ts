import type { Response } from 'express';
import type { AppDeps } from '../deps';
import { audit } from '../../platform/audit/audit-log';
import { userOf, type ApiRequest, type RouteDef } from '../http/route';
import { INLINE, ref } from '../http/response-schemas';
import { searchWordsOf } from '../jobs/job-search';
import { planCacheFor } from '../sops/plan-cache';
import { catalogueOrgOf, listDelayReasons } from '../reports/delay-reasons';
import { jobExport } from '../reports/job-export';
import { parseScoreWeights } from '../reports/score-weights';
import { EXPORT_CONTENT_TYPES, EXPORT_FORMATS, onePage, sendTable, type ExportFormat } from '../reports/table-export';
import { vendorReport } from '../reports/vendor-report';
import { vendorReportTable } from '../reports/vendor-report-table';
import { suggestVendors } from '../reports/vendor-suggestions';
import { modelOnTimeByVendor } from '../reports/vendor-risk-outlook';
import { notFound } from '../http/problem';
import { analyticsWindow } from './analytics-routes';

const dateOrDateTime = { type: 'string', anyOf: [{ format: 'date' }, { format: 'date-time' }] };
const fileResponses = (what: string) => `; with \`format=csv\`: ${what} as CSV (${EXPORT_CONTENT_TYPES.csv}, UTF-8 with a byte order mark); \`format=xlsx\`: as an XLSX workbook (${EXPORT_CONTENT_TYPES.xlsx}); both streamed as an attachment (Content-Disposition with an RFC 5987 file name)`;
const stamp = (d: Date) => d.toISOString().slice(0, 10);
/** How far back vendor suggestions look. */
const SUGGESTION_DAYS = 180;

/**
 * Vendor reports (scorecards, ranking, change against the previous period)
 * and the exports: the report and the job list as CSV or XLSX. Managers,
 * owners and admins read the report; vendors are refused (403) — a ranking
 * names the other vendors. The job export follows `GET /api/jobs` exactly
 * (scope, filters, field visibility), so every role may export what it may list.
 */
export function vendorReportRoutes(deps: AppDeps): RouteDef[] {
  const prisma = deps.db.prisma;
  const plans = planCacheFor(prisma);
  const weights = parseScoreWeights(process.env.REPORT_SCORE_WEIGHTS);
  return [
    {
      method: 'get', path: '/api/reports/vendors', operationId: 'vendorReport',
      summary: 'Vendor scorecards and ranking over a window (on-time, cycle time, first pass, rework, reasons, open load, score, rank change); JSON, CSV or XLSX', tag: 'reports',
      access: { roles: ['manager', 'owner', 'admin'] },
      query: {
        type: 'object', additionalProperties: false,
        properties: {
          from: dateOrDateTime, to: dateOrDateTime, sop: { type: 'string', maxLength: 64, description: 'Only jobs of this SOP key' },
          format: { enum: ['json', ...EXPORT_FORMATS], description: 'Default json' },
        },
      },
      responses: {
        200: { description: `{ from, to, previous: { from, to }, sop, weights, vendors: [ VendorReportRow ] }${fileResponses('one row per vendor')}`, schema: ref('VendorReport') },
        422: { description: 'analytics-range-too-long: more than 366 days asked for' },
      },
      async handler(req: ApiRequest, res: Response) {
        const user = userOf(req);
        const q = req.query as { from?: string; to?: string; sop?: string; format?: 'json' | ExportFormat };
        const window = analyticsWindow(q, user);
        const orgId = await catalogueOrgOf(prisma, user);
        const [catalogue, org] = await Promise.all([listDelayReasons(prisma, orgId), prisma.org.findUnique({ where: { id: orgId }, select: { timezone: true } })]);
        const report = await vendorReport(prisma, plans, { window, sop: q.sop ?? null, weights, catalogue, locale: user.locale, timezone: org?.timezone });
        if (!q.format || q.format === 'json') return report;
        const table = vendorReportTable(report, user.locale);
        await sendTable(res, { format: q.format, filename: `vendor-report-${stamp(window.from)}-${stamp(new Date(window.to.getTime() - 1))}`, sheetName: 'Vendors', headers: table.headers, pages: onePage(table.rows) });
        return undefined;
      },
    },
    {
      method: 'get', path: '/api/sops/:key/vendor-suggestions', operationId: 'vendorSuggestions',
      summary: `Vendors for a new job of this SOP, best first: on-time probability (this SOP's last ${SUGGESTION_DAYS} days, else all SOPs'), score and rank for the SOP, open load; the best one with any history is marked suggested`, tag: 'reports',
      access: { roles: ['owner', 'manager', 'admin'] },
      params: { type: 'object', properties: { key: { type: 'string', maxLength: 64 } } },
      responses: { 200: { description: '{ sop, from, to, items: [ { org, score, rank, onTime: { probability, onTime, due, basis }, openLoad, suggested } ] }', schema: ref('VendorSuggestions') }, 404: { description: 'No SOP with this key' } },
      async handler(req) {
        const user = userOf(req);
        const key = String(req.params.key);
        if (!(await prisma.sop.findUnique({ where: { key }, select: { key: true } }))) throw notFound(`SOP "${key}"`);
        const to = new Date();
        const window = { from: new Date(to.getTime() - SUGGESTION_DAYS * 86_400_000), to };
        const common = { window, weights, catalogue: [], locale: user.locale, now: to, businessHours: false };
        const [forSop, overall] = await Promise.all([vendorReport(prisma, plans, { ...common, sop: key }), vendorReport(prisma, plans, { ...common, sop: null })]);
        const vendorIds = [...new Set([...forSop.vendors, ...overall.vendors].map((v) => v.org.id))];
        const modelOnTime = await modelOnTimeByVendor(deps.db, key, vendorIds, to);
        return { sop: key, from: window.from.toISOString(), to: window.to.toISOString(), items: suggestVendors(forSop.vendors, overall.vendors, modelOnTime) };
      },
    },
    {
      method: 'get', path: '/api/jobs/export', operationId: 'exportJobs',
      summary: 'The job list (same scope, filters and field visibility as GET /api/jobs) as CSV or XLSX, streamed', tag: 'jobs',
      access: { roles: 'any' },
      query: {
        type: 'object', additionalProperties: false,
        properties: {
          status: { enum: ['running', 'completed', 'cancelled', 'failed', 'stuck'] }, vendorOrgId: { type: 'string' }, sop: { type: 'string' },
          q: { type: 'string', maxLength: 200, description: 'Search, as in GET /api/jobs' },
          format: { enum: [...EXPORT_FORMATS], description: 'Default csv' },
        },
      },
      responses: {
        200: { description: `Every job in scope, newest first${fileResponses('one row per job')}`, contentType: 'text/csv', schema: INLINE.binary(EXPORT_CONTENT_TYPES.csv) },
        422: { description: '`search-too-long`, `search-word-too-short` (as GET /api/jobs)' },
      },
      async handler(req: ApiRequest, res: Response) {
        const user = userOf(req);
        const q = req.query as { status?: string; vendorOrgId?: string; sop?: string; q?: string; format?: ExportFormat };
        const search = searchWordsOf(q.q);
        const format = q.format ?? 'csv';
        const { headers, pages } = await jobExport(deps.db, plans, user, { status: q.status, vendorOrgId: q.vendorOrgId, sopKey: q.sop, search });
        await audit(prisma, { type: 'jobs.exported', actorId: user.id, actorLabel: user.email, data: { format, status: q.status ?? null, vendorOrgId: q.vendorOrgId ?? null, sop: q.sop ?? null, q: q.q ?? null } });
        await sendTable(res, { format, filename: `jobs-${stamp(new Date())}`, sheetName: 'Jobs', headers, pages });
        return undefined;
      },
    },
  ];
}
