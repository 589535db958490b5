import type { AppDeps } from '../deps';
import { badCursor } from '../http/cursor';
import { INT4_MAX } from '../http/input-rules';
import { jobOf, userOf, type RouteDef } from '../http/route';
import { paging } from './schemas';
import { auditDataForViewer } from '../jobs/field-changes';
import { planCacheFor } from '../sops/plan-cache';
import { isVendorUser } from '../auth/auth-user';
import { referenceVisibleTo } from '../access/job-scope';
import { actorLabelForViewer, personColumns, personForViewer, type Person } from '../access/people-for-viewer';
import { STAFF_ONLY_EVENT_TYPES, canReadInternalComments } from '../comments/comment-scope';
import { itemsOf, pageOf, ref } from '../http/response-schemas';
import { COMPARE_KIND } from '../files/compare-versions';
import { COMPARE_OCR_KIND } from '../files/compare-ocr';
import { artefactViews } from '../files/check-artefacts';

/** Paging of a job's events and comments: up to 200 a page (default 200), then `nextCursor` (as GET /api/jobs). */
export const recordPaging = { type: 'object', additionalProperties: false, properties: { cursor: paging.cursor, limit: { ...paging.limit, default: 200 } } };
const encodeSeqCursor = (seq: number) => Buffer.from(String(seq)).toString('base64url');

export function jobRecordRoutes(deps: AppDeps): RouteDef[] {
  const prisma = deps.db.prisma;
  const plans = planCacheFor(prisma);
  return [
    {
      method: 'get', path: '/api/jobs/:id/checks', operationId: 'listChecks', summary: 'Every automatic check result of the job', tag: 'jobs',
      access: { roles: 'any' }, jobScoped: true,
      responses: { 200: { description: '{ items }', schema: itemsOf(ref('CheckResult')) } },
      async handler(req) {
        const job = jobOf(req);
        const rows = await prisma.checkResult.findMany({ where: { jobId: job.id, kind: { notIn: [COMPARE_KIND, COMPARE_OCR_KIND] } }, orderBy: [{ createdAt: 'asc' }, { kind: 'asc' }] });
        return {
          items: rows.map((r) => ({
            id: r.id, nodeId: r.nodeId, round: r.round, kind: r.kind, deliverable: r.deliverableId || null, passed: r.passed,
            figures: r.figures, reasons: r.reasons, artefacts: artefactViews(job.id, r.id, r.artefacts), createdAt: r.createdAt.toISOString(),
          })),
        };
      },
    },
    {
      method: 'get', path: '/api/jobs/:id/reviews', operationId: 'listReviews', summary: 'QA decisions on the job: reason codes with labels, comment, reviewer, round', tag: 'jobs',
      access: { roles: 'any' }, jobScoped: true,
      responses: { 200: { description: '{ items: [ { id, nodeId, stepTitle, round, decision, reasons: [ { code, label } ], comment, reviewer: { id, name }, at } ] }', schema: itemsOf(ref('Review')) } },
      async handler(req) {
        const job = jobOf(req);
        const [rows, version] = await Promise.all([
          prisma.review.findMany({ where: { jobId: job.id }, orderBy: [{ createdAt: 'asc' }, { round: 'asc' }], include: { reviewer: { select: { id: true, name: true } } } }),
          plans.get(job.sopKey, job.sopVersion),
        ]);
        return {
          items: rows.map((r) => ({
            id: r.id, nodeId: r.nodeId, stepTitle: version?.titles.get(r.nodeId) ?? null, round: r.round, decision: r.decision,
            reasons: r.reasons.map((code) => ({ code, label: version?.reasonLabels.get(code) ?? code })),
            comment: r.comment, reviewer: r.reviewer, at: r.createdAt.toISOString(),
          })),
        };
      },
    },
    {
      method: 'get', path: '/api/jobs/:id/files', operationId: 'listJobFiles', summary: 'Every version of every deliverable, and the references', tag: 'jobs',
      access: { roles: 'any' }, jobScoped: true,
      responses: { 200: { description: '{ versions, references }', schema: ref('JobFiles') } },
      async handler(req) {
        const job = jobOf(req);
        const user = userOf(req);
        const [versions, references] = await Promise.all([
          prisma.deliverableVersion.findMany({
            where: { jobId: job.id }, orderBy: [{ deliverableId: 'asc' }, { version: 'asc' }],
            include: { file: { include: { blob: true, uploadedBy: { select: personColumns }, org: { select: { id: true, kind: true } } } }, submission: { select: { nodeId: true, round: true } } },
          }),
          prisma.jobReference.findMany({ where: { jobId: job.id }, include: { file: { include: { blob: true, org: { select: { id: true, kind: true } } } } } }),
        ]);
        // A vendor sees the buyer's files and its own organisation's (a job handed over from another vendor keeps that
        // vendor's versions and references to the buyer).
        return {
          versions: versions.filter((v) => referenceVisibleTo(user, v.file.org)).map((v) => ({
            deliverable: v.deliverableId, version: v.version, fileId: v.fileId, name: v.file.originalName, sha256: v.file.sha256, size: v.file.blob.size,
            mime: v.file.blob.mime, uploadedBy: v.file.uploadedBy && personForViewer(user, v.file.uploadedBy), at: v.createdAt.toISOString(), nodeId: v.submission.nodeId, round: v.submission.round,
            naming: { passed: v.namingPassed, reasons: v.namingReasons },
          })),
          references: references.filter((r) => referenceVisibleTo(user, r.file.org)).map((r) => ({ deliverable: r.deliverableId, fileId: r.fileId, name: r.file.originalName, sha256: r.file.sha256, size: r.file.blob.size, mime: r.file.blob.mime })),
        };
      },
    },
    {
      method: 'get', path: '/api/jobs/:id/events', operationId: 'listJobEvents', summary: 'The job\'s audit trail (hash-chained), oldest first, paginated (vendors: without internal comments\' events)', tag: 'jobs',
      access: { roles: 'any' }, jobScoped: true,
      query: recordPaging,
      responses: { 200: { description: '{ items, nextCursor }: pass nextCursor as `cursor` for the next page (null on the last)', schema: pageOf(ref('Event')) }, 422: { description: 'cursor-invalid' } },
      async handler(req) {
        const job = jobOf(req);
        const user = userOf(req);
        const q = req.query as unknown as { cursor?: string; limit: number };
        const text = q.cursor ? Buffer.from(q.cursor, 'base64url').toString('utf8') : '0';
        const after = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
        if (!(after <= INT4_MAX)) throw badCursor(); // seq is int4
        const [rows, version] = await Promise.all([
          prisma.auditEvent.findMany({ where: { jobId: job.id, seq: { gt: after }, ...(canReadInternalComments(user) ? {} : { type: { notIn: [...STAFF_ONLY_EVENT_TYPES] } }) }, orderBy: { seq: 'asc' }, take: q.limit + 1 }),
          plans.get(job.sopKey, job.sopVersion),
        ]);
        const page = rows.slice(0, q.limit);
        const nextCursor = rows.length > q.limit ? encodeSeqCursor(page.at(-1)!.seq) : null;
        const actorIds = [...new Set(page.flatMap((e) => (e.actorId ? [e.actorId] : [])))];
        const people = new Map<string, Person>(
          actorIds.length ? (await prisma.user.findMany({ where: { id: { in: actorIds } }, select: personColumns })).map((p) => [p.id, p]) : [],
        );
        // Field edits carry old and new values: each reader sees only the fields they may read (the hash covers the full entry).
        const data = (e: (typeof rows)[number]) => auditDataForViewer(user, e.type, e.data, version?.definition ?? null);
        // Vendors get no chain links: each hash covers the actor's address, which they must not learn by guessing against it.
        const links = (e: (typeof rows)[number]) => (isVendorUser(user) ? {} : { hash: e.hash, prevHash: e.prevHash });
        return { items: page.map((e) => ({ seq: e.seq, at: e.at.toISOString(), actor: actorLabelForViewer(user, e.actorId, e.actorLabel, people), actorId: e.actorId, type: e.type, data: data(e), ...links(e) })), nextCursor };
      },
    },
  ];
}
