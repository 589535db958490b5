import type { SopDefinition } from '../../../core/sop/types';

/**
 * The API's shapes as the UI reads them: aliases of the types generated from
 * the server's OpenAPI document (./api-schema.d.ts, `npm run gen:api-types`;
 * a unit test fails when it is stale). Where the document says "an SOP document"
 * loosely, the UI reads it as the SOP format's type (vendors get the reduced
 * view of core/sop/vendor-view.ts, a subset of it).
 */
import type { components, paths } from './api-schema';

type Schemas = components['schemas'];

export type AccountRole = Schemas['Me']['roles'][number];

export type Me = Schemas['Me'];

/** Times arrive as ISO strings (or epoch ms from engine-shaped payloads). */
export type Instant = string | number | null | undefined;

export type StepStatusName = Schemas['Step']['status'];

export type JobStep = Schemas['Step'];

export type JobStatusName = Schemas['JobSummary']['status'];

/** A job of `GET /api/jobs` (its active steps as objects). */
export type JobSummary = Schemas['JobSummary'];

/** Active steps as the job list sends them. */
export type ActiveStepBrief = Schemas['ActiveStep'];

/** `GET /api/jobs/:id`: the job with its steps and the SOP version it runs. */
export type JobDetail = Omit<Schemas['JobDetail'], 'definition'> & { definition: SopDefinition | null };

export type JobFiles = Schemas['JobFiles'];

export type CheckResult = Schemas['CheckResult'];

export type FileVersion = Schemas['FileVersion'];

/** `GET /api/jobs/:id/files/compare`: two files of a job compared (pixels, regions, diff image, OCR text diff). */
export type FileComparison = Schemas['FileComparison'];

/** `GET /api/jobs/:id/submissions`: what was handed in with each submission, oldest first. */
export type SubmissionsPage = paths['/api/jobs/{id}/submissions']['get'] extends { responses: { 200: { content: { 'application/json': infer B } } } } ? B : never;

/** One submission as read back: note, checklist ticks, form answers, files. */
export type HandedIn = SubmissionsPage['items'][number];

/** `GET /api/jobs/:id/reports`: filed and missed report periods, oldest first, and the periods owed now. */
export type ReportsPage = paths['/api/jobs/{id}/reports']['get'] extends { responses: { 200: { content: { 'application/json': infer B } } } } ? B : never;

/** One report period as read back (filed or missed). */
export type JobReportItem = Schemas['JobReport'];

/** A period a report may be filed for now. */
export type OwedReport = Schemas['OwedReport'];

export type AuditEvent = Schemas['Event'];

export type JobComment = Schemas['Comment'];

export type SopVersionInfo = Schemas['SopDetail']['versions'][number];

export type SopSummary = Schemas['SopSummary'];

export type SopDetail = Omit<Schemas['SopDetail'], 'draft' | 'latest'> & {
  /** Work in progress: may be invalid. */
  draft: SopDefinition | null;
  latest: { version: number; definition: SopDefinition } | null;
};

export type SopVersion = Omit<Schemas['SopVersion'], 'definition'> & { definition: SopDefinition };

/** A QA decision as `GET /api/jobs/:id/reviews` sends it. */
export type JobReview = Schemas['Review'];

export type Org = Schemas['Org'];
export type User = Schemas['User'];
export type Notification = Schemas['Notification'];
export type Delivery = Schemas['Delivery'];
export type ChannelConfig = Schemas['ChannelConfig'];
export type NotificationPreferences = Schemas['NotificationPreferences'];
export type VendorKpis = Schemas['VendorKpis'];
export type Overview = Schemas['Overview'];
export type StoredFile = Schemas['StoredFile'];
export type Submission = Schemas['Submission'];

export function activeStepId(s: string | ActiveStepBrief): string {
  return typeof s === 'string' ? s : s.nodeId;
}

/** Lists may come bare or wrapped in `{ items }` / `{ data }` (pagination). */
export function listItems<T>(value: unknown): T[] {
  if (Array.isArray(value)) return value as T[];
  if (value && typeof value === 'object') {
    const v = value as { items?: unknown; data?: unknown; jobs?: unknown; sops?: unknown; versions?: unknown };
    for (const candidate of [v.items, v.data, v.jobs, v.sops, v.versions]) if (Array.isArray(candidate)) return candidate as T[];
  }
  return [];
}

export function personName(p: string | { id?: string; name?: string; email?: string } | null | undefined): string {
  if (!p) return '—';
  if (typeof p === 'string') return p;
  return p.name ?? p.email ?? p.id ?? '—';
}

/** A code of the organisation's delay reason catalogue (`GET /api/delay-reasons`). */
export type DelayReason = Schemas['DelayReason'];

/** `GET /api/reports/vendors`: scorecards and ranking of a window. */
export type VendorReport = Schemas['VendorReport'];
export type VendorReportRow = VendorReport['vendors'][number];

/** `GET /api/portfolio`: one job of the portfolio Gantt with its steps planned vs actual. */
export type PortfolioJob = Schemas['PortfolioJob'];
export type PortfolioStep = Schemas['PortfolioStep'];
/** `GET /api/portfolio/burndown`: open steps per day of a period with the ideal line. */
export type PortfolioBurndown = paths['/api/portfolio/burndown']['get'] extends { responses: { 200: { content: { 'application/json': infer B } } } } ? B : never;
/** `GET /api/reports/monthly`: one stored monthly vendor report. */
export type MonthlyReport = Schemas['MonthlyReport'];
/** `POST /api/reports/monthly`. */
export interface MonthlyReportBuilt {
  created: boolean;
  report: MonthlyReport;
}

/** A job's migration to another SOP version: planned (dry run), done, or refused. */
export type JobMigration = Schemas['JobMigration'];
export type SopMigration = Schemas['SopMigration'];
