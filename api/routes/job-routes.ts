import { decodeInstantCursor } from '../http/cursor';
import { randomBytes } from 'node:crypto';
import { createJobStarter, type StartJobBody } from '../jobs/job-start';
import type { AppDeps } from '../deps';
import type { Actor } from '../../core/jobs/contract';
import { appendAudit, audit } from '../../platform/audit/audit-log';
import type { Prisma } from '../../platform/db/prisma-types';
import { isVendorUser, type AuthUser } from '../auth/auth-user';
import { conflict, forbidden, unprocessable } from '../http/problem';
import { JsonText, jobOf, stepsOf, userOf, type RouteDef } from '../http/route';
import { assigneeRefusal } from '../jobs/assignee-rules';
import { signalJob } from '../jobs/signal-job';
import { visibleFields } from '../access/field-visibility';
import { definitionJsonFor } from '../sops/definition-views';
import { fieldChanges } from '../jobs/field-changes';
import { jobDetailDto } from '../jobs/job-dto';
import { stepRiskView, type StepRiskView } from '../jobs/step-risks';
import { checkJobFieldsOrThrow } from '../jobs/job-field-checks';
import { readJobList } from '../jobs/job-reads';
import { INT4_MAX } from '../http/input-rules';
import { searchWordsOf } from '../jobs/job-search';
import { planCacheFor } from '../sops/plan-cache';
import { catalogueOrgOfJob, checkDelayReason } from '../reports/delay-reasons';
import { cancelSignal, extendDeadlineSignal, reassignSignal } from '../../workflows/definitions';
import { paging } from './schemas';
import { INLINE, pageOf, ref } from '../http/response-schemas';

export function actorOf(user: AuthUser): Actor {
  return { userId: user.id, orgId: user.orgId, roles: user.roles, name: user.name };
}

export function jobRoutes(deps: AppDeps): RouteDef[] {
  const prisma = deps.db.prisma;
  const client = deps.temporal.client;
  const plans = planCacheFor(prisma);

  const starter = createJobStarter(deps);

  return [
    {
      method: 'post', path: '/api/jobs', operationId: 'startJob', summary: 'Start a job from a published SOP version (one Temporal workflow)', tag: 'jobs',
      access: { roles: ['owner', 'admin'] }, status: 201,
      body: {
        type: 'object', required: ['sop', 'code', 'title', 'vendorOrgId'], additionalProperties: false,
        properties: {
          sop: { type: 'string', minLength: 3, maxLength: 64 },
          version: { type: 'integer', minimum: 1 },
          code: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' },
          title: { type: 'string', minLength: 1, maxLength: 300 },
          vendorOrgId: { type: 'string', minLength: 1 },
          assignees: { type: 'object', additionalProperties: { type: 'string' } },
          references: { type: 'object', additionalProperties: { type: 'string' } },
          fields: { type: 'object', maxProperties: 100, description: 'Values of the job fields the SOP version declares (`fields` of the SOP); undeclared keys are refused.' },
        },
      },
      responses: {
        201: { description: '{ id, code, workflowId, status }', schema: ref('JobStarted') }, 409: { description: 'Code taken' },
        422: { description: 'Invalid job; `field-undeclared`, `field-invalid`, `field-required` for job fields (errors name each field by JSON pointer)' },
      },
      async handler(req) {
        const user = userOf(req);
        const body = req.body as StartJobBody;
        // A retry of a start whose process died mid-way (Idempotency-Key taken over) finishes that start.
        const resumed = req.idempotencyKey ? await starter.resume(req.idempotencyKey, user) : undefined;
        return resumed ?? starter.start(body, user, req.idempotencyKey);
      },
    },
    {
      method: 'get', path: '/api/jobs', operationId: 'listJobs', summary: 'Jobs in scope, newest first, paginated', tag: 'jobs',
      access: { roles: 'any' },
      query: {
        type: 'object', additionalProperties: false,
        properties: {
          status: { enum: ['running', 'completed', 'cancelled', 'failed', 'stuck'] }, vendorOrgId: { type: 'string' }, sop: { type: 'string' },
          version: { type: 'integer', minimum: 1, maximum: INT4_MAX, description: 'Only jobs running this version of their SOP (with `sop`: the jobs a migration from that version would move)' },
          q: { type: 'string', maxLength: 200, description: 'Search: every word (at most 5, split at spaces) occurs, ASCII letters in any case, in the job\'s code, title, vendor name, SOP name or key, or a submitted or reference file name' },
          ...paging,
        },
      },
      responses: { 200: { description: '{ items, nextCursor }', schema: pageOf(ref('JobSummary')) } },
      async handler(req) {
        const user = userOf(req);
        const q = req.query as unknown as { status?: 'running'; vendorOrgId?: string; sop?: string; version?: number; q?: string; cursor?: string; limit: number };
        const search = searchWordsOf(q.q);
        let after: { createdAt: Date; id: string } | undefined;
        if (q.cursor) {
          const { at, id } = decodeInstantCursor(q.cursor);
          after = { createdAt: at, id };
        }
        const rows = await readJobList(deps.db, user, { status: q.status, vendorOrgId: q.vendorOrgId, sopKey: q.sop, sopVersion: q.version, search, after, limit: q.limit + 1 });
        const page = rows.slice(0, q.limit);
        const last = page.at(-1);
        const items: string[] = [];
        for (const row of page) {
          const titles = (await plans.get(row.sopKey, row.sopVersion))?.titles;
          const activeSteps = (row.activeSteps ?? []).map((s) => ({ nodeId: s.nodeId, title: titles?.get(s.nodeId) ?? null, type: s.type, round: s.round, dueAt: s.dueAt, assigneeRole: s.assigneeRole }));
          items.push(`${row.summary.slice(0, -1)},"activeSteps":${JSON.stringify(activeSteps)}}`);
        }
        const nextCursor = rows.length > q.limit && last ? Buffer.from(`${last.createdAt}|${last.id}`).toString('base64url') : null;
        // The items are JSON rendered by PostgreSQL (see readJobList): the page is assembled as text.
        return new JsonText(`{"items":[${items.join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}`);
      },
    },
    {
      method: 'get', path: '/api/jobs/:id', operationId: 'getJob', summary: 'One job with its steps', tag: 'jobs',
      access: { roles: 'any' }, jobScoped: 'with-steps',
      responses: { 200: { description: 'The job', schema: ref('JobDetail') }, 404: { description: 'Unknown or out of scope' } },
      async handler(req) {
        const user = userOf(req);
        const job = jobOf(req);
        const version = await plans.get(job.sopKey, job.sopVersion);
        const definition = version?.definition ?? null;
        const steps = stepsOf(req);
        const detail = jobDetailDto(job, steps, user, definition, version?.titles);
        // Staff see the delay risk of each scored active step (`risk`, read with the job: job-reads.ts); other steps,
        // and every step a vendor reads (their read carries none), have no such key.
        const risks = new Map<string, StepRiskView>();
        for (const s of steps) if (s.risk && !isVendorUser(user)) risks.set(`${s.nodeId}#${s.round}`, stepRiskView(s.risk));
        const riskOf = (s: { nodeId: string; round: number; status: string }) => (s.status === 'active' || s.status === 'overdue' ? risks.get(`${s.nodeId}#${s.round}`) : undefined);
        const body = JSON.stringify({
          ...detail,
          steps: risks.size === 0 ? detail.steps : detail.steps.map((s) => {
            const risk = riskOf(s);
            return risk ? { ...s, risk } : s;
          }),
        });
        // The definition as the caller may read it (declared fields they may not read left out; vendors get the SOP as
        // core/sop/vendor-view.ts projects it: no check thresholds, phrase lists or escalation ladders), rendered once
        // per SOP version and viewer class (definition-views.ts).
        return new JsonText(`${body.slice(0, -1)},"definition":${definitionJsonFor(user, version)}}`);
      },
    },
    {
      method: 'patch', path: '/api/jobs/:id/fields', operationId: 'editJobFields', summary: 'Set or clear job field values the SOP version declares (audited with old and new values)', tag: 'jobs',
      access: { roles: ['owner', 'admin'] }, jobScoped: true,
      body: {
        type: 'object', required: ['fields'], additionalProperties: false,
        properties: { fields: { type: 'object', minProperties: 1, maxProperties: 100, description: 'field id → new value; `null` clears a field that is not required' } },
      },
      responses: {
        200: { description: '{ fields } — the job\'s fields after the change, as the caller may read them', schema: INLINE.jobFields },
        422: { description: '`field-undeclared`, `field-invalid` or `field-required`, each field named by JSON pointer' },
      },
      async handler(req) {
        const user = userOf(req);
        if (isVendorUser(user)) throw forbidden('Users of a vendor organisation cannot change job fields.');
        const job = jobOf(req);
        const given = (req.body as { fields: Record<string, unknown> }).fields;
        const version = await plans.get(job.sopKey, job.sopVersion);
        const definition = version?.definition ?? null;
        const stored = await prisma.$transaction(async (tx) => {
          // The row lock makes concurrent edits apply one after the other, each audited against what it replaced.
          const rows = await tx.$queryRaw<Array<{ fields: unknown }>>`SELECT fields FROM "Job" WHERE id = ${job.id} FOR UPDATE`;
          const current = (rows[0]?.fields ?? {}) as Record<string, unknown>;
          const next = checkJobFieldsOrThrow(definition, given, current);
          const changes = fieldChanges(current, next);
          if (changes.length === 0) return current;
          await tx.job.update({ where: { id: job.id }, data: { fields: next as Prisma.InputJsonValue } });
          await appendAudit(tx, { type: 'job.fields_changed', actorId: user.id, actorLabel: user.email, jobId: job.id, data: { changes, nonce: randomBytes(16).toString('hex') } });
          return next;
        });
        return { fields: visibleFields(user, definition, stored) };
      },
    },
    {
      method: 'post', path: '/api/jobs/:id/cancel', operationId: 'cancelJob', summary: 'Cancel a running job', tag: 'jobs',
      access: { roles: ['owner', 'manager', 'admin'] }, jobScoped: true,
      body: { type: 'object', additionalProperties: false, properties: { reason: { type: 'string', maxLength: 1000 } } },
      responses: { 200: { description: 'Cancellation sent', schema: INLINE.cancelling }, 409: { description: 'Not running' } },
      async handler(req) {
        const user = userOf(req);
        const job = jobOf(req);
        const reason = (req.body as { reason?: string } | undefined)?.reason;
        await signalJob(client, job, cancelSignal, { actor: actorOf(user), reason });
        await audit(prisma, { type: 'job.cancel_requested', actorId: user.id, actorLabel: user.email, jobId: job.id, data: { reason } });
        return { id: job.id, status: 'cancelling' };
      },
    },
    {
      method: 'post', path: '/api/jobs/:id/steps/:nodeId/deadline', operationId: 'extendDeadline', summary: 'Move an active step\'s deadline, naming why (a delay reason code of the catalogue and a note)', tag: 'jobs',
      access: { roles: ['owner', 'manager', 'admin'] }, jobScoped: true,
      body: {
        type: 'object', required: ['dueAt'], additionalProperties: false,
        properties: { dueAt: { type: 'string', format: 'date-time' }, reason: { type: 'string', minLength: 1, maxLength: 64, description: 'Required: a code of GET /api/delay-reasons (missing or unknown: 422 delay-reason-unknown)' }, note: { type: 'string', maxLength: 2000 } },
      },
      responses: {
        200: { description: 'Deadline moved', schema: INLINE.deadlineMoved }, 409: { description: 'Step not active' },
        422: { description: '`delay-reason-unknown`: `reason` is not an active code of the organisation\'s catalogue' },
      },
      async handler(req) {
        const user = userOf(req);
        const job = jobOf(req);
        const nodeId = String(req.params.nodeId);
        const body = req.body as { dueAt: string; reason: string; note?: string };
        const step = await prisma.stepRun.findFirst({ where: { jobId: job.id, nodeId, status: 'active' } });
        if (!step || (step.type !== 'task' && step.type !== 'review' && step.type !== 'accept')) throw conflict('step-not-active', `Step "${nodeId}" is not an active task, review or accept step.`);
        const reason = await checkDelayReason(prisma, await catalogueOrgOfJob(prisma, job), body.reason);
        const note = body.note?.trim() || null;
        const dueAt = Date.parse(body.dueAt);
        await signalJob(client, job, extendDeadlineSignal, { nodeId, dueAt, actor: actorOf(user) });
        await prisma.$transaction(async (tx) => {
          await tx.stepDelay.create({ data: { jobId: job.id, nodeId, round: step.round, kind: 'deadline_moved', reason, note, fromDueAt: step.dueAt, toDueAt: new Date(dueAt), actorId: user.id } });
          await appendAudit(tx, { type: 'step.deadline_changed', actorId: user.id, actorLabel: user.email, jobId: job.id, data: { nodeId, round: step.round, from: step.dueAt, to: new Date(dueAt).toISOString(), reason, note } });
        });
        return { nodeId, dueAt: new Date(dueAt).toISOString(), reason, note };
      },
    },
    {
      method: 'post', path: '/api/jobs/:id/assignees', operationId: 'reassign', summary: 'Bind a role (or one active step) to another person', tag: 'jobs',
      access: { roles: ['owner', 'manager', 'admin'] }, jobScoped: true,
      body: { type: 'object', required: ['role', 'userId'], additionalProperties: false, properties: { role: { type: 'string' }, userId: { type: 'string' }, nodeId: { type: 'string' } } },
      responses: { 200: { description: 'Reassigned', schema: INLINE.reassigned }, 409: { description: 'The job has ended (`job-not-running`)' }, 422: { description: 'assignee-invalid: the person may not fill the role (same rules as job start)' } },
      async handler(req) {
        const user = userOf(req);
        const job = jobOf(req);
        const body = req.body as { role: string; userId: string; nodeId?: string };
        // The start-time rules (assignee-rules.ts): a vendor never fills an internal slot, a disabled account none.
        const planRoles = (await plans.get(job.sopKey, job.sopVersion))?.plan.roles ?? [];
        const refusal = await assigneeRefusal(prisma, { role: body.role, userId: body.userId, vendorOrgId: job.vendorOrgId, planRoles });
        if (refusal) {
          const path = refusal.startsWith('the SOP has no role') ? 'body/role' : 'body/userId';
          throw unprocessable('assignee-invalid', `This person cannot fill role "${body.role}": ${refusal}.`, [{ path, message: refusal }]);
        }
        await signalJob(client, job, reassignSignal, { ...body, actor: actorOf(user) });
        if (!body.nodeId) {
          await prisma.job.update({ where: { id: job.id }, data: { assignees: { ...(job.assignees as Record<string, string>), [body.role]: body.userId } } });
        }
        await audit(prisma, { type: 'job.reassigned', actorId: user.id, actorLabel: user.email, jobId: job.id, data: body });
        return { ok: true };
      },
    },
  ];
}

