import type { AuthUser } from '../auth/auth-user';
import { visibleFields } from '../access/field-visibility';
import type { StepRow } from './job-reads';
interface JobRow {
  id: string; code: string; title: string; status: string; workflowId: string; sopKey: string; sopVersion: number;
  vendorOrgId: string; ownerId: string; assignees: unknown; fields: unknown; createdAt: Date; completedAt: Date | null;
  vendorOrg?: { id: string; name: string };
}

/** A step's public status: `overdue` is an active step past its due time. */
export function stepStatus(step: Pick<StepRow, 'status' | 'dueAt'>, now = Date.now()): string {
  if (step.status === 'active' && step.dueAt && step.dueAt.getTime() < now) return 'overdue';
  return step.status;
}

/** nodeId → title of the job's SOP version (see api/sops/plan-cache.ts). */
export type StepTitles = ReadonlyMap<string, string>;
const NO_TITLES: StepTitles = new Map();

export function stepDto(step: StepRow, titles: StepTitles = NO_TITLES, now = Date.now()) {
  return {
    nodeId: step.nodeId,
    /** The SOP node's title (what people read); null when the node has none. */
    title: titles.get(step.nodeId) ?? null,
    type: step.type,
    status: stepStatus(step, now),
    round: step.round,
    activatedAt: step.activatedAt.toISOString(),
    dueAt: step.dueAt?.toISOString() ?? null,
    completedAt: step.completedAt?.toISOString() ?? null,
    outcome: step.outcome,
    assigneeRole: step.assigneeRole,
    assigneeUserId: step.assigneeUserId,
  };
}

/** `definition`: the SOP version's document (its `fields` declaration decides what `user` reads). */
export function jobSummaryDto(job: JobRow, user: AuthUser, definition: unknown) {
  return {
    id: job.id,
    code: job.code,
    title: job.title,
    status: job.status,
    workflowId: job.workflowId,
    sop: { key: job.sopKey, version: job.sopVersion },
    vendorOrg: job.vendorOrg ? { id: job.vendorOrg.id, name: job.vendorOrg.name } : { id: job.vendorOrgId },
    ownerId: job.ownerId,
    assignees: job.assignees,
    createdAt: job.createdAt.toISOString(),
    completedAt: job.completedAt?.toISOString() ?? null,
    fields: visibleFields(user, definition, job.fields),
  };
}

export function jobDetailDto(job: JobRow, steps: StepRow[], user: AuthUser, definition: unknown, titles: StepTitles = NO_TITLES, now = Date.now()) {
  // Steps activated in the same millisecond: the one that finished first came first.
  const finished = (s: StepRow) => s.completedAt?.getTime() ?? Number.MAX_SAFE_INTEGER;
  const ordered = [...steps].sort((a, b) => a.activatedAt.getTime() - b.activatedAt.getTime() || finished(a) - finished(b) || a.round - b.round);
  return {
    ...jobSummaryDto(job, user, definition),
    steps: ordered.map((s) => stepDto(s, titles, now)),
    activeSteps: ordered.filter((s) => s.status === 'active').map((s) => s.nodeId),
  };
}
