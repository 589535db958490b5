/**
 * Who may create, re-use and remove a stored blob, and in what order. Every
 * party that could race over one blob's bytes takes the same transaction-scoped
 * advisory lock (per SHA-256) first:
 *
 * - an upload's commit (api/files/multipart-upload.ts): upserts the FileBlob
 *   row, then checks the bytes are still there (a collector may have removed
 *   them between `put` and commit: the request then fails with 503, nothing is
 *   referenced that does not exist);
 * - an upload that is undone (refused or failed): removes bytes it created
 *   only while no FileBlob row names them (another request may have committed
 *   the same bytes meanwhile);
 * - the garbage collector (file-gc.ts): removes a blob only while no
 *   StoredFile or MonthlyReport names it and its bytes were not written or re-used within the
 *   grace age.
 */
import type { Prisma } from '../db/prisma-types';
import type { FileStorage } from './file-storage';

/** A blob nothing references: no stored file and no monthly report (PDF or XLSX) names it. */
export const UNREFERENCED_BLOB = { files: { none: {} }, monthlyReportPdfs: { none: {} }, monthlyReportXlsxs: { none: {} } } as const;

type Tx = Prisma.TransactionClient;

/** Serialises everything done to blob `sha256` until the transaction ends. */
export async function lockBlob(tx: Tx, sha256: string): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`blob:${sha256}`}, 0))::text AS locked`;
}

/** Serialises the storage-quota check of organisation `orgId` until the transaction ends. */
export async function lockOrgQuota(tx: Tx, orgId: string): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`quota:${orgId}`}, 0))::text AS locked`;
}

/**
 * Undoes blobs a failed request created: for each, under its lock, the
 * FileBlob row (when no StoredFile names it) and the bytes (when no FileBlob
 * row names them any more) are removed. Blobs other files use are left alone.
 */
export async function releaseCreatedBlobs(prisma: { $transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> }, storage: FileStorage, keys: readonly string[]): Promise<void> {
  for (const sha256 of new Set(keys)) {
    await prisma.$transaction(async (tx) => {
      await lockBlob(tx, sha256);
      await tx.fileBlob.deleteMany({ where: { sha256, ...UNREFERENCED_BLOB } });
      const stillNamed = await tx.fileBlob.count({ where: { sha256 } });
      if (stillNamed === 0) await storage.remove(sha256);
    });
  }
}
