/**
 * The collector of unreferenced blobs: FileBlob rows no StoredFile (nor MonthlyReport) names (left
 * by refused submissions whose bytes other files had shared, or by deleted
 * files), stored objects no FileBlob row names (a process that died between
 * storing the bytes and writing the rows), and temp files of unfinished writes.
 *
 * It never removes what a concurrent upload is about to reference: a blob
 * counts as garbage only when both its row and its bytes are older than the
 * grace age (`FILE_GC_GRACE_MS`; an upload that re-uses existing bytes
 * refreshes their time, file-storage.ts), and each blob is removed under the
 * same per-blob lock an upload's commit takes, which then re-checks that the
 * bytes still exist (blob-lifecycle.ts). Run by the workers every
 * `FILE_GC_INTERVAL_MS` (one at a time: withCollectorLock) and by `npm run files:gc`;
 * several collectors at once are safe all the same.
 */
import { Client } from 'pg';
import type { PrismaClient } from '../db/prisma-types';
import { UNREFERENCED_BLOB, lockBlob } from './blob-lifecycle';
import type { FileStorage } from './file-storage';

export interface FileGcOptions {
  prisma: PrismaClient;
  storage: FileStorage;
  graceMs: number;
  /** The collector's "now" (default the clock). */
  now?: Date;
}

export interface FileGcResult {
  /** FileBlob rows removed, with their bytes. */
  blobs: number;
  /** Stored objects removed that no row named. */
  objects: number;
  /** Temp files of unfinished writes removed. */
  temp: number;
}

const BATCH = 500;
/** The session advisory lock one periodic collector holds while it sweeps (withCollectorLock). */
const COLLECTOR_LOCK = 'files:gc';

export async function collectUnreferencedFiles(options: FileGcOptions): Promise<FileGcResult> {
  const { prisma, storage } = options;
  const cutoff = new Date((options.now ?? new Date()).getTime() - options.graceMs);
  const isOld = async (key: string) => {
    const touched = await storage.touchedAt(key);
    return touched === undefined || touched < cutoff;
  };
  const result: FileGcResult = { blobs: 0, objects: 0, temp: await storage.removeStaleTemp(cutoff) };

  // 1. Rows no file names, older than the grace age (keyset over sha256).
  let after = '';
  for (;;) {
    const candidates = await prisma.fileBlob.findMany({
      where: { sha256: { gt: after }, createdAt: { lt: cutoff }, ...UNREFERENCED_BLOB },
      select: { sha256: true, storageKey: true },
      orderBy: { sha256: 'asc' },
      take: BATCH,
    });
    for (const blob of candidates) {
      const removed = await prisma.$transaction(async (tx) => {
        await lockBlob(tx, blob.sha256);
        if (!(await isOld(blob.storageKey))) return false;
        const deleted = await tx.fileBlob.deleteMany({ where: { sha256: blob.sha256, createdAt: { lt: cutoff }, ...UNREFERENCED_BLOB } });
        if (deleted.count === 0) return false;
        // Removed while the lock is held: an upload of the same bytes waits, then finds them gone and fails cleanly.
        await storage.remove(blob.storageKey);
        return true;
      });
      if (removed) result.blobs += 1;
    }
    if (candidates.length < BATCH) break;
    after = candidates[candidates.length - 1]!.sha256;
  }

  // 2. Objects no row names, older than the grace age.
  let batch: string[] = [];
  const sweep = async () => {
    const named = new Set((await prisma.fileBlob.findMany({ where: { storageKey: { in: batch } }, select: { storageKey: true } })).map((b) => b.storageKey));
    for (const key of batch.filter((k) => !named.has(k))) {
      const removed = await prisma.$transaction(async (tx) => {
        await lockBlob(tx, key);
        if ((await tx.fileBlob.count({ where: { storageKey: key } })) > 0 || !(await isOld(key))) return false;
        await storage.remove(key);
        return true;
      });
      if (removed) result.objects += 1;
    }
    batch = [];
  };
  for await (const key of storage.keys()) {
    batch.push(key);
    if (batch.length >= BATCH) await sweep();
  }
  if (batch.length > 0) await sweep();
  return result;
}

/**
 * Runs `work` while holding the collectors' session advisory lock on a connection of its own to `url`;
 * answers undefined without running it when another process holds the lock (its sweep is under way).
 * The lock goes with the connection: a process killed mid-sweep frees it.
 */
export async function withCollectorLock<T>(url: string, work: () => Promise<T>): Promise<T | undefined> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined); // a dropped connection fails the queries below; its lock is freed with it
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtextextended('${COLLECTOR_LOCK}', 0)) AS locked`);
    if (!rows[0]?.locked) return undefined;
    try {
      return await work();
    } finally {
      await client.query(`SELECT pg_advisory_unlock(hashtextextended('${COLLECTOR_LOCK}', 0))`).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Runs the collector every `intervalMs` (first run after one interval) until the returned stop function is called.
 * With `lockUrl` (the database's URL) a run is skipped while another process's run holds the collectors' lock,
 * so of several workers one sweeps at a time.
 */
export function scheduleFileGc(options: Omit<FileGcOptions, 'now'> & { intervalMs: number; log: (line: string) => void; lockUrl?: string }): () => Promise<void> {
  let running: Promise<void> | undefined;
  let stopped = false;
  const collect = () => (options.lockUrl ? withCollectorLock(options.lockUrl, () => collectUnreferencedFiles(options)) : collectUnreferencedFiles(options));
  const run = () => {
    if (running || stopped) return;
    running = collect()
      .then((r) => {
        if (r && r.blobs + r.objects + r.temp > 0) options.log(`[files] collected ${r.blobs} unreferenced blob(s), ${r.objects} orphan object(s), ${r.temp} temp file(s)`);
      })
      .catch((error: Error) => options.log(`[files] collector failed: ${error.message}`))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(run, options.intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
