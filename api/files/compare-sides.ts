/**
 * The two sides of a version comparison (GET /api/jobs/:id/files/compare):
 * each id must be one of the job's reference files or one of its deliverable
 * versions; vendors may name only the references and their own
 * organisation's versions. Anything else is 404, as if it did not exist.
 */
import type { PrismaClient } from '../../platform/db/prisma-types';
import type { AuthUser } from '../auth/auth-user';
import { isVendorUser } from '../auth/auth-user';
import { notFound } from '../http/problem';
import { referenceVisibleTo } from '../access/job-scope';

/** One side of a comparison as the caller may see it. */
export interface CompareSide {
  fileId: string;
  kind: 'reference' | 'version';
  deliverable: string;
  /** The version number (null for a reference). */
  version: number | null;
  /** The round of the submission that handed the version in (null for a reference). */
  round: number | null;
  name: string;
  /** The organisation that owns the stored file. */
  orgId: string;
  storageKey: string;
  /** The SHA-256 of the file's bytes (the key of its cached OCR text; never answered). */
  sha256: string;
}

/** Resolves `fileId` within job `jobId` for `user`, or throws 404. */
export async function resolveCompareSide(prisma: PrismaClient, user: AuthUser, jobId: string, fileId: string): Promise<CompareSide> {
  const [reference, version] = await Promise.all([
    prisma.jobReference.findFirst({ where: { jobId, fileId }, include: { file: { include: { blob: true, org: { select: { id: true, kind: true } } } } } }),
    prisma.deliverableVersion.findFirst({ where: { jobId, fileId }, orderBy: { version: 'desc' }, include: { file: { include: { blob: true } }, submission: { select: { round: true } } } }),
  ]);
  if (version && (!isVendorUser(user) || version.file.orgId === user.orgId)) {
    return {
      fileId, kind: 'version', deliverable: version.deliverableId, version: version.version, round: version.submission.round,
      name: version.file.originalName, orgId: version.file.orgId, storageKey: version.file.blob.storageKey, sha256: version.file.sha256,
    };
  }
  if (reference && referenceVisibleTo(user, reference.file.org)) {
    return { fileId, kind: 'reference', deliverable: reference.deliverableId, version: null, round: null, name: reference.file.originalName, orgId: reference.file.orgId, storageKey: reference.file.blob.storageKey, sha256: reference.file.sha256 };
  }
  throw notFound(`File ${fileId}`);
}
