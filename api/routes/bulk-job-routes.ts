/**
 * Bulk start: a CSV or XLSX sheet, one row per job (README "Bulk start").
 * A dry run answers the per-row report (row, column, reason) and starts
 * nothing; the real run starts the rows in the background and is polled for
 * progress. The template names the columns a SOP needs.
 */
import type { Response } from 'express';
import type { AppDeps } from '../deps';
import type { ExecutionPlan } from '../../core/sop/compile';
import { declaredJobFields } from '../../core/sop/job-fields';
import { notFound, unprocessable } from '../http/problem';
import { userOf, type ApiRequest, type RouteDef } from '../http/route';
import { INLINE, ref } from '../http/response-schemas';
import { EXPORT_CONTENT_TYPES, EXPORT_FORMATS, onePage, sendTable, type ExportFormat } from '../reports/table-export';
import { readSheet } from '../jobs/bulk-sheet';
import { readSheetUpload } from '../jobs/bulk-upload';
import { checkColumns } from '../jobs/bulk-rows';
import { bulkRunDto, createBulkStart } from '../jobs/bulk-run';
import { readReferenceZip } from '../jobs/bulk-references';
import { DEFAULT_MAX_UPLOAD_BYTES } from './file-routes';
import { DEFAULT_UPLOAD_MAX_REQUEST_BYTES } from '../../platform/config';

/** Most rows one upload starts. */
export const BULK_MAX_ROWS = 1000;
/** Largest sheet file (bytes). */
export const BULK_MAX_SHEET_BYTES = 5 * 1024 * 1024;

export function bulkJobRoutes(deps: AppDeps): RouteDef[] {
  const prisma = deps.db.prisma;
  const bulk = createBulkStart(deps);
  const maxFileBytes = deps.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  // The zip is read in memory: as large as one upload may be, within the request limit.
  const maxZipBytes = Math.min(maxFileBytes, deps.maxRequestBytes ?? DEFAULT_UPLOAD_MAX_REQUEST_BYTES);
  return [
    {
      method: 'post', path: '/api/jobs/bulk', operationId: 'bulkStartJobs',
      summary: `Start jobs from a CSV or XLSX sheet, one row per job (at most ${BULK_MAX_ROWS} rows); a dry run reports every row's problems and starts nothing`, tag: 'jobs',
      access: { roles: ['owner', 'admin'] },
      multipart: {
        description: 'Part `file`: the sheet (CSV in UTF-8, or XLSX; first row = column names, as the template). Optional part `references`: a zip of reference files the sheet\'s `reference:<deliverable>` columns name by file name (entries some row names are stored as uploads when the run starts). Text part `dryRun`: `true` (default) checks only; `false` starts the rows that pass and answers the run to poll.',
        fields: { file: { type: 'string', format: 'binary' }, references: { type: 'string', format: 'binary' }, dryRun: { type: 'string', enum: ['true', 'false'] } },
      },
      responses: {
        200: { description: 'Dry run: BulkStartReport (summary, per-row status, problems { row, column, code, message }). Real run: BulkStartRun (poll GET /api/jobs/bulk/runs/{runId})', schema: { oneOf: [ref('BulkStartReport'), ref('BulkStartRun')] } },
        413: { description: `The sheet is larger than ${BULK_MAX_SHEET_BYTES} bytes, or the zip (or one of its files) larger than one upload may be` },
        422: { description: '`sheet-unreadable`, `sheet-too-many-rows`, `sheet-column-unknown`, `sheet-column-missing`; `zip-unreadable`, `zip-name-repeated`, `zip-too-many-files`, `zip-entry-empty`, `image-unreadable`, `storage-quota-exceeded`' },
      },
      async handler(req) {
        const user = userOf(req);
        const upload = await readSheetUpload(req, { sheetBytes: BULK_MAX_SHEET_BYTES, zipBytes: maxZipBytes });
        const sheet = await readSheet(upload.bytes, BULK_MAX_ROWS);
        checkColumns(sheet.columns);
        const zip = upload.references ? await readReferenceZip(upload.references) : undefined;
        if (upload.dryRun) return bulk.dryRun(user, upload.fileName, sheet.rows, zip);
        return bulkRunDto(await bulk.run(user, upload.fileName, sheet.rows, zip, maxFileBytes));
      },
    },
    {
      method: 'get', path: '/api/jobs/bulk/runs/:runId', operationId: 'getBulkStartRun', summary: 'A bulk start\'s progress and per-row results (started, skipped-existing, failed)', tag: 'jobs',
      access: { roles: ['owner', 'admin'] },
      responses: { 200: { description: 'The run', schema: ref('BulkStartRun') }, 404: { description: 'Unknown run, or another organisation\'s' } },
      async handler(req) {
        const user = userOf(req);
        const id = String(req.params.runId);
        const run = await prisma.bulkStartRun.findFirst({ where: { id, orgId: user.orgId } });
        if (!run) throw notFound(`Bulk start run ${id}`);
        return bulkRunDto(run);
      },
    },
    {
      method: 'get', path: '/api/jobs/bulk/template', operationId: 'bulkStartTemplate', summary: 'An empty bulk-start sheet with the columns a SOP needs (its roles, reference deliverables and declared fields)', tag: 'jobs',
      access: { roles: ['owner', 'admin'] },
      query: {
        type: 'object', required: ['sop'], additionalProperties: false,
        properties: { sop: { type: 'string', minLength: 1, maxLength: 64 }, format: { enum: [...EXPORT_FORMATS], description: 'Default csv' } },
      },
      responses: {
        200: { description: `The header row: code, title, sop, version, vendor, assignee:<role>…, reference:<deliverable>…, field:<id>…; CSV (${EXPORT_CONTENT_TYPES.csv}, UTF-8 with a byte order mark) or XLSX`, contentType: 'text/csv', schema: INLINE.binary(EXPORT_CONTENT_TYPES.csv) },
        422: { description: '`sop-not-published`' },
      },
      async handler(req: ApiRequest, res: Response) {
        const q = req.query as { sop: string; format?: ExportFormat };
        const version = await prisma.sopVersion.findFirst({ where: { sopKey: q.sop }, orderBy: { version: 'desc' } });
        if (!version) throw unprocessable('sop-not-published', `SOP "${q.sop}" is not published.`, [{ path: 'query/sop', message: 'no published version' }]);
        const plan = version.plan as unknown as ExecutionPlan;
        const headers = [
          'code', 'title', 'sop', 'version', 'vendor',
          ...plan.roles.filter((r) => r !== 'owner').map((r) => `assignee:${r}`),
          ...Object.values(plan.deliverables).filter((d) => d.reference).map((d) => `reference:${d.id}`),
          ...(declaredJobFields(version.definition) ?? []).map((f) => `field:${f.id}`),
        ];
        await sendTable(res, { format: q.format ?? 'csv', filename: `bulk-start-${q.sop}`, sheetName: 'Jobs', headers, pages: onePage([]) });
        return undefined;
      },
    },
  ];
}
