/**
 * `POST /api/jobs/:id/vendor`: after a decline (接单 → declined) the owner hands
 * the job to another vendor organisation and, optionally, restarts it from a
 * step (usually the accept step) for the new vendor. The workflow Update's
 * validator decides first (core/jobs/action-rules.ts `refuseVendorChange`), so a
 * refused change writes nothing; then the job row follows (vendor organisation,
 * `vendor` binding) and the change is audited.
 */
import type { AppDeps } from '../deps';
import { appendAudit } from '../../platform/audit/audit-log';
import type { Prisma } from '../../platform/db/prisma-types';
import { conflict, forbidden, unprocessable, type ProblemField } from '../http/problem';
import { jobOf, userOf, type RouteDef } from '../http/route';
import { assigneeRefusal } from '../jobs/assignee-rules';
import { isVendorUser } from '../auth/auth-user';
import { executeUpdateOnce } from '../jobs/execute-update';
import { planCacheFor } from '../sops/plan-cache';
import { ref } from '../http/response-schemas';
import { changeVendorUpdate } from '../../workflows/definitions';
import { actorOf } from './job-routes';

export function vendorChangeRoutes(deps: AppDeps): RouteDef[] {
  const prisma = deps.db.prisma;
  const client = deps.temporal.client;
  const plans = planCacheFor(prisma);
  return [
    {
      method: 'post', path: '/api/jobs/:id/vendor', operationId: 'changeVendor',
      summary: 'Hand the job to another vendor organisation (after a decline), optionally restarting from a step for the new vendor', tag: 'jobs',
      access: { roles: ['owner', 'admin'] }, jobScoped: true,
      body: {
        type: 'object', required: ['vendorOrgId'], additionalProperties: false,
        properties: {
          vendorOrgId: { type: 'string', minLength: 1, maxLength: 64 },
          vendorUserId: { type: 'string', minLength: 1, maxLength: 64, description: 'The person of the new organisation bound to the `vendor` role (notices to `vendor` reach them); absent: no binding' },
          restartFrom: { type: 'string', minLength: 1, maxLength: 64, description: 'A task, review or accept step outside parallel sections: every active step is skipped and this one entered anew' },
        },
      },
      responses: {
        200: { description: '{ jobId, vendorOrgId, restartedFrom? }', schema: ref('VendorChange') },
        409: { description: 'The job is not running (`job-not-running`), or it already belongs to this organisation (`vendor-unchanged`)' },
        422: { description: '`vendor-invalid` (not a vendor organisation, or the person is not one of its users), `restart-node-invalid`' },
      },
      async handler(req) {
        const user = userOf(req);
        if (isVendorUser(user)) throw forbidden('Users of a vendor organisation cannot change the vendor of a job.');
        const job = jobOf(req);
        const body = req.body as { vendorOrgId: string; vendorUserId?: string; restartFrom?: string };
        if (job.status !== 'running' && job.status !== 'stuck') throw conflict('job-not-running', `The job is ${job.status}; its vendor can no longer change.`);
        if (body.vendorOrgId === job.vendorOrgId) throw conflict('vendor-unchanged', 'The job already belongs to this vendor organisation.');
        const errors: ProblemField[] = [];
        const org = await prisma.org.findUnique({ where: { id: body.vendorOrgId } });
        if (!org || org.kind !== 'vendor') errors.push({ path: 'body/vendorOrgId', message: 'not a vendor organisation' });
        if (body.vendorUserId && org) {
          const planRoles = (await plans.get(job.sopKey, job.sopVersion))?.plan.roles ?? [];
          const refusal = await assigneeRefusal(prisma, { role: 'vendor', userId: body.vendorUserId, vendorOrgId: org.id, planRoles });
          if (refusal) errors.push({ path: 'body/vendorUserId', message: refusal });
        }
        if (errors.length > 0 || !org) throw unprocessable('vendor-invalid', `The job cannot go to this vendor: ${errors.map((e) => e.message).join('; ')}.`, errors);
        const result = await executeUpdateOnce(client, job.workflowId, changeVendorUpdate, [
          { vendorOrgId: org.id, vendorName: org.name, vendorUserId: body.vendorUserId, restartFrom: body.restartFrom, actor: actorOf(user) },
        ], undefined);
        await prisma.$transaction(async (tx) => {
          // Locked and read afresh: a reassignment committed meanwhile is kept.
          const rows = await tx.$queryRaw<Array<{ assignees: unknown }>>`SELECT assignees FROM "Job" WHERE id = ${job.id} FOR UPDATE`;
          const assignees = { ...((rows[0]?.assignees ?? {}) as Record<string, string>) };
          if (body.vendorUserId) assignees.vendor = body.vendorUserId;
          else delete assignees.vendor;
          await tx.job.update({ where: { id: job.id }, data: { vendorOrgId: org.id, assignees: assignees as Prisma.InputJsonValue } });
          await appendAudit(tx, {
            type: 'job.vendor_changed', actorId: user.id, actorLabel: user.email, jobId: job.id,
            data: { from: job.vendorOrgId, to: org.id, vendorUserId: body.vendorUserId ?? null, restartFrom: body.restartFrom ?? null },
          });
        });
        return { jobId: job.id, vendorOrgId: org.id, ...(result.restartedFrom ? { restartedFrom: result.restartedFrom } : {}) };
      },
    },
  ];
}
