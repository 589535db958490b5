/**
 * Writes the workflow's transitions into the read model (StepRun, Job) and the
 * audit trail, and the notices that ride in the same batch into the outbox.
 * Idempotent: a retried batch upserts the same rows, appends an audit event
 * only for a change not yet recorded and creates no outbox row twice (unique
 * idempotency keys, `ON CONFLICT DO NOTHING`).
 *
 * Group commit (platform/audit/group-commit.ts): the batches of many jobs that
 * arrive together — 1,000 deadlines falling in the same minute — are written
 * in one transaction per group, with one query per kind of fact for the whole
 * group, every audit event of the group chained under one acquisition of the
 * audit lock (appendAuditBatch), and the generic-webhook rows of the new
 * events created right there (event-relay.ts `webhookRows`: same keys as the
 * relay's, so each event still reaches each webhook once). A batch alone is
 * written at once, as before. After the commit the new rows go straight to
 * the dispatcher of this process, or the dispatchers are woken
 * (outbox-signal.ts), instead of finding the rows at their next poll.
 */
import type { JobEvent, JobStatus, NotifyInput, RecordEventsInput } from '../core/jobs/contract';
import { appendAuditBatch, type AuditEntry, type AuditTx } from '../platform/audit/audit-log';
import { canonicalJson } from '../platform/audit/canonical-json';
import { groupCommit } from '../platform/audit/group-commit';
import type { Database } from '../platform/db/database';
import type { Prisma } from '../platform/db/prisma-types';
import { webhookRows } from '../platform/notifications/event-relay';
import { insertOutboxRows } from '../platform/notifications/outbox-insert';
import type { OutboxPayload } from '../platform/notifications/outbox-payload';
import { localDispatcher, notifyOutboxInTransaction, noteRelayed } from '../platform/notifications/outbox-signal';
import type { ActivityDeps } from './deps';
import { configsForJobs, planCache, prepareNotices, type NoticeContext, type NoticeJob } from './notice-rows';

const TERMINAL = new Set(['completed', 'cancelled', 'failed']);

interface JobRow extends NoticeJob {
  status: JobStatus;
}

interface StepRow {
  type: string;
  status: 'active' | 'done' | 'skipped' | 'cancelled';
  activatedAt: Date;
  dueAt: Date | null;
  completedAt: Date | null;
  outcome: string | null;
  assigneeRole: string | null;
  assigneeUserId: string | null;
}

interface StepWrite {
  jobId: string;
  nodeId: string;
  round: number;
  row: StepRow;
  /** The row existed when the group read the step runs. */
  existed: boolean;
}

/** The result of one batch: outbox rows its notices created. */
export interface RecordResult {
  created: number;
}

const stepKey = (jobId: string, nodeId: string, round: number) => `${jobId}\u0000${nodeId}\u0000${round}`;

/**
 * The read-model changes and audit events of every batch of a group, computed
 * in memory from one read of the group's jobs, step runs and prior events, in
 * each batch's order (a later event of a batch sees the earlier ones).
 */
async function planTransitions(db: Database, items: readonly RecordEventsInput[], jobs: Map<string, JobRow>) {
  const stepEvents = items.flatMap((i) => i.events.filter((e): e is Extract<JobEvent, { kind: 'step' }> => e.kind === 'step').map((e) => ({ jobId: i.jobId, e })));
  const stepJobIds = [...new Set(stepEvents.map((s) => s.jobId))];
  const existing = stepJobIds.length === 0 ? [] : await db.query<{ jobId: string; nodeId: string; round: number; status: string }>(
    `SELECT "jobId", "nodeId", "round", "status"::text AS "status" FROM "StepRun" WHERE "jobId" = ANY($1::text[])`,
    [stepJobIds],
  );
  const stepStatus = new Map<string, string>(existing.map((s) => [stepKey(s.jobId, s.nodeId, Number(s.round)), s.status]));
  const existedAtRead = new Set(stepStatus.keys());

  const overdueJobs = [...new Set(stepEvents.filter((s) => s.e.step.overdue && s.e.step.status === 'active').map((s) => s.jobId))];
  const priorOverdue = overdueJobs.length === 0 ? [] : await db.query<{ jobId: string; data: unknown }>(
    `SELECT "jobId", "data" FROM "AuditEvent" WHERE "jobId" = ANY($1::text[]) AND "type" = 'step.overdue'`,
    [overdueJobs],
  );
  const overdueSeen = new Set(priorOverdue.map((a) => `${a.jobId}\u0000${canonicalJson(a.data)}`));

  const startCandidates = items.filter((i) => i.events.some((e) => e.kind === 'job' && e.status === 'running' && 'sopKey' in (e.detail ?? {}))).map((i) => i.jobId);
  const priorStarted = startCandidates.length === 0 ? [] : await db.query<{ jobId: string }>(
    `SELECT DISTINCT "jobId" FROM "AuditEvent" WHERE "jobId" = ANY($1::text[]) AND "type" = 'job.started'`,
    [startCandidates],
  );
  const started = new Set(priorStarted.map((a) => a.jobId));

  // Deadlines a new calendar version moved (job events with `calendarChanged`): audited once per step round and version.
  const calendarJobs = items.filter((i) => i.events.some((e) => e.kind === 'job' && 'calendarChanged' in (e.detail ?? {}))).map((i) => i.jobId);
  const priorRetimes = calendarJobs.length === 0 ? [] : await db.query<{ jobId: string; key: string }>(
    `SELECT "jobId", concat_ws('/', "data"->>'nodeId', "data"->>'round', "data"->>'calendarVersion') AS "key" FROM "AuditEvent"
     WHERE "jobId" = ANY($1::text[]) AND "type" = 'step.deadline_changed' AND "data"->>'reason' = 'calendar'`,
    [calendarJobs],
  );
  const retimed = new Set(priorRetimes.map((a) => `${a.jobId}\u0000${a.key}`));

  const steps = new Map<string, StepWrite>();
  const jobUpdates = new Map<string, { status: JobStatus; completedAt: Date | null }>();
  /** Jobs moved to another SOP version (the workflow's `migrate` Update): the version they run now. */
  const versionUpdates = new Map<string, number>();
  const audits = new Map<string, AuditEntry[]>();
  for (const item of items) {
    const { jobId } = item;
    const entries: AuditEntry[] = [];
    audits.set(jobId, entries);
    for (const event of item.events) {
      if (event.kind === 'step') {
        const { step, at } = event;
        const key = stepKey(jobId, step.nodeId, step.round);
        const before = stepStatus.get(key);
        const row: StepRow = {
          type: step.type,
          status: step.status,
          activatedAt: new Date(step.activatedAt),
          dueAt: step.dueAt !== undefined ? new Date(step.dueAt) : null,
          completedAt: step.completedAt !== undefined ? new Date(step.completedAt) : null,
          outcome: step.outcome ?? null,
          assigneeRole: step.assigneeRole ?? null,
          assigneeUserId: step.assigneeUserId ?? null,
        };
        steps.set(key, { jobId, nodeId: step.nodeId, round: step.round, row, existed: existedAtRead.has(key) });
        stepStatus.set(key, step.status);
        const data = { nodeId: step.nodeId, round: step.round, type: step.type };
        const entry = { actorLabel: 'workflow', jobId, at: new Date(at) };
        const dueAt = row.dueAt?.toISOString() ?? null;
        if (before === undefined) entries.push({ ...entry, type: 'step.activated', data: { ...data, dueAt } });
        if (step.status !== 'active' && before !== step.status) {
          entries.push({ ...entry, type: `step.${step.status === 'done' ? 'completed' : step.status}`, data: { ...data, outcome: step.outcome ?? null } });
        }
        if (step.overdue && step.status === 'active') {
          const overdue = { ...data, dueAt };
          const seen = `${jobId}\u0000${canonicalJson(overdue)}`;
          if (!overdueSeen.has(seen)) {
            overdueSeen.add(seen);
            entries.push({ ...entry, type: 'step.overdue', data: overdue });
          }
        }
      } else {
        const job = jobs.get(jobId);
        if (!job) continue;
        const detail = event.detail ?? {};
        if (typeof detail.sopVersion === 'number' && 'migrated' in detail) {
          // Later notices of the batch render with the new version's plan.
          job.sopVersion = detail.sopVersion;
          versionUpdates.set(jobId, detail.sopVersion);
        }
        if (job.status !== event.status) {
          job.status = event.status;
          jobUpdates.set(jobId, { status: event.status, completedAt: TERMINAL.has(event.status) ? new Date(event.at) : null });
          entries.push({ type: `job.${event.status}`, actorLabel: 'workflow', jobId, at: new Date(event.at), data: detail });
        } else if (event.status === 'running' && 'sopKey' in detail && !started.has(jobId)) {
          started.add(jobId);
          entries.push({ type: 'job.started', actorLabel: 'workflow', jobId, at: new Date(event.at), data: detail });
        }
        const change = detail.calendarChanged as { key: string; version: number; moved: Array<{ nodeId: string; round: number; from: number; to: number }> } | undefined;
        for (const m of change?.moved ?? []) {
          const seen = `${jobId}\u0000${m.nodeId}/${m.round}/${change!.version}`;
          if (retimed.has(seen)) continue;
          retimed.add(seen);
          entries.push({
            type: 'step.deadline_changed', actorLabel: 'workflow', jobId, at: new Date(event.at),
            data: { nodeId: m.nodeId, round: m.round, from: new Date(m.from).toISOString(), to: new Date(m.to).toISOString(), reason: 'calendar', calendarKey: change!.key, calendarVersion: change!.version },
          });
        }
      }
    }
  }
  return { steps: [...steps.values()], jobUpdates, versionUpdates, audits };
}

/** Creates the step runs that did not exist and updates the others, in two statements for the whole group. */
async function writeSteps(tx: AuditTx, steps: readonly StepWrite[]): Promise<void> {
  const fresh = steps.filter((s) => !s.existed);
  let toUpdate = steps.filter((s) => s.existed);
  if (fresh.length > 0) {
    const created = await tx.stepRun.createManyAndReturn({
      data: fresh.map((s) => ({ jobId: s.jobId, nodeId: s.nodeId, round: s.round, ...s.row })),
      skipDuplicates: true,
      select: { jobId: true, nodeId: true, round: true },
    });
    const made = new Set(created.map((c) => stepKey(c.jobId, c.nodeId, c.round)));
    // Created meanwhile by someone else (an overlapping retry): updated like an existing row.
    toUpdate = toUpdate.concat(fresh.filter((s) => !made.has(stepKey(s.jobId, s.nodeId, s.round))));
  }
  if (toUpdate.length === 0) return;
  const values = toUpdate.map((s) => ({
    jobId: s.jobId, nodeId: s.nodeId, round: s.round, type: s.row.type, status: s.row.status,
    activatedAt: s.row.activatedAt.toISOString(), dueAt: s.row.dueAt?.toISOString() ?? null, completedAt: s.row.completedAt?.toISOString() ?? null,
    outcome: s.row.outcome, assigneeRole: s.row.assigneeRole, assigneeUserId: s.row.assigneeUserId,
  }));
  await tx.$executeRawUnsafe(
    `UPDATE "StepRun" AS s SET "type" = v."type", "status" = v."status"::"StepRunStatus", "activatedAt" = v."activatedAt", "dueAt" = v."dueAt",
       "completedAt" = v."completedAt", "outcome" = v."outcome", "assigneeRole" = v."assigneeRole", "assigneeUserId" = v."assigneeUserId"
     FROM jsonb_to_recordset($1::jsonb) AS v("jobId" text, "nodeId" text, "round" int, "type" text, "status" text, "activatedAt" timestamptz,
       "dueAt" timestamptz, "completedAt" timestamptz, "outcome" text, "assigneeRole" text, "assigneeUserId" text)
     WHERE s."jobId" = v."jobId" AND s."nodeId" = v."nodeId" AND s."round" = v."round"`,
    JSON.stringify(values),
  );
}

/**
 * Writes a group of batches (distinct jobs) in one transaction; one result per batch. `first` runs in the same
 * transaction before the batches (an Update's own row: record-update.ts); its answer is returned beside them.
 */
async function writeGroup<T = undefined>(
  db: Database, ctx: NoticeContext, items: readonly RecordEventsInput[], first?: (tx: AuditTx) => Promise<T>,
): Promise<{ results: RecordResult[]; first: T | undefined }> {
  const prisma = db.prisma;
  const jobIds = [...new Set(items.flatMap((i) => [i.jobId, ...(i.notices ?? []).map((n) => n.jobId)]))];
  const found = await db.query<JobRow>(
    `SELECT j."id", j."status"::text AS "status", j."code", j."title", j."sopKey", j."sopVersion", j."vendorOrgId", u."orgId" AS "ownerOrgId"
     FROM "Job" j JOIN "User" u ON u."id" = j."ownerId" WHERE j."id" = ANY($1::text[])`,
    [jobIds],
  );
  const jobs = new Map<string, JobRow>(found.map((j) => [j.id, { ...j, sopVersion: Number(j.sopVersion) }]));
  const { steps, jobUpdates, versionUpdates, audits } = await planTransitions(db, items, jobs);

  // Configs of every job that notifies or has an event to relay (one query): robots and e-mail for the notices, webhooks for the events.
  const notices = items.flatMap((i, index) => (i.notices ?? []).map((input: NotifyInput) => ({ index, input, job: jobs.get(input.jobId) })));
  const concerned = [...jobs.values()].filter((j) => notices.some((n) => n.job?.id === j.id) || (audits.get(j.id)?.length ?? 0) > 0);
  const { byJob: configs, webhooks } = await configsForJobs(db, concerned);
  const prepared = notices.length === 0 ? [] : await prepareNotices(ctx, notices, configs);

  // A dispatcher running in this process gets the rows claimed for it at insert (outbox-signal.ts).
  const handoff = localDispatcher(db);
  const leaseEnd = Date.now() + (handoff?.leaseMs ?? 0);
  const claimed = handoff ? { attempts: 1, nextAttemptAt: new Date(leaseEnd) } : {};
  const claim = (row: Prisma.NotificationCreateManyInput) => (row.status === 'pending' ? { ...row, ...claimed } : row);

  // One row per idempotency key, attributed to the first notice that renders it.
  const rowOwner = new Map<string, number>();
  const rows: Prisma.NotificationCreateManyInput[] = [];
  prepared.forEach((p, n) => {
    for (const row of p.rows) {
      if (rowOwner.has(row.idempotencyKey)) continue;
      rowOwner.set(row.idempotencyKey, n);
      rows.push(claim(row));
    }
  });
  const configById = new Map([...[...configs.values()].flat(), ...webhooks].map((c) => [c.id, c]));
  let relayed: number[] = [];

  const { results, pending, head } = await prisma.$transaction(async (tx) => {
    const pending: Prisma.NotificationCreateManyInput[] = [];
    const head = first ? await first(tx) : undefined;
    await writeSteps(tx, steps);
    for (const [id, update] of jobUpdates) await tx.job.update({ where: { id }, data: update });
    for (const [id, sopVersion] of versionUpdates) await tx.job.update({ where: { id }, data: { sopVersion } });
    const createdPerNotice = new Array<number>(prepared.length).fill(0);
    const byKey = new Map(rows.map((r) => [r.idempotencyKey, r]));
    for (const c of await insertOutboxRows(tx, rows)) {
      createdPerNotice[rowOwner.get(c.idempotencyKey)!]! += 1;
      if (c.status === 'pending') pending.push({ ...byKey.get(c.idempotencyKey)!, id: c.id });
    }
    // Audit events in each batch's order: its transitions, then its notices that created a row.
    const entries: AuditEntry[] = [];
    items.forEach((item, index) => {
      entries.push(...(audits.get(item.jobId) ?? []));
      notices.forEach((n, i) => {
        if (n.index === index && createdPerNotice[i]! > 0 && prepared[i]!.audit) entries.push(prepared[i]!.audit!);
      });
    });
    const appended = await appendAuditBatch(tx, entries);
    relayed = appended.map((a) => a.seq);
    const hooks = webhookRows(appended, webhooks, (id) => jobs.get(id), ctx.publicUrl).map(claim);
    const hookByKey = new Map(hooks.map((r) => [r.idempotencyKey, r]));
    for (const c of await insertOutboxRows(tx, hooks)) pending.push({ ...hookByKey.get(c.idempotencyKey)!, id: c.id });
    if (pending.length > 0 && !handoff) await notifyOutboxInTransaction(tx);
    const results = items.map((_, index) => ({ created: notices.reduce((sum, n, i) => sum + (n.index === index ? createdPerNotice[i]! : 0), 0) }));
    return { results, pending, head };
  }, { maxWait: 15_000, timeout: 30_000 });
  noteRelayed(db, relayed, new Set(webhooks.map((c) => c.id)));
  if (pending.length > 0 && handoff) {
    handoff.take(pending.map((r) => ({
      id: r.id!, idempotencyKey: r.idempotencyKey, channel: r.channel, payload: r.payload as OutboxPayload, config: (r.configId && configById.get(r.configId)) || null, attempt: 1,
    })), leaseEnd);
  }
  return { results, first: head };
}

/**
 * Writes one batch in one transaction after `first` (not group-committed): an Update's own row and the
 * transitions it causes (record-update.ts). One per activity set.
 */
export function batchAfterWriter(deps: ActivityDeps): <T>(input: RecordEventsInput, first: (tx: AuditTx) => Promise<T>) => Promise<T> {
  const ctx: NoticeContext = { db: deps.db, publicUrl: deps.publicUrl, planOf: planCache(deps.db.prisma) };
  return async (input, first) => (await writeGroup(deps.db, ctx, [input], first)).first!;
}

/** The group writer behind `recordEvents` (and `notifyActivity`): one per activity set. */
export function recordBatchWriter(deps: ActivityDeps): (input: RecordEventsInput) => Promise<RecordResult> {
  const ctx: NoticeContext = { db: deps.db, publicUrl: deps.publicUrl, planOf: planCache(deps.db.prisma) };
  return groupCommit<RecordEventsInput, RecordResult>({
    key: (input) => input.jobId,
    write: async (items) => (await writeGroup(deps.db, ctx, items)).results,
  });
}

export function recordEventsActivity(deps: ActivityDeps) {
  const write = recordBatchWriter(deps);
  return async function recordEvents(input: RecordEventsInput): Promise<void> {
    if (input.events.length === 0 && (input.notices ?? []).length === 0) return;
    await write(input);
  };
}
