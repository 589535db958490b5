/**
 * One automatic check of a check node, as an activity: takes file ids, never
 * bytes; reuses a stored result for the same (file SHA-256, check
 * configuration); stores figures, reasons and how to build the artefacts
 * (diff and overlay images, built on first open) for vendor and QA. Unusable input (a corrupt image) is a failed
 * check with its reason, so the job routes back to the vendor; only missing
 * rows (a bug) fail the activity, non-retryably.
 */
import { createHash } from 'node:crypto';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { CheckOutcome, RunCheckInput } from '../core/jobs/contract';
import { isCheckInputError } from '../core/checks/check-input-error';
import { evaluateChecklist } from '../core/checks/checklist';
import { canonicalJson } from '../platform/audit/canonical-json';
import { LIVE_CHANNEL, checkSignal } from '../platform/live/live-signal';
import { runOcrCheck } from '../checks/ocr-check';
import { runVisualCheck } from '../checks/visual-check';
import { parseOcrLanguages } from '../checks/ocr-languages';
import type { Prisma } from '../platform/db/prisma-types';
import type { ActivityDeps } from './deps';
import { checkDuration } from '../platform/observability/metrics';
import { localDate, namingVerdict } from './naming-verdict';
import { lazyVisualArtefacts, type ArtefactEntry } from './visual-artefact-plan';

/** Bump when a check engine changes its results, so cached results are not reused. */
const ENGINE_VERSION = 'checks-2'; // 2: the OCR check's second engine (PaddleOCR)

interface Verdict {
  passed: boolean;
  figures: Record<string, unknown>;
  reasons: unknown[];
  artefacts: ArtefactEntry[];
  summary: string;
}

function heartbeatWhile<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const context = Context.current();
    timer = setInterval(() => context.heartbeat(), 5000);
  } catch {
    // not inside an activity (direct call in a test)
  }
  return work.finally(() => clearInterval(timer));
}

export function runCheckActivity(deps: ActivityDeps) {
  const prisma = deps.db.prisma;

  async function fileRow(fileId: string) {
    const file = await prisma.storedFile.findUnique({ where: { id: fileId }, include: { blob: true } });
    if (!file) throw ApplicationFailure.nonRetryable(`file ${fileId} not found`, 'FileNotFound');
    return file;
  }

  async function visual(input: RunCheckInput & { check: { kind: 'visual' } }): Promise<Verdict> {
    const draft = await fileRow(input.file!.fileId);
    const reference = await fileRow(input.referenceFileId!);
    const result = await runVisualCheck({
      reference: await deps.storage.localPath(reference.blob.storageKey),
      draft: await deps.storage.localPath(draft.blob.storageKey),
      referenceName: reference.originalName,
      draftName: draft.originalName,
      threshold: input.check.threshold,
      maxDiffRatio: input.check.maxDiffRatio,
      ignore: input.check.ignore,
      resize: input.check.resize,
    });
    // The diff and overlay images are built when someone first opens them (api/files/check-artefacts.ts), not here:
    // the verdict waits for no painting or PNG encoding. A size mismatch compared nothing, so it has no images.
    const compared = !result.reasons.some((r) => r.code === 'DIMENSION_MISMATCH');
    const artefacts = compared ? lazyVisualArtefacts({
      referenceFileId: reference.id,
      draftFileId: draft.id,
      ...(input.check.threshold !== undefined ? { threshold: input.check.threshold } : {}),
      ...(input.check.maxDiffRatio !== undefined ? { maxDiffRatio: input.check.maxDiffRatio } : {}),
      ...(input.check.ignore?.length ? { ignore: [...input.check.ignore] } : {}),
      ...(input.check.resize ? { resize: input.check.resize } : {}),
    }) : [];
    return {
      passed: result.passed,
      figures: { width: result.width, height: result.height, diffPixels: result.diffPixels, diffRatio: result.diffRatio, maxDiffRatio: result.maxDiffRatio, regions: result.regions, resized: result.resized, draftSize: result.draftSize },
      reasons: result.reasons,
      artefacts,
      summary: result.passed ? `${result.diffPixels} px differ` : result.reasons.map((r) => r.message).join('; '),
    };
  }

  async function ocr(input: RunCheckInput & { check: { kind: 'ocr' } }): Promise<Verdict> {
    const draft = await fileRow(input.file!.fileId);
    const reference = input.referenceFileId ? await fileRow(input.referenceFileId) : undefined;
    const result = await heartbeatWhile(
      runOcrCheck({
        pool: deps.ocrPool(),
        draft: await deps.storage.localPath(draft.blob.storageKey),
        draftName: draft.originalName,
        reference: reference ? await deps.storage.localPath(reference.blob.storageKey) : undefined,
        referenceName: reference?.originalName,
        languages: parseOcrLanguages(input.check.languages ?? ['chi_sim', 'eng']),
        mustContain: input.check.mustContain,
        mustNotContain: input.check.mustNotContain,
        compareWithReference: input.check.compareWithReference,
      }),
    );
    return {
      passed: result.passed,
      figures: { text: result.text, confidence: result.confidence, languages: result.languages, ...(result.comparison ? { comparison: result.comparison } : {}) },
      reasons: result.reasons,
      artefacts: [],
      summary: result.passed ? `text ok (confidence ${Math.round(result.confidence)})` : result.reasons.map((r) => r.message).join('; '),
    };
  }

  async function evaluate(input: RunCheckInput, timezone: string): Promise<Verdict> {
    const { check } = input;
    if (check.kind === 'checklist') {
      const ticked = input.checklist?.ticked ?? {};
      const required = input.checklist?.required ?? [];
      const { passed, missing } = evaluateChecklist(required.map((id) => ({ id, label: id })), ticked);
      return {
        passed,
        figures: { required, ticked },
        reasons: missing.map(({ id }) => ({ code: 'CHECKLIST_ITEM_MISSING', item: id, message: `Checklist item "${id}" is not ticked` })),
        artefacts: [],
        summary: passed ? 'checklist complete' : `missing: ${missing.map((m) => m.id).join(', ')}`,
      };
    }
    if (!input.file) {
      return { passed: false, figures: {}, reasons: [{ code: 'DELIVERABLE_NOT_SUBMITTED', message: `No version of "${check.deliverable}" was submitted` }], artefacts: [], summary: 'not submitted' };
    }
    if (check.kind === 'naming') {
      const verdict = namingVerdict(check.deliverable, input.namingTemplate, input.file.name, {
        jobCode: input.jobCode, vendorName: input.vendorName, version: input.file.version, date: localDate(new Date(), timezone),
      });
      return { passed: verdict.passed, figures: { name: input.file.name, example: verdict.example }, reasons: verdict.reasons, artefacts: [], summary: verdict.passed ? 'name ok' : `wrong name: ${input.file.name}` };
    }
    try {
      return check.kind === 'visual' ? await visual({ ...input, check }) : await ocr({ ...input, check });
    } catch (error) {
      if (!isCheckInputError(error)) throw error;
      return { passed: false, figures: {}, reasons: [{ code: error.code, message: error.message }], artefacts: [], summary: error.message };
    }
  }

  return async function runCheck(input: RunCheckInput): Promise<CheckOutcome> {
    const stopTimer = checkDuration.startTimer({ kind: input.check.kind });
    try {
      const outcome = await check(input);
      stopTimer({ outcome: outcome.passed ? 'passed' : 'failed' });
      return outcome;
    } catch (error) {
      stopTimer({ outcome: 'error' });
      throw error;
    }
  };

  async function check(input: RunCheckInput): Promise<CheckOutcome> {
    const job = await prisma.job.findUnique({ where: { id: input.jobId }, include: { sop: { select: { definition: true } } } });
    if (!job) throw ApplicationFailure.nonRetryable(`job ${input.jobId} not found`, 'JobNotFound');
    const timezone = (job.sop.definition as { timezone?: string }).timezone ?? 'Asia/Shanghai';
    const deliverableId = input.check.kind === 'checklist' ? '' : input.check.deliverable;
    const reference = input.referenceFileId ? await prisma.storedFile.findUnique({ where: { id: input.referenceFileId }, select: { sha256: true } }) : null;
    // Naming and checklist verdicts depend on job values too; visual and OCR only on bytes and configuration.
    // A cached result is only ever shared within one vendor organisation: its artefacts (diff images) belong to
    // that organisation, and another vendor must neither see them nor learn that the same bytes were checked before.
    const cacheable = input.check.kind === 'visual' || input.check.kind === 'ocr';
    const cacheKey = createHash('sha256')
      .update(canonicalJson({ engine: ENGINE_VERSION, vendorOrgId: job.vendorOrgId, check: input.check, draft: input.file?.sha256 ?? null, reference: reference?.sha256 ?? null, ...(cacheable ? {} : { jobId: input.jobId, round: input.round, file: input.file ?? null, checklist: input.checklist ?? null }) }))
      .digest('hex');
    const where = { jobId_nodeId_round_kind_deliverableId: { jobId: input.jobId, nodeId: input.nodeId, round: input.round, kind: input.check.kind, deliverableId } };
    const own = await prisma.checkResult.findUnique({ where });
    const cached = own ?? (cacheable ? await prisma.checkResult.findFirst({ where: { cacheKey }, orderBy: { createdAt: 'desc' } }) : null);
    const verdict: Verdict = cached
      ? { passed: cached.passed, figures: cached.figures as Record<string, unknown>, reasons: cached.reasons as unknown[], artefacts: cached.artefacts as unknown as Verdict['artefacts'], summary: cached.passed ? 'passed (cached)' : 'failed (cached)' }
      : await evaluate(input, timezone);
    const row = {
      passed: verdict.passed,
      figures: verdict.figures as Prisma.InputJsonValue,
      reasons: verdict.reasons as Prisma.InputJsonValue,
      artefacts: verdict.artefacts as unknown as Prisma.InputJsonValue,
      cacheKey,
    };
    const saved = await prisma.checkResult.upsert({
      where,
      create: { jobId: input.jobId, nodeId: input.nodeId, round: input.round, kind: input.check.kind, deliverableId, ...row },
      update: own ? {} : row,
    });
    // Wakes the live streams at once (platform/live/live-signal.ts); best effort: the check step's completion follows in the audit trail.
    await prisma.$queryRawUnsafe(`SELECT pg_notify('${LIVE_CHANNEL}', $1)::text AS signalled`, checkSignal(input.jobId, input.nodeId, input.round)).catch(() => undefined);
    return { kind: input.check.kind, deliverable: deliverableId || undefined, passed: saved.passed, resultId: saved.id, summary: verdict.summary };
  }
}
