import type { AppDeps } from '../deps';
import { appendAudit } from '../../platform/audit/audit-log';
import { isVendorUser } from '../auth/auth-user';
import { HttpProblem, conflict, notFound, unprocessable } from '../http/problem';
import { jobOf, userOf, type RouteDef } from '../http/route';
import { itemsOf, ref } from '../http/response-schemas';
import { catalogueOrgOf, catalogueOrgOfJob, checkDelayReason, listDelayReasons, putDelayReason } from '../reports/delay-reasons';

const HOUR_MS = 3_600_000;
/** Roles that may explain any late step of a job in scope (besides its owner and the step's assignee). */
const EXPLAINING_ROLES = ['owner', 'manager', 'admin'] as const;

/**
 * The delay reason catalogue (list: everyone signed in; change: admins and
 * owners) and the reason of a late completion: a step that finished after its
 * due time is explained afterwards by its assignee, the job's owner or a
 * manager/admin — one reason per step round, a later call replaces it (both
 * audited).
 */
export function delayReasonRoutes(deps: AppDeps): RouteDef[] {
  const prisma = deps.db.prisma;
  return [
    {
      method: 'get', path: '/api/delay-reasons', operationId: 'listDelayReasons', summary: 'The organisation\'s delay reason codes (zh-CN/en labels; retired ones flagged `active: false`)', tag: 'reports',
      access: { roles: 'any' },
      responses: { 200: { description: '{ items: [ { code, labels: { zh-CN, en }, active, position } ] }', schema: itemsOf(ref('DelayReason')) } },
      async handler(req) {
        return { items: await listDelayReasons(prisma, await catalogueOrgOf(prisma, userOf(req))) };
      },
    },
    {
      method: 'get', path: '/api/jobs/:id/delay-reasons', operationId: 'listJobDelayReasons',
      summary: 'The delay reason codes that apply to this job (its owner organisation\'s catalogue): what a deadline move or a late step of the job may name', tag: 'reports',
      access: { roles: 'any' }, jobScoped: true,
      responses: { 200: { description: '{ items: [ { code, labels: { zh-CN, en }, active, position } ] }', schema: itemsOf(ref('DelayReason')) } },
      async handler(req) {
        return { items: await listDelayReasons(prisma, await catalogueOrgOfJob(prisma, jobOf(req))) };
      },
    },
    {
      method: 'put', path: '/api/delay-reasons/:code', operationId: 'putDelayReason', summary: 'Add or change a delay reason code (retire it with `active: false`)', tag: 'reports',
      access: { roles: ['admin', 'owner'] },
      params: { type: 'object', properties: { code: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,47}$' } } },
      body: {
        type: 'object', required: ['labelZh', 'labelEn'], additionalProperties: false,
        properties: {
          labelZh: { type: 'string', minLength: 1, maxLength: 60 }, labelEn: { type: 'string', minLength: 1, maxLength: 60 },
          active: { type: 'boolean' }, position: { type: 'integer', minimum: 0, maximum: 1000 },
        },
      },
      responses: { 200: { description: 'The code as stored', schema: ref('DelayReason') }, 422: { description: '`delay-reason-code-invalid`: lower-case letters, digits and -, at most 48' } },
      async handler(req) {
        const user = userOf(req);
        const code = String(req.params.code);
        if (!/^[a-z0-9][a-z0-9-]{0,47}$/.test(code)) {
          throw unprocessable('delay-reason-code-invalid', `"${code}" is not a reason code: use lower-case letters, digits and -, at most 48 characters.`, [{ path: 'params/code', message: 'invalid code' }]);
        }
        return prisma.$transaction(async (tx) => {
          const item = await putDelayReason(tx, user.orgId, code, req.body as { labelZh: string; labelEn: string; active?: boolean; position?: number });
          await appendAudit(tx, { type: 'delay_reason.changed', actorId: user.id, actorLabel: user.email, data: { orgId: user.orgId, ...item } });
          return item;
        });
      },
    },
    {
      method: 'post', path: '/api/jobs/:id/steps/:nodeId/delay-reason', operationId: 'explainLateStep',
      summary: 'Give the reason a step finished late (after its due time): its latest late round, or `round`', tag: 'steps',
      access: { roles: 'any' }, jobScoped: true,
      body: {
        type: 'object', required: ['reason'], additionalProperties: false,
        properties: { reason: { type: 'string', minLength: 1, maxLength: 64 }, note: { type: 'string', maxLength: 2000 }, round: { type: 'integer', minimum: 1 } },
      },
      responses: {
        200: { description: '{ nodeId, round, reason, note, dueAt, completedAt, lateHours }', schema: ref('LateStepReason') },
        403: { description: '`not-step-assignee`: neither the step\'s assignee, the job\'s owner, nor a manager/owner/admin' },
        404: { description: 'No finished step with this id (and round) in the job' },
        409: { description: '`step-not-late`: the step finished on time or had no due time; `delay-reason-set-by-staff`: a vendor may not replace a reason staff gave' },
        422: { description: '`delay-reason-unknown`: not an active code of the catalogue' },
      },
      async handler(req) {
        const user = userOf(req);
        const job = jobOf(req);
        const nodeId = String(req.params.nodeId);
        const body = req.body as { reason: string; note?: string; round?: number };
        const steps = await prisma.stepRun.findMany({ where: { jobId: job.id, nodeId, status: 'done', ...(body.round ? { round: body.round } : {}) }, orderBy: { round: 'desc' } });
        if (steps.length === 0) throw notFound(`Finished step "${nodeId}"${body.round ? ` round ${body.round}` : ''} of job ${job.code}`);
        const step = steps.find((s) => s.dueAt && s.completedAt && s.completedAt > s.dueAt);
        if (!step) throw conflict('step-not-late', `Step "${nodeId}" of job ${job.code} finished on time (or had no due time): there is no delay to explain.`);
        const boundUser = step.assigneeRole ? (job.assignees as Record<string, string>)[step.assigneeRole] : undefined;
        const isAssignee = step.assigneeUserId === user.id || boundUser === user.id || (isVendorUser(user) && step.assigneeRole === 'vendor' && user.orgId === job.vendorOrgId);
        const mayExplain = isAssignee || job.ownerId === user.id || (!isVendorUser(user) && EXPLAINING_ROLES.some((r) => user.roles.includes(r)));
        if (!mayExplain) throw new HttpProblem(403, 'not-step-assignee', 'Forbidden', `Only the step's assignee, the job's owner or a manager may explain why "${nodeId}" was late.`);
        const reason = await checkDelayReason(prisma, await catalogueOrgOfJob(prisma, job), body.reason);
        const note = body.note?.trim() || null;
        await prisma.$transaction(async (tx) => {
          const existing = await tx.stepDelay.findFirst({ where: { jobId: job.id, nodeId, round: step.round, kind: 'late_completion' } });
          // The vendor may explain its own lateness, never overrule staff: a reason staff gave stands against the vendor's.
          if (existing && isVendorUser(user) && existing.actorId && existing.actorId !== user.id) {
            const by = await tx.user.findUnique({ where: { id: existing.actorId }, select: { orgId: true } });
            if (by?.orgId !== user.orgId) throw conflict('delay-reason-set-by-staff', `The reason for "${nodeId}" round ${step.round} was given by the job's staff; ask them to change it.`);
          }
          // The row keeps when the lateness was first explained (the report's period); the audit trail keeps every change.
          if (existing) await tx.stepDelay.update({ where: { id: existing.id }, data: { reason, note, actorId: user.id } });
          else await tx.stepDelay.create({ data: { jobId: job.id, nodeId, round: step.round, kind: 'late_completion', reason, note, fromDueAt: step.dueAt, actorId: user.id } });
          await appendAudit(tx, { type: 'step.late_reason_set', actorId: user.id, actorLabel: user.email, jobId: job.id, data: { nodeId, round: step.round, reason, note, dueAt: step.dueAt, completedAt: step.completedAt } });
        });
        return {
          nodeId, round: step.round, reason, note, dueAt: step.dueAt!.toISOString(), completedAt: step.completedAt!.toISOString(),
          lateHours: Number(((step.completedAt!.getTime() - step.dueAt!.getTime()) / HOUR_MS).toFixed(2)),
        };
      },
    },
  ];
}
