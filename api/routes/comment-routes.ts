/**
 * A job's comments: the list (internal ones for staff only), posting (with
 * `internal` and `@name` mentions, see api/comments/) and the people a
 * comment may mention.
 */
import type { AppDeps } from '../deps';
import { appendAudit } from '../../platform/audit/audit-log';
import type { Prisma } from '../../platform/db/prisma-types';
import { decodeInstantCursor, encodeInstantCursor } from '../http/cursor';
import { jobOf, userOf, type RouteDef } from '../http/route';
import { forbiddenAs } from '../comments/comment-problems';
import { personColumns, personForViewer, type Person } from '../access/people-for-viewer';
import { itemsOf, pageOf, ref } from '../http/response-schemas';
import {
  INTERNAL_COMMENT_EVENT, canPostInternalComments, mentionablePeople, visibilitiesFor, type CommentVisibility,
} from '../comments/comment-scope';
import { findMentions } from '../comments/mention-text';
import { writeMentionNotices } from '../comments/mention-notices';
import { recordPaging } from './job-record-routes';

const internalRefused = () => forbiddenAs('comment-internal-forbidden', 'Only staff with the owner, manager, QA or admin role may post or address internal comments; post it for everyone instead (leave out `internal`).');

export function commentRoutes(deps: AppDeps): RouteDef[] {
  const prisma = deps.db.prisma;
  return [
    {
      method: 'get', path: '/api/jobs/:id/comments', operationId: 'listComments', summary: 'Comments on the job, oldest first, paginated (internal comments: staff only)', tag: 'jobs',
      access: { roles: 'any' }, jobScoped: true,
      query: recordPaging,
      responses: { 200: { description: '{ items, nextCursor }: pass nextCursor as `cursor` for the next page (null on the last)', schema: pageOf(ref('Comment')) }, 422: { description: 'cursor-invalid' } },
      async handler(req) {
        const job = jobOf(req);
        const user = userOf(req);
        const q = req.query as unknown as { cursor?: string; limit: number };
        const scope: Prisma.CommentWhereInput = { jobId: job.id, visibility: { in: visibilitiesFor(user) } };
        let where = scope;
        if (q.cursor) {
          const { at: createdAt, id } = decodeInstantCursor(q.cursor);
          where = { ...scope, OR: [{ createdAt: { gt: createdAt } }, { createdAt, id: { gt: id } }] };
        }
        const rows = await prisma.comment.findMany({ where, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: q.limit + 1, include: { author: { select: personColumns } } });
        const page = rows.slice(0, q.limit);
        const last = page.at(-1);
        const nextCursor = rows.length > q.limit && last ? encodeInstantCursor(last.createdAt, last.id) : null;
        const mentionedIds = [...new Set(page.flatMap((c) => c.mentions))];
        const people = new Map<string, Person>(
          mentionedIds.length ? (await prisma.user.findMany({ where: { id: { in: mentionedIds } }, select: personColumns })).map((p) => [p.id, p]) : [],
        );
        return {
          items: page.map((c) => ({
            id: c.id, body: c.body, author: personForViewer(user, c.author), at: c.createdAt.toISOString(), visibility: c.visibility,
            mentions: c.mentions.flatMap((id) => { const p = people.get(id); return p ? [personForViewer(user, p)] : []; }),
          })),
          nextCursor,
        };
      },
    },
    {
      method: 'post', path: '/api/jobs/:id/comments', operationId: 'addComment',
      summary: 'Comment on the job; `internal: true` (staff: owner, manager, QA, admin) hides it from vendors; `@name` notifies each mentioned person the writer may mention', tag: 'jobs',
      access: { roles: 'any' }, jobScoped: true, status: 201,
      body: {
        type: 'object', required: ['body'], additionalProperties: false,
        properties: { body: { type: 'string', minLength: 1, maxLength: 10000 }, internal: { type: 'boolean', default: false } },
      },
      responses: {
        201: { description: 'The comment, its resolved mentions and the `@` words that named nobody the writer may mention', schema: ref('PostedComment') },
        403: { description: 'comment-internal-forbidden: only owner, manager, QA or admin staff post internal comments' },
      },
      async handler(req) {
        const user = userOf(req);
        const job = jobOf(req);
        const body = req.body as { body: string; internal?: boolean };
        const visibility: CommentVisibility = body.internal ? 'internal' : 'all';
        if (visibility === 'internal' && !canPostInternalComments(user)) throw internalRefused();
        const candidates = await mentionablePeople(deps.db, user, job, visibility);
        const { mentioned, unresolved } = findMentions(body.body, candidates);
        const comment = await prisma.$transaction(async (tx) => {
          const created = await tx.comment.create({ data: { jobId: job.id, authorId: user.id, body: body.body, visibility, mentions: mentioned.map((p) => p.id) } });
          await appendAudit(tx, {
            type: visibility === 'internal' ? INTERNAL_COMMENT_EVENT : 'comment.added', actorId: user.id, actorLabel: user.email, jobId: job.id,
            data: { commentId: created.id, mentions: created.mentions },
          });
          await writeMentionNotices(tx, {
            job, commentId: created.id, body: created.body, author: { id: user.id, name: user.name }, at: created.createdAt, mentionedIds: created.mentions, publicUrl: deps.config.publicUrl,
          });
          return created;
        });
        return {
          id: comment.id, body: comment.body, author: personForViewer(user, user), at: comment.createdAt.toISOString(), visibility,
          mentions: mentioned.map((p) => personForViewer(user, p)), unresolvedMentions: unresolved,
        };
      },
    },
    {
      method: 'get', path: '/api/jobs/:id/people', operationId: 'listMentionablePeople',
      summary: 'The people a comment on the job may mention (`visibility=internal`: staff only, for an internal comment)', tag: 'jobs',
      access: { roles: 'any' }, jobScoped: true,
      query: { type: 'object', additionalProperties: false, properties: { visibility: { type: 'string', enum: ['all', 'internal'], default: 'all' } } },
      responses: {
        200: { description: '{ items }, sorted by name', schema: itemsOf(ref('MentionablePerson')) },
        403: { description: 'comment-internal-forbidden: visibility=internal asked by someone who cannot post internal comments' },
      },
      async handler(req) {
        const user = userOf(req);
        const visibility = (req.query as { visibility: CommentVisibility }).visibility;
        if (visibility === 'internal' && !canPostInternalComments(user)) throw internalRefused();
        const people = await mentionablePeople(deps.db, user, jobOf(req), visibility);
        return { items: people.filter((p) => p.id !== user.id).map((p) => ({ ...personForViewer(user, p), staff: p.staff })) };
      },
    },
  ];
}
