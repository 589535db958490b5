/**
 * The OCR text of each side of a comparison (GET /api/jobs/:id/files/compare)
 * and the diff of the two. A side's text is, in this order: what the job's
 * OCR check read from that very file (the latest version of its round, or the
 * reference it compared with); what an earlier comparison read from the same
 * bytes (CheckResult rows of kind `compare-ocr`, round 0, keyed by the file's
 * SHA-256, the languages and the job's vendor organisation — shared within
 * that organisation only, as the checks' cache is); else the product's OCR
 * reads it now, under the comparison's limiter and a time limit, and stores
 * it. So any two versions, a superseded one too, and a version against the
 * reference get a text diff, whether or not the SOP has an OCR check.
 */
import { createHash } from 'node:crypto';
import { isCheckInputError } from '../../checks/errors';
import { parseOcrLanguages, type OcrLanguage } from '../../checks/ocr-languages';
import { OCR_POOL_DEFAULTS, type OcrPool } from '../../checks/ocr-pool';
import { diffText, type TextDiffResult } from '../../core/checks/text-diff';
import type { OcrCheckSpec, SopDefinition } from '../../core/sop/types';
import { canonicalJson } from '../../platform/audit/canonical-json';
import type { PrismaClient } from '../../platform/db/prisma-types';
import { HttpProblem } from '../http/problem';
import type { CompareSide } from './compare-sides';
import type { ComputeLimiter } from './compute-limiter';

/** Bump when the OCR reading changes, so cached texts are not reused. */
const COMPARE_OCR_ENGINE = 'compare-ocr-2'; // 2: PaddleOCR where tesseract is unsure
/** The CheckResult kind of OCR texts read for comparisons. */
export const COMPARE_OCR_KIND = 'compare-ocr';
/** How long a comparison waits for one side's OCR (the reading goes on and is cached for the next call). */
export const COMPARE_OCR_TIMEOUT_MS = 45_000;

export interface OcrComparison {
  figures: { text: string; comparison: TextDiffResult & { referenceText: string } };
}

/** The languages of the SOP's OCR check of `deliverable`, else the checks' default (chi_sim+eng). */
export function compareOcrLanguagesOf(definition: unknown, deliverable: string): OcrLanguage[] {
  const nodes = (definition as Partial<SopDefinition> | null)?.nodes ?? [];
  const spec = nodes.flatMap((n) => (n.type === 'check' ? n.checks : [])).find((c): c is OcrCheckSpec => c.kind === 'ocr' && c.deliverable === deliverable);
  return parseOcrLanguages(spec?.languages?.length ? spec.languages : OCR_POOL_DEFAULTS.defaultLanguages);
}

export interface OcrContext {
  prisma: PrismaClient;
  /** The local path of a stored object (FileStorage.localPath). */
  localPath: (storageKey: string) => Promise<string>;
  limiter: ComputeLimiter;
  ocrPool: () => OcrPool;
  languages: OcrLanguage[];
  /** Default {@link COMPARE_OCR_TIMEOUT_MS}. */
  timeoutMs?: number;
  job: { id: string; vendorOrgId: string };
  /** Where failures of the OCR engine are logged (their detail is not in the answer). */
  log?: (line: string) => void;
}

/** The OCR text the job's checks read from `side`: a version's from the OCR check of its round, the reference's from any check that compared with it. */
async function checkTextOf(prisma: PrismaClient, jobId: string, side: CompareSide): Promise<string | undefined> {
  // A version's round may hold a later version of the same deliverable only if it was resubmitted in that round; the latest one was checked.
  if (side.kind === 'version') {
    const latest = await prisma.deliverableVersion.findFirst({ where: { jobId, deliverableId: side.deliverable, submission: { round: side.round! } }, orderBy: { version: 'desc' }, select: { fileId: true } });
    if (latest?.fileId !== side.fileId) return undefined;
  }
  const rows = await prisma.checkResult.findMany({
    where: { jobId, kind: 'ocr', deliverableId: side.deliverable, ...(side.round !== null ? { round: side.round } : {}) },
    orderBy: { createdAt: 'desc' }, select: { figures: true },
  });
  for (const row of rows) {
    const figures = row.figures as { text?: unknown; comparison?: { referenceText?: unknown } };
    const text = side.kind === 'reference' ? figures.comparison?.referenceText : figures.text;
    if (typeof text === 'string') return text;
  }
  return undefined;
}

/** The key of a file's OCR text: its bytes, the languages and the organisation the text is shared within. */
function textKey(ctx: OcrContext, side: CompareSide): string {
  return createHash('sha256')
    .update(canonicalJson({ engine: COMPARE_OCR_ENGINE, vendorOrgId: ctx.job.vendorOrgId, sha256: side.sha256, languages: ctx.languages }))
    .digest('hex');
}

async function cachedTextOf(prisma: PrismaClient, cacheKey: string): Promise<string | undefined> {
  const row = await prisma.checkResult.findFirst({ where: { cacheKey, kind: COMPARE_OCR_KIND }, select: { figures: true } });
  const text = (row?.figures as { text?: unknown } | undefined)?.text;
  return typeof text === 'string' ? text : undefined;
}

/** Reads `side` with the OCR pool and stores the text; engine failures become problems, not 500s. */
async function readNow(ctx: OcrContext, side: CompareSide, cacheKey: string): Promise<string> {
  let result;
  try {
    result = await ctx.ocrPool().recognize(await ctx.localPath(side.storageKey), ctx.languages, { name: side.name });
  } catch (error) {
    if (isCheckInputError(error)) {
      if (error.code === 'IMAGE_TOO_LARGE') throw new HttpProblem(413, 'image-too-large', 'Payload too large', `${error.message} (only images the OCR reads can be compared)`);
      if (error.code !== 'OCR_LANGUAGE_MISSING') throw new HttpProblem(422, 'image-unreadable', 'Unprocessable content', `${error.message} (only images the OCR reads can be compared)`);
    }
    ctx.log?.(`[compare] OCR of file ${side.fileId} failed: ${error instanceof Error ? error.message : String(error)}`);
    throw ocrUnavailable(side);
  }
  const where = { jobId_nodeId_round_kind_deliverableId: { jobId: ctx.job.id, nodeId: '', round: 0, kind: COMPARE_OCR_KIND, deliverableId: cacheKey } };
  const figures = { text: result.text, confidence: result.confidence, languages: result.languages, fileSha256: side.sha256 };
  await ctx.prisma.checkResult.upsert({ where, create: { jobId: ctx.job.id, nodeId: '', round: 0, kind: COMPARE_OCR_KIND, deliverableId: cacheKey, passed: true, figures, cacheKey }, update: {} });
  return result.text;
}

function ocrUnavailable(side: CompareSide): HttpProblem {
  return new HttpProblem(503, 'ocr-unavailable', 'Service unavailable', `The text of ${side.name} could not be read now; try again in a minute.`, undefined, { 'Retry-After': '30' });
}

/** The text of `side` and whether it was read now (not stored before). */
async function textOf(ctx: OcrContext, side: CompareSide): Promise<{ text: string; computed: boolean }> {
  const fromCheck = await checkTextOf(ctx.prisma, ctx.job.id, side);
  if (fromCheck !== undefined) return { text: fromCheck, computed: false };
  const cacheKey = textKey(ctx, side);
  const cached = await cachedTextOf(ctx.prisma, cacheKey);
  if (cached !== undefined) return { text: cached, computed: false };
  // Calls for the same bytes share one reading (the limiter's key); a reading that outlives the
  // time limit still finishes and is stored, so the retry the answer asks for finds it.
  const reading = ctx.limiter.run(`ocr:${cacheKey}`, async () => {
    const again = await cachedTextOf(ctx.prisma, cacheKey);
    return again !== undefined ? { text: again, computed: false } : { text: await readNow(ctx, side, cacheKey), computed: true };
  });
  reading.catch(() => undefined); // settled later than the deadline: nobody waits for it any more
  const timeoutMs = ctx.timeoutMs ?? COMPARE_OCR_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      ctx.log?.(`[compare] OCR of file ${side.fileId} took over ${timeoutMs} ms; it goes on and is cached`);
      reject(ocrUnavailable(side));
    }, timeoutMs);
  });
  return Promise.race([reading, deadline]).finally(() => clearTimeout(timer));
}

/** The OCR diff of `a` (the reference side) and `b`, and whether any text was read now. */
export async function ocrComparisonOf(ctx: OcrContext, a: CompareSide, b: CompareSide): Promise<{ ocr: OcrComparison; computed: boolean }> {
  // One after the other: each reading already uses two OCR slots for a small image.
  const textA = await textOf(ctx, a);
  const textB = a.sha256 === b.sha256 ? { text: textA.text, computed: false } : await textOf(ctx, b);
  return {
    ocr: { figures: { text: textB.text, comparison: { ...diffText(textA.text, textB.text), referenceText: textA.text } } },
    computed: textA.computed || textB.computed,
  };
}
