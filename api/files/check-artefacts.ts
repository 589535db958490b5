/**
 * The diff and overlay images of a visual check, built when someone first
 * opens them. The check activity records only the verdict and how to rebuild
 * the images (activities/visual-artefact-plan.ts); the first open compares the
 * two stored files again with the same settings, stores both PNGs
 * content-addressed and records their file ids in the CheckResult row, so
 * every later open is one read. Rows written before (images built with the
 * verdict) carry file ids already and are served as they are.
 *
 * Concurrent first opens build once per process (one shared promise) and
 * record once across processes: the row is re-read under a transaction-scoped
 * advisory lock, and a process that lost the race gives back the blobs it
 * created and answers with the winner's files (the same bytes: the build is
 * deterministic). A kill mid-build leaves at most bytes no row names, which
 * the file collector removes; the rows are written in one transaction.
 */
import { Readable } from 'node:stream';
import { runVisualCheck } from '../../checks/visual-check';
import { isCheckInputError } from '../../checks/errors';
import type { ArtefactEntry } from '../../activities/visual-artefact-plan';
import type { Prisma, PrismaClient } from '../../platform/db/prisma-types';
import { lockBlob, releaseCreatedBlobs } from '../../platform/storage/blob-lifecycle';
import type { FileStorage, StoredObject } from '../../platform/storage/file-storage';
import { HttpProblem, notFound } from '../http/problem';
import type { ComputeLimiter } from './compute-limiter';

/** What the API answers for an artefact: its stored file once built, and always the URL that builds or serves it. */
export interface ArtefactView { kind: string; fileId?: string; url: string }

/** The URL of a check result's artefact (builds it on first open). */
export function artefactUrl(jobId: string, resultId: string, kind: string): string {
  return `/api/jobs/${encodeURIComponent(jobId)}/checks/${encodeURIComponent(resultId)}/artefacts/${encodeURIComponent(kind)}`;
}

/** A CheckResult's artefacts as clients see them: never the build plan (the buyer's settings). */
export function artefactViews(jobId: string, resultId: string, stored: unknown): ArtefactView[] {
  return entriesOf(stored).map((e) => ({ kind: e.kind, ...(e.fileId ? { fileId: e.fileId } : {}), url: artefactUrl(jobId, resultId, e.kind) }));
}

function entriesOf(stored: unknown): ArtefactEntry[] {
  return Array.isArray(stored) ? (stored as ArtefactEntry[]).filter((e) => e && typeof e.kind === 'string') : [];
}

/** What building a job's images needs (the compare-versions view's context extends it). */
export interface ArtefactBuildContext {
  prisma: PrismaClient;
  storage: FileStorage;
  limiter: ComputeLimiter;
  maxMegapixels: number;
  job: { id: string; vendorOrgId: string; ownerId: string };
}

/**
 * The stored file id of artefact `kind` of check result `resultId` of the job,
 * built and recorded first when it is not yet. 404 when the job has no such
 * result or the result no such artefact.
 */
export async function checkArtefactFileId(ctx: ArtefactBuildContext, resultId: string, kind: string): Promise<string> {
  const row = await ctx.prisma.checkResult.findFirst({ where: { id: resultId, jobId: ctx.job.id }, select: { artefacts: true } });
  const entry = row ? entriesOf(row.artefacts).find((e) => e.kind === kind) : undefined;
  if (!entry) throw notFound(`Artefact ${kind} of check result ${resultId}`);
  if (entry.fileId) return entry.fileId;
  const built = await ctx.limiter.run(`artefacts:${resultId}`, () => build(ctx, resultId));
  const fileId = built.find((e) => e.kind === kind)?.fileId;
  if (!fileId) throw notFound(`Artefact ${kind} of check result ${resultId}`);
  return fileId;
}

/** Builds both images of the result from its plan and records them (or the ones another process recorded first). */
async function build(ctx: ArtefactBuildContext, resultId: string): Promise<ArtefactEntry[]> {
  const row = await ctx.prisma.checkResult.findUniqueOrThrow({ where: { id: resultId }, select: { artefacts: true } });
  const entries = entriesOf(row.artefacts);
  if (entries.every((e) => e.fileId)) return entries;
  const plan = entries.find((e) => e.build)?.build;
  if (!plan) throw notFound(`Artefacts of check result ${resultId}`);
  const [reference, draft] = await Promise.all([plan.referenceFileId, plan.draftFileId].map((id) => ctx.prisma.storedFile.findUnique({ where: { id }, include: { blob: true } })));
  if (!reference || !draft) throw notFound(`The files compared by check result ${resultId}`);
  let images: { diff: Buffer; overlay: Buffer } | undefined;
  try {
    images = (await runVisualCheck({
      reference: await ctx.storage.localPath(reference.blob.storageKey),
      draft: await ctx.storage.localPath(draft.blob.storageKey),
      referenceName: reference.originalName,
      draftName: draft.originalName,
      threshold: plan.threshold,
      maxDiffRatio: plan.maxDiffRatio,
      ignore: plan.ignore,
      resize: plan.resize,
      includeAntiAliasing: plan.includeAntiAliasing,
      maxMegapixels: ctx.maxMegapixels,
      returnImages: true,
    })).images;
  } catch (error) {
    if (!isCheckInputError(error)) throw error;
    throw new HttpProblem(422, 'image-unreadable', 'Unprocessable content', `${error.message} (the images cannot be built)`);
  }
  if (!images) throw notFound(`Artefacts of check result ${resultId}`);
  const stem = draft.originalName.replace(/\.[^.]+$/, '');
  const pngs: Record<string, { png: Buffer; name: string }> = {
    diff: { png: images.diff, name: `${stem}.diff.png` },
    overlay: { png: images.overlay, name: `${stem}.overlay.png` },
  };
  return record(ctx, resultId, entries.map((e) => ({ kind: e.kind, image: pngs[e.kind] })));
}

/** Stores the images and names them in the row in one transaction; nothing of ours stays when another process won or this fails. */
async function record(ctx: ArtefactBuildContext, resultId: string, wanted: Array<{ kind: string; image?: { png: Buffer; name: string } }>): Promise<ArtefactEntry[]> {
  const objects: StoredObject[] = [];
  try {
    const puts = new Map<string, StoredObject>();
    for (const { kind, image } of wanted) {
      if (!image) continue;
      const object = await ctx.storage.put(Readable.from(image.png), { maxBytes: Number.MAX_SAFE_INTEGER });
      objects.push(object);
      puts.set(kind, object);
    }
    const result = await ctx.prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`artefacts:${resultId}`}, 0))::text AS locked`;
      const now = entriesOf((await tx.checkResult.findUniqueOrThrow({ where: { id: resultId }, select: { artefacts: true } })).artefacts);
      if (now.every((e) => e.fileId)) return { entries: now, won: false };
      for (const sha256 of [...new Set(objects.map((o) => o.sha256))].sort()) await lockBlob(tx, sha256);
      const entries: ArtefactEntry[] = [];
      for (const { kind, image } of wanted) {
        const object = puts.get(kind);
        if (!object || !image) continue;
        await tx.fileBlob.upsert({ where: { sha256: object.sha256 }, create: { sha256: object.sha256, size: object.size, mime: 'image/png', storageKey: object.key }, update: {} });
        const file = await tx.storedFile.create({ data: { sha256: object.sha256, originalName: image.name, uploadedById: ctx.job.ownerId, orgId: ctx.job.vendorOrgId } });
        entries.push({ kind, fileId: file.id });
      }
      await tx.checkResult.update({ where: { id: resultId }, data: { artefacts: entries as unknown as Prisma.InputJsonValue } });
      return { entries, won: true };
    });
    if (!result.won) await releaseCreatedBlobs(ctx.prisma, ctx.storage, objects.filter((o) => o.created).map((o) => o.key));
    return result.entries;
  } catch (error) {
    await releaseCreatedBlobs(ctx.prisma, ctx.storage, objects.filter((o) => o.created).map((o) => o.key));
    throw error;
  }
}
