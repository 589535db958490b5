/**
 * The one place that decides which jobs a user can see. Vendor users see only
 * their own organisation's jobs; anything else answers 404 (existence is not
 * leaked). Internal users see every job of the tenant.
 */
import type { Database } from '../../platform/db/database';
import type { PrismaClient } from '../../platform/db/prisma-types';
import type { AuthUser } from '../auth/auth-user';
import { isVendorUser } from '../auth/auth-user';
import { notFound } from '../http/problem';
import { readJobInScope, type ScopedJob, type StepRow } from '../jobs/job-reads';

export type { ScopedJob } from '../jobs/job-reads';

/**
 * The job if `user` may see it (with its steps when `withSteps`), in one
 * database round trip; 404 otherwise (also for ids that do not exist).
 */
export async function findJobInScope(db: Database, user: AuthUser, id: string, withSteps = false): Promise<ScopedJob & { steps?: StepRow[] }> {
  const job = await readJobInScope(db, user, id, withSteps);
  if (!job) throw notFound(`Job ${id}`);
  return job;
}

/**
 * Whether a job's reference file may be shown to `user`: internal users always; a vendor when the file is the buyer's
 * or their own organisation's. Another vendor's file stays theirs even when it is a reference of a job that moved
 * (a job started for vendor A with A's approved work as reference, then handed to vendor B).
 */
export function referenceVisibleTo(user: AuthUser, fileOrg: { id: string; kind: string }): boolean {
  return !isVendorUser(user) || fileOrg.kind !== 'vendor' || fileOrg.id === user.orgId;
}

/** Whether `user` may download stored file `fileId`: internal users always; vendors for their org's files and their jobs' references ({@link referenceVisibleTo}). */
export async function canReadFile(prisma: PrismaClient, user: AuthUser, fileId: string): Promise<boolean> {
  if (!isVendorUser(user)) return true;
  const file = await prisma.storedFile.findUnique({ where: { id: fileId }, select: { orgId: true, org: { select: { kind: true } } } });
  if (!file) return false;
  if (file.orgId === user.orgId) return true;
  if (!referenceVisibleTo(user, { id: file.orgId, kind: file.org.kind })) return false;
  const reference = await prisma.jobReference.findFirst({ where: { fileId, job: { vendorOrgId: user.orgId } }, select: { jobId: true } });
  return reference !== null;
}

/** The scope rule above for a job already known by its vendor organisation (the live event stream filters with it). */
export function canSeeJobOf(user: AuthUser, vendorOrgId: string): boolean {
  return !isVendorUser(user) || user.orgId === vendorOrgId;
}
