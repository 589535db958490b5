/**
 * The per-organisation storage quota (`ORG_STORAGE_QUOTA_BYTES`): the bytes of
 * every file an organisation's people uploaded (each named file counts its
 * blob's size, also when the same bytes are stored once for several files).
 * Checked before an upload's body is read (an organisation already at its
 * quota is refused at once) and again when the rows are written, under the
 * organisation's lock, so concurrent uploads cannot pass it together.
 */
import { unprocessable } from '../http/problem';
import { lockOrgQuota } from '../../platform/storage/blob-lifecycle';
import type { Prisma } from '../../platform/db/prisma-types';

export interface StorageQuota {
  orgId: string;
  limitBytes: number;
}

type Reader = Pick<Prisma.TransactionClient, '$queryRaw'>;

export const quotaExceeded = (quota: StorageQuota, used: number, adding: number) =>
  unprocessable(
    'storage-quota-exceeded',
    `Your organisation has stored ${used} of its ${quota.limitBytes} bytes (ORG_STORAGE_QUOTA_BYTES)` +
      (adding > 0 ? `; these files (${adding} bytes) do not fit.` : '; nothing more can be uploaded.') +
      ' Ask an administrator to raise the quota.',
  );

/** Bytes stored for organisation `orgId`. */
export async function storageUsed(db: Reader, orgId: string): Promise<number> {
  const rows = await db.$queryRaw<Array<{ used: bigint | number | null }>>`
    SELECT COALESCE(SUM(b.size), 0)::bigint AS used FROM "StoredFile" f JOIN "FileBlob" b ON b.sha256 = f.sha256 WHERE f."orgId" = ${orgId}`;
  return Number(rows[0]?.used ?? 0);
}

/** Before the body: refuses when the organisation has no byte left. */
export async function assertQuotaLeft(db: Reader, quota: StorageQuota): Promise<void> {
  const used = await storageUsed(db, quota.orgId);
  if (used >= quota.limitBytes) throw quotaExceeded(quota, used, 0);
}

/** In the transaction that writes the rows: refuses when `adding` more bytes would pass the quota. */
export async function assertWithinQuota(tx: Prisma.TransactionClient, quota: StorageQuota, adding: number): Promise<void> {
  await lockOrgQuota(tx, quota.orgId);
  const used = await storageUsed(tx, quota.orgId);
  if (used + adding > quota.limitBytes) throw quotaExceeded(quota, used, adding);
}
