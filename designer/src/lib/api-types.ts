import type { SopDefinition } from '../../../core/sop/types';

export type AccountRole = 'admin' | 'owner' | 'qa' | 'manager' | 'procurement' | 'vendor';

export interface Me {
  id: string;
  email: string;
  name: string;
  roles: AccountRole[];
  orgId: string;
  org: { id: string; name: string; kind: 'internal' | 'vendor' };
  locale?: string;
  timezone?: string;
}

/** Times arrive as ISO strings (or epoch ms from engine-shaped payloads). */
export type Instant = string | number | null | undefined;

export type StepStatusName = 'active' | 'done' | 'overdue' | 'skipped' | 'cancelled';

export interface JobStep {
  nodeId: string;
  type: string;
  status: StepStatusName;
  round: number;
  activatedAt?: Instant;
  dueAt?: Instant;
  completedAt?: Instant;
  outcome?: string | null;
  assigneeRole?: string;
  assigneeUserId?: string | null;
  title?: string | null;
}

export type JobStatusName = 'running' | 'completed' | 'cancelled' | 'failed' | 'stuck';

export interface JobSummary {
  id: string;
  code: string;
  title: string;
  status: JobStatusName;
  sop: { key: string; version: number; name?: string };
  vendorOrg?: { id: string; name: string };
  vendorOrgId?: string;
  createdAt?: Instant;
  completedAt?: Instant;
  activeSteps?: Array<string | ActiveStepBrief>;
  steps?: JobStep[];
  assignees?: Record<string, string>;
}

/** Active steps as the job list sends them. */
export interface ActiveStepBrief {
  nodeId: string;
  type: string;
  round: number;
  dueAt?: Instant;
  assigneeRole?: string | null;
  /** The SOP node's title, when the API sends it. */
  title?: string | null;
}

export interface JobDetail extends JobSummary {
  workflowId?: string;
  steps: JobStep[];
  activeSteps: string[];
  fields?: Record<string, unknown>;
  /** The SOP version the job runs, when the API includes it. */
  definition?: SopDefinition | null;
}

export interface JobFiles {
  versions: FileVersion[];
  references: Array<{ deliverable: string; fileId: string; name: string; sha256: string; size?: number; mime?: string }>;
}

export interface CheckResult {
  id?: string;
  nodeId?: string;
  round?: number;
  kind: 'naming' | 'visual' | 'ocr' | 'checklist';
  deliverable?: string;
  passed: boolean;
  summary?: string;
  figures?: Record<string, unknown>;
  reasons?: unknown[];
  artefacts?: Record<string, string> | Array<{ kind?: string; fileId: string }>;
  diffFileId?: string;
  fileId?: string;
  referenceFileId?: string;
  createdAt?: Instant;
  at?: Instant;
}

export interface FileVersion {
  id?: string;
  fileId?: string;
  deliverable: string;
  version: number;
  name: string;
  sha256: string;
  size?: number;
  mime?: string;
  by?: string | { id?: string; name?: string; email?: string };
  uploadedBy?: string | { id?: string; name?: string; email?: string };
  at?: Instant;
  createdAt?: Instant;
  nodeId?: string;
  round?: number;
  naming?: { passed: boolean; reasons?: unknown[] };
}

export interface AuditEvent {
  seq: number;
  at: Instant;
  actor?: string | { id?: string; name?: string } | null;
  actorId?: string | null;
  type: string;
  data?: Record<string, unknown>;
  hash?: string;
  prevHash?: string;
}

export interface JobComment {
  id: string;
  body?: string;
  text?: string;
  author?: string | { id?: string; name?: string };
  at?: Instant;
  createdAt?: Instant;
}

export interface SopVersionInfo {
  version: number;
  publishedAt?: Instant;
  publishedById?: string;
}

export interface SopSummary {
  key: string;
  name?: string;
  ownerId?: string;
  draftUpdatedAt?: Instant;
  latestVersion?: number | null;
  publishedAt?: Instant;
}

export interface SopDetail {
  key: string;
  name?: string;
  draft?: SopDefinition | null;
  draftUpdatedAt?: Instant;
  versions: SopVersionInfo[];
  latest?: { version: number; definition: SopDefinition } | null;
}

export interface SopVersion {
  key: string;
  version: number;
  definition: SopDefinition;
  publishedAt?: Instant;
}

/** A QA decision as `GET /api/jobs/:id/reviews` sends it (reasons as codes or `{ code, label }`). */
export interface JobReview {
  id?: string;
  nodeId: string;
  round: number;
  decision: 'approved' | 'rejected';
  reasons?: Array<string | { code: string; label?: string }>;
  comment?: string | null;
  reviewer?: string | { id?: string; name?: string; email?: string } | null;
  at?: Instant;
  createdAt?: Instant;
  /** The step's title, when the API sends it. */
  stepTitle?: string | null;
}

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
