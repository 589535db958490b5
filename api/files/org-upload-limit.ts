/**
 * How many uploads one organisation may have streaming into this API process at
 * once (`UPLOAD_MAX_PER_ORG`, default 8). A vendor that opens many slow uploads
 * (a few bytes every few seconds each) would otherwise hold every storage slot
 * (S3_MAX_UPLOADS) until the request timeout and stall everyone else; with this
 * limit it stalls only itself. Refused before any byte of the body is read:
 * 429 `uploads-in-flight` with Retry-After.
 */
import { DEFAULT_UPLOADS_PER_ORG } from '../../platform/config';
import { HttpProblem } from '../http/problem';

export interface OrgUploadLimit {
  /** Takes a slot for `orgId` or throws 429; call the returned function once when the body is read. */
  enter(orgId: string): () => void;
  inFlight(orgId: string): number;
}

export const uploadsInFlight = (limit: number) =>
  new HttpProblem(
    429,
    'uploads-in-flight',
    'Too many requests',
    `Your organisation already has ${limit} uploads in progress on this server; wait for one to finish, then send this one again.`,
    undefined,
    { 'Retry-After': '5' },
  );

export function createOrgUploadLimit(limit: number): OrgUploadLimit {
  if (!(Number.isInteger(limit) && limit >= 1)) throw new Error(`an upload limit per organisation must be a whole number ≥ 1 (got ${limit})`);
  const counts = new Map<string, number>();
  return {
    enter(orgId) {
      const now = counts.get(orgId) ?? 0;
      if (now >= limit) throw uploadsInFlight(limit);
      counts.set(orgId, now + 1);
      let left = false;
      return () => {
        if (left) return;
        left = true;
        const after = (counts.get(orgId) ?? 1) - 1;
        if (after <= 0) counts.delete(orgId);
        else counts.set(orgId, after);
      };
    },
    inFlight: (orgId) => counts.get(orgId) ?? 0,
  };
}

const limits = new WeakMap<object, OrgUploadLimit>();

/** The app's limit: `deps.orgUploadLimit` when given, else one per deps object of `deps.maxUploadsPerOrg` (default 8). */
export function orgUploadLimitOf(deps: { orgUploadLimit?: OrgUploadLimit; maxUploadsPerOrg?: number }): OrgUploadLimit {
  if (deps.orgUploadLimit) return deps.orgUploadLimit;
  let limit = limits.get(deps);
  if (!limit) {
    limit = createOrgUploadLimit(deps.maxUploadsPerOrg ?? DEFAULT_UPLOADS_PER_ORG);
    limits.set(deps, limit);
  }
  return limit;
}
