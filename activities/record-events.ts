/**
 * Writes the workflow's transitions into the read model (StepRun, Job) and the
 * audit trail. Idempotent: a retried batch upserts the same rows and appends
 * an audit event only for a change not yet recorded.
 */
import type { JobEvent, RecordEventsInput, StepState } from '../core/jobs/contract';
import { appendAudit, type AuditTx } from '../platform/audit/audit-log';
import type { ActivityDeps } from './deps';
import { notifyActivity } from './notify';

const TERMINAL = new Set(['completed', 'cancelled', 'failed']);

async function recordStep(tx: AuditTx, jobId: string, step: StepState, at: number): Promise<void> {
  const key = { jobId_nodeId_round: { jobId, nodeId: step.nodeId, round: step.round } };
  const before = await tx.stepRun.findUnique({ where: key });
  const row = {
    type: step.type,
    status: step.status,
    activatedAt: new Date(step.activatedAt),
    dueAt: step.dueAt !== undefined ? new Date(step.dueAt) : null,
    completedAt: step.completedAt !== undefined ? new Date(step.completedAt) : null,
    outcome: step.outcome ?? null,
    assigneeRole: step.assigneeRole ?? null,
    assigneeUserId: step.assigneeUserId ?? null,
  };
  await tx.stepRun.upsert({ where: key, create: { jobId, nodeId: step.nodeId, round: step.round, ...row }, update: row });
  const data = { nodeId: step.nodeId, round: step.round, type: step.type };
  const entry = { actorLabel: 'workflow', jobId, at: new Date(at) };
  if (!before) await appendAudit(tx, { ...entry, type: 'step.activated', data: { ...data, dueAt: row.dueAt?.toISOString() ?? null } });
  if (step.status !== 'active' && before?.status !== step.status) {
    await appendAudit(tx, { ...entry, type: `step.${step.status === 'done' ? 'completed' : step.status}`, data: { ...data, outcome: step.outcome ?? null } });
  }
  if (step.overdue && step.status === 'active') {
    const already = await tx.auditEvent.findFirst({ where: { jobId, type: 'step.overdue', data: { equals: { ...data, dueAt: row.dueAt?.toISOString() ?? null } } } });
    if (!already) await appendAudit(tx, { ...entry, type: 'step.overdue', data: { ...data, dueAt: row.dueAt?.toISOString() ?? null } });
  }
}

async function recordJob(tx: AuditTx, jobId: string, event: Extract<JobEvent, { kind: 'job' }>): Promise<void> {
  const job = await tx.job.findUnique({ where: { id: jobId }, select: { status: true } });
  if (!job) return;
  const detail = event.detail ?? {};
  if (job.status !== event.status) {
    await tx.job.update({ where: { id: jobId }, data: { status: event.status, completedAt: TERMINAL.has(event.status) ? new Date(event.at) : null } });
    await appendAudit(tx, { type: `job.${event.status}`, actorLabel: 'workflow', jobId, at: new Date(event.at), data: detail });
  } else if (event.status === 'running' && 'sopKey' in detail) {
    const started = await tx.auditEvent.findFirst({ where: { jobId, type: 'job.started' }, select: { seq: true } });
    if (!started) await appendAudit(tx, { type: 'job.started', actorLabel: 'workflow', jobId, at: new Date(event.at), data: detail });
  }
}

export function recordEventsActivity(deps: ActivityDeps) {
  const notify = notifyActivity(deps);
  return async function recordEvents({ jobId, events, notices }: RecordEventsInput): Promise<void> {
    if (events.length > 0) {
      await deps.db.prisma.$transaction(async (tx) => {
        for (const event of events) {
          if (event.kind === 'step') await recordStep(tx, jobId, event.step, event.at);
          else await recordJob(tx, jobId, event);
        }
      });
    }
    // Each notice is idempotent on its own key: a retried batch creates nothing twice.
    for (const notice of notices ?? []) await notify(notice);
  };
}
