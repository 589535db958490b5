/**
 * The job list as an export table: the rows `GET /api/jobs` would list for the
 * same caller and filters (api/jobs/job-reads.ts does the scoping — vendor
 * users only their organisation's jobs — and projects each job's fields with
 * the field-visibility rule in SQL), read in keyset pages of
 * {@link EXPORT_PAGE_SIZE}, newest first. Columns: the job's own, then one per
 * declared job field the caller may read in any SOP version of the jobs in
 * scope (a job of a version without that field leaves it empty). Times in the
 * caller's time zone.
 */
import { DateTime } from 'luxon';
import type { Database } from '../../platform/db/database';
import { declaredJobFields, visibleDeclarations } from '../../core/sop/job-fields';
import { fieldViewerOf } from '../access/field-visibility';
import type { AuthUser } from '../auth/auth-user';
import { readJobList, scopeOrgOf, type JobListFilter } from '../jobs/job-reads';
import type { PlanCache } from '../sops/plan-cache';
import type { Cell } from './table-export';

export const EXPORT_PAGE_SIZE = 1000;

const HEADERS = {
  en: ['Code', 'Title', 'Status', 'SOP', 'SOP version', 'Vendor', 'Created ({zone})', 'Completed ({zone})', 'Active steps'],
  'zh-CN': ['编号', '标题', '状态', 'SOP', 'SOP 版本', '供应商', '创建时间（{zone}）', '完成时间（{zone}）', '进行中的步骤'],
};

interface Summary {
  code: string; title: string; status: string; sop: { key: string; version: number }; vendorOrg: { name: string };
  createdAt: string; completedAt: string | null; fields: Record<string, unknown>;
}

/** The declared fields `user` may read in the SOP versions of the jobs in scope, in declaration order (first seen wins). */
async function fieldColumns(db: Database, user: AuthUser, filter: Omit<JobListFilter, 'limit' | 'after'>): Promise<Array<{ id: string; label: string }>> {
  const rows = await db.query<{ definition: unknown }>(
    `SELECT sv.definition FROM "SopVersion" sv
      WHERE ($1::text IS NULL OR sv."sopKey" = $1::text)
        AND EXISTS (SELECT 1 FROM "Job" j WHERE j."sopKey" = sv."sopKey" AND j."sopVersion" = sv.version
                      AND ($2::text IS NULL OR j."vendorOrgId" = $2::text) AND ($3::text IS NULL OR j."vendorOrgId" = $3::text))
      ORDER BY sv."sopKey", sv.version DESC`,
    [filter.sopKey ?? null, scopeOrgOf(user) ?? null, filter.vendorOrgId ?? null],
  );
  const columns = new Map<string, string>();
  for (const row of rows) {
    for (const spec of visibleDeclarations(declaredJobFields(row.definition) ?? [], fieldViewerOf(user))) if (!columns.has(spec.id)) columns.set(spec.id, spec.label);
  }
  return [...columns].map(([id, label]) => ({ id, label }));
}

const cellOf = (value: unknown): Cell => {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return value.map(String).join('; ');
  return JSON.stringify(value);
};

/** Headers and the paged rows of the job export. */
export async function jobExport(db: Database, plans: PlanCache, user: AuthUser, filter: Omit<JobListFilter, 'limit' | 'after'>): Promise<{ headers: string[]; pages: AsyncIterable<Cell[][]> }> {
  const fields = await fieldColumns(db, user, filter);
  const zone = user.timezone;
  const local = (iso: string | null) => (iso === null ? null : DateTime.fromISO(iso).setZone(zone).toFormat('yyyy-MM-dd HH:mm:ss'));
  const headers = [...(user.locale.startsWith('zh') ? HEADERS['zh-CN'] : HEADERS.en).map((h) => h.replace('{zone}', zone)), ...fields.map((f) => f.label)];
  async function* pages(): AsyncIterable<Cell[][]> {
    let after: JobListFilter['after'];
    for (;;) {
      const rows = await readJobList(db, user, { ...filter, after, limit: EXPORT_PAGE_SIZE });
      if (rows.length === 0) return;
      const page: Cell[][] = [];
      for (const row of rows) {
        const job = JSON.parse(row.summary) as Summary;
        const titles = (await plans.get(row.sopKey, row.sopVersion))?.titles;
        const active = (row.activeSteps ?? []).map((s) => titles?.get(s.nodeId) ?? s.nodeId).join('; ');
        page.push([
          job.code, job.title, job.status, job.sop.key, job.sop.version, job.vendorOrg.name, local(job.createdAt), local(job.completedAt), active || null,
          ...fields.map((f) => cellOf(job.fields[f.id])),
        ]);
      }
      yield page;
      if (rows.length < EXPORT_PAGE_SIZE) return;
      const last = rows.at(-1)!;
      after = { createdAt: new Date(last.createdAt), id: last.id };
    }
  }
  return { headers, pages: pages() };
}
