/**
 * Who reads, writes and can be mentioned in a job's comments.
 *
 * - A comment is for everyone who sees the job (`all`) or for the buyer's
 *   staff only (`internal`). Vendor users never read an internal comment, nor
 *   learn one exists: the comment list, the job's timeline (its audit event
 *   has its own type, INTERNAL_COMMENT_EVENT) and the live event stream leave
 *   them out.
 * - Internal comments are posted by staff holding owner, manager, qa or admin
 *   (a vendor, or procurement only: 403 `comment-internal-forbidden`).
 * - Mentionable people of a job, for a writer: internal staff see every
 *   active person of the internal organisation and the job's vendor users;
 *   a vendor user sees their own organisation's active users and the
 *   internal people bound to the job (its owner and role assignees), by name
 *   only. An internal comment can mention staff only.
 */
import type { Database } from '../../platform/db/database';
import type { AuthUser } from '../auth/auth-user';
import { hasRole, isVendorUser } from '../auth/auth-user';
import type { ScopedJob } from '../access/job-scope';
import type { Person } from '../access/people-for-viewer';

export type CommentVisibility = 'all' | 'internal';

/** The audit type of an internal comment (a public one is `comment.added`): readers outside the staff never get it. */
export const INTERNAL_COMMENT_EVENT = 'comment.internal_added';

/** Audit event types only staff read. */
export const STAFF_ONLY_EVENT_TYPES: readonly string[] = [INTERNAL_COMMENT_EVENT];

export const canReadInternalComments = (user: AuthUser): boolean => !isVendorUser(user);
export const canPostInternalComments = (user: AuthUser): boolean => !isVendorUser(user) && hasRole(user, 'owner', 'manager', 'qa', 'admin');

/** Whether `user` may read an audit event of type `type` (of a job they see). */
export const canReadEventType = (user: AuthUser, type: string): boolean => canReadInternalComments(user) || !STAFF_ONLY_EVENT_TYPES.includes(type);

/** The visibilities `user` reads. */
export const visibilitiesFor = (user: AuthUser): CommentVisibility[] => (canReadInternalComments(user) ? ['all', 'internal'] : ['all']);

export interface Mentionable extends Person {
  /** Whether the person is the buyer's staff (may read internal comments). */
  staff: boolean;
}

/**
 * The people `writer` may mention in a comment on `job` of `visibility`
 * (active persons only, API keys never), sorted by name.
 */
export async function mentionablePeople(db: Database, writer: AuthUser, job: ScopedJob, visibility: CommentVisibility): Promise<Mentionable[]> {
  const bound = [job.ownerId, ...Object.values((job.assignees ?? {}) as Record<string, string>)].filter((id) => typeof id === 'string');
  // Staff: every internal person (and the job's vendor users for a public comment). Vendor: their organisation and the job's bound staff.
  const rows = await db.query<Person & { orgKind: 'internal' | 'vendor' }>(
    `SELECT u."id", u."name", u."email", u."orgId", o."kind"::text AS "orgKind"
     FROM "User" u JOIN "Org" o ON o."id" = u."orgId"
     WHERE NOT u."disabled" AND u."kind" = 'person'
       AND (CASE WHEN $1::boolean
         THEN (o."kind" = 'vendor' AND u."orgId" = $2::text) OR (o."kind" = 'internal' AND u."id" = ANY($3::text[]))
         ELSE o."kind" = 'internal' OR u."orgId" = $2::text END)
     ORDER BY u."name", u."id"`,
    [isVendorUser(writer), job.vendorOrgId, bound],
  );
  return rows
    .map((r) => ({ id: r.id, name: r.name, email: r.email, orgId: r.orgId, staff: r.orgKind === 'internal' }))
    .filter((p) => visibility === 'all' || p.staff);
}
