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
 *   the same bytes meanwhile); when the database refuses the undo (restarting)
 *   it is tried again in the background, under the same lock and check;
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

/** Waits before each retry of an undo the database refused (it was restarting): about 5 minutes in all. */
export const RELEASE_RETRY_DELAYS_MS: readonly number[] = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000, 60_000, 60_000, 120_000];

/** Undoes in the background that have not finished (blobReleasesSettled awaits them). */
const pendingReleases = new Set<Promise<void>>();

type TxRunner = { $transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> };

export interface ReleaseOptions {
  /** Waits before the retries (default {@link RELEASE_RETRY_DELAYS_MS}). */
  retryDelaysMs?: readonly number[];
  /** Where a release given up on is reported (default stderr). */
  log?: (line: string) => void;
}

/**
 * Undoes blobs a failed request created: for each, under its lock, the
 * FileBlob row (when no StoredFile names it) and the bytes (when no FileBlob
 * row names them any more) are removed. Blobs other files use are left alone.
 *
 * The request usually failed because the database did (a restart): then this
 * undo fails too, and the stored bytes would stay with no row naming them. A
 * blob whose undo fails is tried again in the background, with the same lock
 * and the same check, until the database answers (RELEASE_RETRY_DELAYS_MS),
 * unless an upload re-used the bytes meanwhile (it may be about to name them);
 * the call itself never fails, so the request answers its own error. What is
 * still left after the last try (or after the process died) goes to the
 * collector (file-gc.ts) once older than its grace age.
 */
export async function releaseCreatedBlobs(prisma: TxRunner, storage: FileStorage, keys: readonly string[], options: ReleaseOptions = {}): Promise<void> {
  const failed: string[] = [];
  for (const sha256 of new Set(keys)) {
    try {
      await releaseBlob(prisma, storage, sha256);
    } catch {
      failed.push(sha256);
    }
  }
  if (failed.length === 0) return;
  const retry = retryReleases(prisma, storage, failed, new Date(), options).finally(() => pendingReleases.delete(retry));
  pendingReleases.add(retry);
}

/** Resolves once every background undo started so far has finished or been given up (tests, shutdown). */
export async function blobReleasesSettled(): Promise<void> {
  while (pendingReleases.size > 0) await Promise.all([...pendingReleases]);
}

/** The undo of one blob; with `reusedAfter`, bytes an upload re-used (`put` renewed their time) since then are left to the collector. */
async function releaseBlob(prisma: TxRunner, storage: FileStorage, sha256: string, reusedAfter?: Date): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await lockBlob(tx, sha256);
    await tx.fileBlob.deleteMany({ where: { sha256, ...UNREFERENCED_BLOB } });
    const stillNamed = await tx.fileBlob.count({ where: { sha256 } });
    if (stillNamed > 0) return;
    if (reusedAfter) {
      const touched = await storage.touchedAt(sha256);
      if (touched !== undefined && touched > reusedAfter) return;
    }
    await storage.remove(sha256);
  });
}

async function retryReleases(prisma: TxRunner, storage: FileStorage, keys: string[], failedAt: Date, options: ReleaseOptions): Promise<void> {
  let left = keys;
  let lastError: unknown;
  for (const delay of options.retryDelaysMs ?? RELEASE_RETRY_DELAYS_MS) {
    await new Promise((resolve) => setTimeout(resolve, delay).unref());
    const still: string[] = [];
    for (const sha256 of left) {
      try {
        // Another upload of the same bytes since the failure may be about to name them: those stay.
        await releaseBlob(prisma, storage, sha256, failedAt);
      } catch (error) {
        lastError = error;
        still.push(sha256);
      }
    }
    left = still;
    if (left.length === 0) return;
  }
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  log(`[files] could not undo ${left.length} stored blob(s) of failed uploads (${(lastError as Error | undefined)?.message ?? 'unknown error'}); the collector removes them once older than FILE_GC_GRACE_MS`);
}
