/**
 * The one place that decides which jobs a user can see. Vendor users see only
 * their own organisation's jobs; anything else answers 404 (existence is not
 * leaked). Internal users see every job of the tenant.
 */
import type { Job, Prisma, PrismaClient } from '../../platform/db/prisma-types';
import type { AuthUser } from '../auth/auth-user';
import { isVendorUser } from '../auth/auth-user';
import { notFound } from '../http/problem';

/** A job row as the scope check loads it (with its vendor organisation's id and name). */
export type ScopedJob = Job & { vendorOrg: { id: string; name: string } };

export function jobScopeWhere(user: AuthUser): Prisma.JobWhereInput {
  return isVendorUser(user) ? { vendorOrgId: user.orgId } : {};
}

/** The job if `user` may see it; 404 otherwise (also for ids that do not exist). */
export async function findJobInScope(prisma: PrismaClient, user: AuthUser, id: string): Promise<ScopedJob> {
  const job = await prisma.job.findFirst({ where: { id, ...jobScopeWhere(user) }, include: { vendorOrg: { select: { id: true, name: true } } } });
  if (!job) throw notFound(`Job ${id}`);
  return job;
}

/** Job fields only some roles may read (contract and budget). */
export const RESTRICTED_FIELDS = ['budget', 'contractNo', 'contractAmount', 'price'];
const FIELD_READERS = ['procurement', 'admin', 'owner'];

/** The job's custom fields with restricted ones removed for roles that may not read them. */
export function visibleFields(user: AuthUser, fields: unknown): Record<string, unknown> {
  const all = (fields && typeof fields === 'object' ? fields : {}) as Record<string, unknown>;
  if (user.roles.some((r) => FIELD_READERS.includes(r))) return { ...all };
  return Object.fromEntries(Object.entries(all).filter(([k]) => !RESTRICTED_FIELDS.includes(k)));
}

/** Whether `user` may download stored file `fileId`: internal users always; vendors for their org's files and their jobs' references. */
export async function canReadFile(prisma: PrismaClient, user: AuthUser, fileId: string): Promise<boolean> {
  if (!isVendorUser(user)) return true;
  const file = await prisma.storedFile.findUnique({ where: { id: fileId }, select: { orgId: true } });
  if (!file) return false;
  if (file.orgId === user.orgId) return true;
  const reference = await prisma.jobReference.findFirst({ where: { fileId, job: { vendorOrgId: user.orgId } }, select: { jobId: true } });
  return reference !== null;
}
