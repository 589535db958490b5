/**
 * What the vendor handed in with each submission, for QA and the job page:
 * the note, the checklist with what was ticked, and the form's answers with
 * their questions (core/sop/form-answers.ts), beside the files of that round.
 */
import type { AppDeps } from '../deps';
import type { Prisma } from '../../platform/db/prisma-types';
import type { TaskNode } from '../../core/sop/types';
import { decodeInstantCursor, encodeInstantCursor } from '../http/cursor';
import { jobOf, userOf, type RouteDef } from '../http/route';
import { paging } from './schemas';
import { planCacheFor } from '../sops/plan-cache';
import { personColumns, personForViewer } from '../access/people-for-viewer';
import { isVendorUser } from '../auth/auth-user';


const person = { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' } } };
const submissionSchema = {
  type: 'object',
  required: ['id', 'nodeId', 'stepTitle', 'round', 'submittedBy', 'at', 'note', 'checklist', 'form', 'files'],
  properties: {
    id: { type: 'string' }, nodeId: { type: 'string' }, stepTitle: { type: ['string', 'null'] }, round: { type: 'integer' },
    submittedBy: person, at: { type: 'string', format: 'date-time' }, note: { type: ['string', 'null'] },
    checklist: {
      type: 'array',
      items: { type: 'object', required: ['id', 'label', 'required', 'ticked'], properties: { id: { type: 'string' }, label: { type: 'string' }, required: { type: 'boolean' }, ticked: { type: 'boolean' } } },
    },
    form: {
      type: 'array',
      description: 'The questions of the task\'s form in order, each with its answer (null: not answered); `file` answers name the uploaded file.',
      items: {
        type: 'object', required: ['id', 'label', 'type', 'answer'],
        properties: {
          id: { type: 'string' }, label: { type: 'string' }, type: { type: 'string' },
          answer: {},
          file: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' } } },
        },
      },
    },
    files: {
      type: 'array',
      items: { type: 'object', required: ['deliverable', 'version', 'fileId', 'name'], properties: { deliverable: { type: 'string' }, version: { type: 'integer' }, fileId: { type: 'string' }, name: { type: 'string' } } },
    },
  },
};

export function submissionRoutes(deps: AppDeps): RouteDef[] {
  const prisma = deps.db.prisma;
  const plans = planCacheFor(prisma);
  return [
    {
      method: 'get', path: '/api/jobs/:id/submissions', operationId: 'listSubmissions',
      summary: 'Every submission of the job, oldest first, paginated: note, checklist ticks, form answers and files', tag: 'jobs',
      access: { roles: 'any' }, jobScoped: true,
      query: { type: 'object', additionalProperties: false, properties: { cursor: paging.cursor, limit: { ...paging.limit, default: 100 }, nodeId: { type: 'string', maxLength: 64 } } },
      responses: {
        200: { description: '{ items, nextCursor }', schema: { type: 'object', required: ['items', 'nextCursor'], properties: { items: { type: 'array', items: submissionSchema }, nextCursor: { type: ['string', 'null'] } } } },
        422: { description: 'cursor-invalid' },
      },
      async handler(req) {
        const job = jobOf(req);
        const user = userOf(req);
        const q = req.query as unknown as { cursor?: string; limit: number; nodeId?: string };
        const version = await plans.get(job.sopKey, job.sopVersion);
        // A vendor reads what vendors handed in: submissions of steps the vendor slot works, never an internal step's note or answers.
        const vendorSteps = isVendorUser(user)
          ? Object.values(version?.plan.nodes ?? {}).filter((n) => n.spec.type === 'task' && n.spec.assignee === 'vendor').map((n) => n.id)
          : undefined;
        const base: Prisma.SubmissionWhereInput = {
          jobId: job.id,
          ...(q.nodeId || vendorSteps ? { nodeId: { ...(q.nodeId ? { equals: q.nodeId } : {}), ...(vendorSteps ? { in: vendorSteps } : {}) } } : {}),
        };
        let where = base;
        if (q.cursor) {
          const { at: createdAt, id } = decodeInstantCursor(q.cursor);
          where = { AND: [base, { OR: [{ createdAt: { gt: createdAt } }, { createdAt, id: { gt: id } }] }] };
        }
        const rows = await prisma.submission.findMany({
          where, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: q.limit + 1,
          include: { submittedBy: { select: personColumns }, deliverableVersions: { include: { file: { select: { originalName: true } } }, orderBy: { deliverableId: 'asc' } } },
        });
        const page = rows.slice(0, q.limit);
        const last = page.at(-1);
        const nextCursor = rows.length > q.limit && last ? encodeInstantCursor(last.createdAt, last.id) : null;
        const taskOf = (nodeId: string) => version?.plan.nodes[nodeId]?.spec as TaskNode | undefined;
        // Only the answers of `file` questions name files.
        const fileIds = page.flatMap((s) => {
          const answers = (s.form ?? {}) as Record<string, unknown>;
          return (taskOf(s.nodeId)?.form ?? []).filter((f) => f.type === 'file').map((f) => answers[f.id]).filter((v): v is string => typeof v === 'string');
        });
        const formFiles = new Map(
          fileIds.length ? (await prisma.storedFile.findMany({ where: { id: { in: fileIds } }, select: { id: true, originalName: true } })).map((f) => [f.id, f.originalName]) : [],
        );
        return {
          items: page.map((s) => {
            const task = taskOf(s.nodeId);
            const ticked = (s.checklist ?? {}) as Record<string, boolean>;
            const answers = (s.form ?? {}) as Record<string, unknown>;
            return {
              id: s.id, nodeId: s.nodeId, stepTitle: version?.titles.get(s.nodeId) ?? null, round: s.round,
              submittedBy: personForViewer(user, s.submittedBy), at: s.createdAt.toISOString(), note: s.note,
              checklist: (task?.checklist ?? []).map((i) => ({ id: i.id, label: i.label, required: i.required !== false, ticked: ticked[i.id] === true })),
              form: (task?.form ?? []).map((f) => {
                const answer = Object.prototype.hasOwnProperty.call(answers, f.id) ? answers[f.id] : null;
                const name = f.type === 'file' && typeof answer === 'string' ? formFiles.get(answer) : undefined;
                return { id: f.id, label: f.label, type: f.type, answer, ...(name !== undefined ? { file: { id: answer as string, name } } : {}) };
              }),
              files: s.deliverableVersions.map((v) => ({ deliverable: v.deliverableId, version: v.version, fileId: v.fileId, name: v.file.originalName })),
            };
          }),
          nextCursor,
        };
      },
    },
  ];
}
