/**
 * Compares two files of one job (two versions of a deliverable, or a version
 * and the reference) with the visual check's engine and the OCR text diff
 * (compare-ocr.ts: the checks' text, else read on demand and cached), on
 * demand. Results go into the check-result cache (CheckResult rows of
 * kind `compare`, round 0, which GET /api/jobs/:id/checks leaves out), keyed
 * by both file ids, the visual settings and the organisation that owns the
 * diff images — so a second call is one indexed read.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { runVisualCheck } from '../../checks/visual-check';
import { isCheckInputError } from '../../checks/errors';
import type { Rect, SopDefinition, VisualCheckSpec } from '../../core/sop/types';
import { canonicalJson } from '../../platform/audit/canonical-json';
import type { Prisma, PrismaClient } from '../../platform/db/prisma-types';
import { lockBlob, releaseCreatedBlobs } from '../../platform/storage/blob-lifecycle';
import { assertQuotaLeft, assertWithinQuota } from './storage-quota';
import type { FileStorage, StoredObject } from '../../platform/storage/file-storage';
import { HttpProblem } from '../http/problem';
import type { ArtefactBuildContext } from './check-artefacts';
import { ocrComparisonOf, type OcrComparison, type OcrContext } from './compare-ocr';
import type { CompareSide } from './compare-sides';
import type { ComputeLimiter } from './compute-limiter';

/** Bump when the comparison's figures change, so cached comparisons are not reused. */
const COMPARE_ENGINE = 'compare-1';
/** The CheckResult kind of cached comparisons. */
export const COMPARE_KIND = 'compare';

/** The visual settings a comparison uses: the SOP's visual check of the deliverable, sizes fitted. */
export interface CompareSettings { threshold?: number; ignore?: Rect[]; resize: 'fit' | 'none' }

export function compareSettingsOf(definition: unknown, deliverable: string): CompareSettings {
  const nodes = (definition as Partial<SopDefinition> | null)?.nodes ?? [];
  const spec = nodes.flatMap((n) => (n.type === 'check' ? n.checks : [])).find((c): c is VisualCheckSpec => c.kind === 'visual' && c.deliverable === deliverable);
  return {
    ...(spec?.threshold !== undefined ? { threshold: spec.threshold } : {}),
    ...(spec?.ignore?.length ? { ignore: spec.ignore } : {}),
    // Versions of a deliverable may differ in size; scaling B to A's size still shows where they differ.
    resize: spec?.resize ?? 'fit',
  };
}

export interface VisualComparison {
  passed: boolean;
  figures: Record<string, unknown>;
  reasons: unknown[];
  artefacts: Array<{ kind: string; fileId: string }>;
}

export type { OcrComparison } from './compare-ocr';

export interface Comparison {
  /** True when nothing was computed: the pixels and both texts came from the cache. */
  cached: boolean;
  settings: CompareSettings;
  visual: VisualComparison;
  ocr: OcrComparison;
}

interface Context extends ArtefactBuildContext {
  /** The organisation that owns diff images: the vendor's when both sides are theirs or references, else the caller's. */
  artefactOrgId: string;
  settings: CompareSettings;
  /** ORG_STORAGE_QUOTA_BYTES: diff images are files of `artefactOrgId` and count against its quota like uploads (422 storage-quota-exceeded). */
  quotaBytes?: number;
  /** How the OCR text of each side is read when no check read it (compare-ocr.ts). */
  ocr: Pick<OcrContext, 'ocrPool' | 'languages' | 'timeoutMs' | 'log'>;
}

/** Stores the images as files of `artefactOrgId` in one transaction under its quota; nothing stays stored when it fails. */
async function storeArtefacts(ctx: Context, images: Array<{ png: Buffer; name: string }>): Promise<string[]> {
  const objects: Array<{ png: Buffer; name: string; object: StoredObject }> = [];
  try {
    for (const image of images) objects.push({ ...image, object: await ctx.storage.put(Readable.from(image.png), { maxBytes: Number.MAX_SAFE_INTEGER }) });
    return await ctx.prisma.$transaction(async (tx) => {
      // The quota's lock before the blobs', in the order the uploads take them.
      if (ctx.quotaBytes !== undefined) await assertWithinQuota(tx, { orgId: ctx.artefactOrgId, limitBytes: ctx.quotaBytes }, objects.reduce((sum, o) => sum + o.object.size, 0));
      for (const sha256 of [...new Set(objects.map((o) => o.object.sha256))].sort()) await lockBlob(tx, sha256);
      const ids: string[] = [];
      for (const { object, name } of objects) {
        await tx.fileBlob.upsert({ where: { sha256: object.sha256 }, create: { sha256: object.sha256, size: object.size, mime: 'image/png', storageKey: object.key }, update: {} });
        ids.push((await tx.storedFile.create({ data: { sha256: object.sha256, originalName: name, uploadedById: ctx.job.ownerId, orgId: ctx.artefactOrgId } })).id);
      }
      return ids;
    });
  } catch (error) {
    await releaseCreatedBlobs(ctx.prisma, ctx.storage, objects.filter((o) => o.object.created).map((o) => o.object.key));
    throw error;
  }
}

async function visualOf(ctx: Context, a: CompareSide, b: CompareSide): Promise<VisualComparison> {
  let result;
  try {
    result = await runVisualCheck({
      reference: await ctx.storage.localPath(a.storageKey),
      draft: await ctx.storage.localPath(b.storageKey),
      referenceName: a.name,
      draftName: b.name,
      threshold: ctx.settings.threshold,
      ignore: ctx.settings.ignore,
      resize: ctx.settings.resize,
      maxMegapixels: ctx.maxMegapixels,
      returnImages: true,
    });
  } catch (error) {
    if (!isCheckInputError(error)) throw error;
    const status = error.code === 'IMAGE_TOO_LARGE' ? 413 : 422;
    throw new HttpProblem(status, error.code === 'IMAGE_TOO_LARGE' ? 'image-too-large' : 'image-unreadable', status === 413 ? 'Payload too large' : 'Unprocessable content', `${error.message} (only images the visual check reads can be compared)`);
  }
  const artefacts: VisualComparison['artefacts'] = [];
  if (result.images) {
    const stem = `${a.name.replace(/\.[^.]+$/, '')}__${b.name.replace(/\.[^.]+$/, '')}`;
    const [diff, overlay] = await storeArtefacts(ctx, [{ png: result.images.diff, name: `${stem}.diff.png` }, { png: result.images.overlay, name: `${stem}.overlay.png` }]);
    artefacts.push({ kind: 'diff', fileId: diff! }, { kind: 'overlay', fileId: overlay! });
  }
  return {
    passed: result.passed,
    figures: { width: result.width, height: result.height, diffPixels: result.diffPixels, diffRatio: result.diffRatio, maxDiffRatio: result.maxDiffRatio, regions: result.regions, resized: result.resized, draftSize: result.draftSize },
    reasons: result.reasons,
    artefacts,
  };
}

/** The comparison of `a` (as the reference side) with `b`, from the cache or computed under the limiter. */
export async function compareFiles(ctx: Context, a: CompareSide, b: CompareSide): Promise<Comparison> {
  const cacheKey = createHash('sha256')
    .update(canonicalJson({ engine: COMPARE_ENGINE, artefactOrgId: ctx.artefactOrgId, a: a.fileId, b: b.fileId, settings: ctx.settings }))
    .digest('hex');
  const where = { jobId_nodeId_round_kind_deliverableId: { jobId: ctx.job.id, nodeId: '', round: 0, kind: COMPARE_KIND, deliverableId: cacheKey } };
  const hit = await ctx.prisma.checkResult.findUnique({ where });
  // OCR text is read after the pixels (an image the visual check refuses is refused before any OCR), and
  // fresh from the checks each time: an OCR check of the round may finish after the pixels were compared.
  const ocr = () => ocrComparisonOf({ ...ctx.ocr, prisma: ctx.prisma, localPath: (key) => ctx.storage.localPath(key), limiter: ctx.limiter, job: ctx.job }, a, b);
  if (hit) {
    const text = await ocr();
    return { cached: !text.computed, settings: ctx.settings, visual: { passed: hit.passed, figures: hit.figures as Record<string, unknown>, reasons: hit.reasons as unknown[], artefacts: hit.artefacts as VisualComparison['artefacts'] }, ocr: text.ocr };
  }
  // An organisation with no byte left is refused before the images are compared, not after.
  if (ctx.quotaBytes !== undefined) await assertQuotaLeft(ctx.prisma, { orgId: ctx.artefactOrgId, limitBytes: ctx.quotaBytes });
  const visual = await ctx.limiter.run(cacheKey, async () => {
    const again = await ctx.prisma.checkResult.findUnique({ where });
    if (again) return { passed: again.passed, figures: again.figures as Record<string, unknown>, reasons: again.reasons as unknown[], artefacts: again.artefacts as VisualComparison['artefacts'] };
    const computed = await visualOf(ctx, a, b);
    const row = { passed: computed.passed, figures: computed.figures as Prisma.InputJsonValue, reasons: computed.reasons as Prisma.InputJsonValue, artefacts: computed.artefacts as unknown as Prisma.InputJsonValue, cacheKey };
    await ctx.prisma.checkResult.upsert({ where, create: { jobId: ctx.job.id, nodeId: '', round: 0, kind: COMPARE_KIND, deliverableId: cacheKey, ...row }, update: {} });
    return computed;
  });
  return { cached: false, settings: ctx.settings, visual, ocr: (await ocr()).ocr };
}
