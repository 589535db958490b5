import { createHash } from 'node:crypto';
import type { AppDeps } from '../deps';
import type { ExecutionPlan } from '../../core/sop/compile';
import type { TaskNode } from '../../core/sop/types';
import { audit } from '../../platform/audit/audit-log';
import type { JobState } from '../../core/jobs/contract';
import { refuseSubmitter } from '../../core/jobs/action-rules';
import { DEFAULT_UPLOAD_MAX_REQUEST_BYTES } from '../../platform/config';
import type { AuthUser } from '../auth/auth-user';
import { badRequest, conflict, notFound, type HttpProblem } from '../http/problem';
import { jobOf, userOf, type RouteDef } from '../http/route';
import { assertRequestSize, closeAfterResponse, ownerOf, parseUpload, type CommittedFile, type ParsedUpload } from '../files/multipart-upload';
import { assertQuotaLeft } from '../files/storage-quota';
import type { ScopedJob } from '../jobs/job-reads';
import { earlierUpdateOutcome, executeUpdateOnce } from '../jobs/execute-update';
import { problemFromRefusal, problemFromUpdateError } from '../jobs/workflow-errors';
import { acceptUpdate, reviewUpdate, stateQuery, submitUpdate } from '../../workflows/definitions';
import { actorOf } from './job-routes';
import { DEFAULT_MAX_UPLOAD_BYTES } from './file-routes';
import { formAnswersOf, isFormPart } from '../jobs/form-submission';
import { formFilePart } from '../../core/sop/form-answers';
import { ref } from '../http/response-schemas';
import { createAuditThrottle } from '../http/audit-throttle';

/** A Temporal Update id from the client's Idempotency-Key: a retried request joins the first Update. */
function updateIdFor(kind: string, userId: string, key: string | undefined): string | undefined {
  return key ? `${kind}-${createHash('sha256').update(`${userId}\n${key}`).digest('hex').slice(0, 32)}` : undefined;
}

export function stepRoutes(deps: AppDeps): RouteDef[] {
  const prisma = deps.db.prisma;
  const client = deps.temporal.client;
  // A refusal is audited once per person, job, step and reason in an hour: a client retrying in a loop cannot grow the trail.
  const refusals = createAuditThrottle();
  const auditRefusal = async (user: AuthUser, jobId: string, nodeId: string, problem: HttpProblem) => {
    if (!refusals.shouldAudit(user.id, jobId, nodeId, problem.code)) return;
    await audit(prisma, { type: 'submission.refused', actorId: user.id, actorLabel: user.email, jobId, data: { nodeId, code: problem.code, detail: problem.detail } });
  };

  async function planOf(job: { sopKey: string; sopVersion: number }): Promise<ExecutionPlan> {
    const version = await prisma.sopVersion.findUnique({ where: { sopKey_version: { sopKey: job.sopKey, version: job.sopVersion } }, select: { plan: true } });
    return version!.plan as unknown as ExecutionPlan;
  }

  /** The live state of the job's workflow decides, with the same rule as the Update's validator (core/jobs/action-rules.ts). */
  async function refusalFor(job: ScopedJob, plan: ExecutionPlan, nodeId: string, user: AuthUser): Promise<HttpProblem | undefined> {
    let state: JobState;
    try {
      state = await client.workflow.getHandle(job.workflowId).query(stateQuery);
    } catch (error) {
      return problemFromUpdateError(error);
    }
    const refused = refuseSubmitter({ state, plan, vendorOrgId: job.vendorOrgId }, nodeId, actorOf(user));
    return refused ? problemFromRefusal(refused.code, refused.message) : undefined;
  }

  async function submit(upload: ParsedUpload, job: ScopedJob, task: TaskNode, user: AuthUser, updateId: string | undefined): Promise<unknown> {
    const nodeId = task.id;
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
    // Only the task's own items are kept (the JSON's keys reach the database otherwise, NUL or not).
    const items = new Set((task.checklist ?? []).map((i) => i.id));
    checklist = Object.fromEntries(Object.entries(checklist).filter(([id]) => items.has(id)));
    let answers: Record<string, unknown>;
    try {
      answers = formAnswersOf(task, upload);
    } catch (error) {
      await upload.discard();
      throw error;
    }
    let stored: Record<string, CommittedFile>;
    try {
      stored = await prisma.$transaction((tx) => upload.commit(tx, ownerOf(user)));
    } catch (error) {
      await upload.discard();
      throw error;
    }
    const files = Object.entries(stored).filter(([part]) => !isFormPart(part)).map(([deliverable, f]) => ({ deliverable, fileId: f.id }));
    for (const question of task.form ?? []) {
      const file = stored[formFilePart(question.id)];
      if (question.type === 'file' && file) answers[question.id] = file.id;
    }
    const storedIds = Object.values(stored).map((f) => f.id);
    try {
      return await executeUpdateOnce(client, job.workflowId, submitUpdate, [{ nodeId, actor: actorOf(user), files, checklist, note: upload.fields.note, form: answers, requestId: updateId }], updateId);
    } catch (error) {
      // Refused: the named uploads are removed again, and the blobs this request created with them.
      await prisma.storedFile.deleteMany({ where: { id: { in: storedIds }, deliverableVersions: { none: {} }, references: { none: {} } } });
      await upload.discard();
      const problem = problemFromUpdateError(error);
      await auditRefusal(user, job.id, nodeId, problem);
      throw problem;
    }
  }

  /** The answer of an earlier submission with this Update id (a retry after its answer was lost), if there was one. */
  return [
    {
      method: 'post', path: '/api/jobs/:id/steps/:nodeId/submissions', operationId: 'submitStep',
      summary: 'Submit the deliverables of an active task step (multipart: one part per deliverable id, `checklist` JSON, `note`)', tag: 'steps',
      access: { roles: 'any' }, jobScoped: true, status: 201,
      multipart: {
        description: 'One file part per deliverable id; `checklist`: JSON object of item id → true; `note`: text; `form`: JSON object of question id → answer (the task\'s `form`); a `file` question\'s upload as part `form:<question id>`.',
        fields: { checklist: { type: 'string', description: 'JSON object' }, note: { type: 'string' }, form: { type: 'string', description: 'JSON object' } },
      },
      responses: {
        201: { description: '{ submissionId, round, files, naming }', schema: ref('Submission') },
        403: { description: 'Not the assignee (decided before the body is read)' },
        409: { description: 'Job or step not active (decided before the body is read)' },
        413: { description: 'A file or the whole request too large (`UPLOAD_MAX_REQUEST_BYTES`)' },
        415: { description: 'File type not accepted' },
        422: { description: 'Unknown or repeated part, missing deliverable, form answers (`form-undeclared`, `form-invalid`, `form-required`), organisation storage quota exceeded' },
      },
      async handler(req) {
        const user = userOf(req);
        const job = jobOf(req);
        const nodeId = String(req.params.nodeId);
        // Everything that can refuse the request is decided before one byte of its body is read or stored.
        try {
          const plan = await planOf(job);
          const node = plan.nodes[nodeId]?.spec;
          if (!node || node.type !== 'task') throw notFound(`Task step "${nodeId}" of job ${job.code}`);
          const updateId = updateIdFor('submit', user.id, req.get('Idempotency-Key'));
          const refused = job.status !== 'running' && job.status !== 'stuck'
            ? conflict('job-not-running', `The job is ${job.status}; nothing can be submitted.`)
            : await refusalFor(job, plan, nodeId, user);
          if (refused) {
            // A retry of a submission that went through (its answer lost with a dead process) gets that submission's answer.
            const earlier = refused.status === 409 ? await earlierUpdateOutcome(client, job.workflowId, updateId) : undefined;
            if (earlier) return earlier.result;
            await auditRefusal(user, job.id, nodeId, refused);
            throw refused;
          }
          const quota = deps.orgStorageQuotaBytes === undefined ? undefined : { orgId: user.orgId, limitBytes: deps.orgStorageQuotaBytes };
          if (quota) await assertQuotaLeft(prisma, quota);
          const maxRequestBytes = deps.maxRequestBytes ?? DEFAULT_UPLOAD_MAX_REQUEST_BYTES;
          assertRequestSize(req, maxRequestBytes);
          const task = node as TaskNode;
          const maxBytes = deps.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
          const files = Object.fromEntries([
            ...task.produces.map((d) => [d, { maxBytes: plan.deliverables[d]?.maxBytes ?? maxBytes, accept: plan.deliverables[d]?.accept }] as const),
            ...(task.form ?? []).filter((q) => q.type === 'file').map((q) => [formFilePart(q.id), { maxBytes: Math.min(q.maxBytes ?? maxBytes, maxBytes), accept: q.accept }] as const),
          ]);
          return await submit(await parseUpload(deps, req, { files, textFields: task.form?.length ? ['checklist', 'note', 'form'] : ['checklist', 'note'], maxRequestBytes, orgId: user.orgId, quota }), job, task, user, updateId);
        } catch (error) {
          closeAfterResponse(req);
          throw error;
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
      responses: { 200: { description: '{ reviewId, round, decision }', schema: ref('ReviewDecision') }, 403: { description: 'Not the assignee' }, 409: { description: 'Step not active' }, 422: { description: 'Unknown reason code' } },
      async handler(req) {
        const user = userOf(req);
        const job = jobOf(req);
        const nodeId = String(req.params.nodeId);
        const body = req.body as { decision: 'approved' | 'rejected'; reasons?: string[]; comment?: string };
        const updateId = updateIdFor('review', user.id, req.get('Idempotency-Key'));
        return executeUpdateOnce(client, job.workflowId, reviewUpdate, [{ nodeId, actor: actorOf(user), decision: body.decision, reasons: body.reasons, comment: body.comment, requestId: updateId }], updateId);
      },
    },
    {
      method: 'post', path: '/api/jobs/:id/steps/:nodeId/accept', operationId: 'acceptStep',
      summary: 'Accept or decline the job at an active accept step (接单); a decline names one of the step\'s reason codes', tag: 'steps',
      access: { roles: 'any' }, jobScoped: true,
      body: {
        type: 'object', required: ['decision'], additionalProperties: false,
        properties: {
          decision: { enum: ['accepted', 'declined'] },
          reason: { type: 'string', minLength: 1, maxLength: 64 },
          note: { type: 'string', maxLength: 5000 },
        },
      },
      responses: {
        200: { description: '{ acceptanceId, round, decision, reason? }', schema: ref('AcceptanceDecision') },
        403: { description: 'Not the assignee' },
        404: { description: 'No accept step with this id in the job' },
        409: { description: 'Job or step not active' },
        422: { description: 'Decline without a reason code (`reason-required`), unknown reason code (`reason-unknown`)' },
      },
      async handler(req) {
        const user = userOf(req);
        const job = jobOf(req);
        const nodeId = String(req.params.nodeId);
        const body = req.body as { decision: 'accepted' | 'declined'; reason?: string; note?: string };
        const updateId = updateIdFor('accept', user.id, req.get('Idempotency-Key'));
        return executeUpdateOnce(client, job.workflowId, acceptUpdate, [{ nodeId, actor: actorOf(user), decision: body.decision, reason: body.reason, note: body.note, requestId: updateId }], updateId);
      },
    },
  ];
}
