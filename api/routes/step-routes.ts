import { createHash } from 'node:crypto';
import type { AppDeps } from '../deps';
import type { ExecutionPlan } from '../../core/sop/compile';
import type { TaskNode } from '../../core/sop/types';
import { audit } from '../../platform/audit/audit-log';
import { badRequest, conflict, notFound } from '../http/problem';
import { jobOf, userOf, type RouteDef } from '../http/route';
import { ownerOf, parseUpload } from '../files/multipart-upload';
import { executeUpdateOnce } from '../jobs/execute-update';
import { problemFromUpdateError } from '../jobs/workflow-errors';
import { reviewUpdate, submitUpdate } from '../../workflows/definitions';
import { actorOf } from './job-routes';
import { DEFAULT_MAX_UPLOAD_BYTES } from './file-routes';

/** A Temporal Update id from the client's Idempotency-Key: a retried request joins the first Update. */
function updateIdFor(kind: string, userId: string, key: string | undefined): string | undefined {
  return key ? `${kind}-${createHash('sha256').update(`${userId}\n${key}`).digest('hex').slice(0, 32)}` : undefined;
}

export function stepRoutes(deps: AppDeps): RouteDef[] {
  const prisma = deps.db.prisma;
  const client = deps.temporal.client;

  async function planOf(job: { sopKey: string; sopVersion: number }): Promise<ExecutionPlan> {
    const version = await prisma.sopVersion.findUnique({ where: { sopKey_version: { sopKey: job.sopKey, version: job.sopVersion } }, select: { plan: true } });
    return version!.plan as unknown as ExecutionPlan;
  }

  return [
    {
      method: 'post', path: '/api/jobs/:id/steps/:nodeId/submissions', operationId: 'submitStep',
      summary: 'Submit the deliverables of an active task step (multipart: one part per deliverable id, `checklist` JSON, `note`)', tag: 'steps',
      access: { roles: 'any' }, jobScoped: true, status: 201,
      multipart: {
        description: 'One file part per deliverable id; `checklist`: JSON object of item id → true; `note`: text.',
        fields: { checklist: { type: 'string', description: 'JSON object' }, note: { type: 'string' } },
      },
      responses: { 201: { description: '{ submissionId, round, files, naming }' }, 403: { description: 'Not the assignee' }, 409: { description: 'Step not active' }, 413: { description: 'File too large' }, 415: { description: 'File type not accepted' } },
      async handler(req) {
        const user = userOf(req);
        const job = jobOf(req);
        const nodeId = String(req.params.nodeId);
        const plan = await planOf(job);
        const node = plan.nodes[nodeId]?.spec;
        if (!node || node.type !== 'task') throw notFound(`Task step "${nodeId}" of job ${job.code}`);
        if (job.status !== 'running' && job.status !== 'stuck') {
          req.resume();
          throw conflict('job-not-running', `The job is ${job.status}; nothing can be submitted.`);
        }
        const task = node as TaskNode;
        const upload = await parseUpload(deps, req, (field) => {
          if (!task.produces.includes(field)) return 'unknown';
          const spec = plan.deliverables[field];
          return { maxBytes: spec?.maxBytes ?? deps.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES, accept: spec?.accept };
        });
        let checklist: Record<string, boolean> = {};
        try {
          if (upload.fields.checklist) {
            const parsed: unknown = JSON.parse(upload.fields.checklist);
            if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'boolean')) throw new Error('shape');
            checklist = parsed as Record<string, boolean>;
          }
        } catch {
          await upload.discard();
          throw badRequest('`checklist` must be a JSON object of item id → true/false.', [{ path: 'body/checklist', message: 'invalid JSON object' }]);
        }
        let stored: Awaited<ReturnType<typeof upload.commit>>;
        try {
          stored = await prisma.$transaction((tx) => upload.commit(tx, ownerOf(user)));
        } catch (error) {
          await upload.discard();
          throw error;
        }
        const files = Object.entries(stored).map(([deliverable, f]) => ({ deliverable, fileId: f.id }));
        const updateId = updateIdFor('submit', user.id, req.get('Idempotency-Key'));
        try {
          return await executeUpdateOnce(client, job.workflowId, submitUpdate, [{ nodeId, actor: actorOf(user), files, checklist, note: upload.fields.note, requestId: updateId }], updateId);
        } catch (error) {
          // Refused: the named uploads are removed again (the bytes may be shared with other files, so they stay).
          await prisma.storedFile.deleteMany({ where: { id: { in: files.map((f) => f.fileId) }, deliverableVersions: { none: {} }, references: { none: {} } } });
          const problem = problemFromUpdateError(error);
          await audit(prisma, { type: 'submission.refused', actorId: user.id, actorLabel: user.email, jobId: job.id, data: { nodeId, code: problem.code, detail: problem.detail } });
          throw problem;
        }
      },
    },
    {
      method: 'post', path: '/api/jobs/:id/steps/:nodeId/review', operationId: 'reviewStep', summary: 'Approve or reject an active review step', tag: 'steps',
      access: { roles: 'any' }, jobScoped: true,
      body: {
        type: 'object', required: ['decision'], additionalProperties: false,
        properties: {
          decision: { enum: ['approved', 'rejected'] },
          reasons: { type: 'array', items: { type: 'string', maxLength: 64 }, maxItems: 20, uniqueItems: true },
          comment: { type: 'string', maxLength: 5000 },
        },
      },
      responses: { 200: { description: '{ reviewId, round, decision }' }, 403: { description: 'Not the assignee' }, 409: { description: 'Step not active' }, 422: { description: 'Unknown reason code' } },
      async handler(req) {
        const user = userOf(req);
        const job = jobOf(req);
        const nodeId = String(req.params.nodeId);
        const body = req.body as { decision: 'approved' | 'rejected'; reasons?: string[]; comment?: string };
        const updateId = updateIdFor('review', user.id, req.get('Idempotency-Key'));
        return executeUpdateOnce(client, job.workflowId, reviewUpdate, [{ nodeId, actor: actorOf(user), decision: body.decision, reasons: body.reasons, comment: body.comment, requestId: updateId }], updateId);
      },
    },
  ];
}
