import type { AppHarness } from './app-harness';
import { uniqueCode } from './api-fixtures';
import { lazyVisualArtefacts } from '../../activities/visual-artefact-plan';
import type { Prisma } from '../../platform/db/prisma-types';

/**
 * A visual check result of `jobId` as activities/run-check.ts stores it now: the verdict and how to build the
 * diff and overlay images on their first open (reference vs draft, sizes fitted). Returns the result's id.
 */
export async function lazyVisualResult(h: AppHarness, jobId: string, referenceFileId: string, draftFileId: string): Promise<string> {
  const row = await h.test.db.prisma.checkResult.create({
    data: {
      jobId, nodeId: uniqueCode('auto'), round: 1, kind: 'visual', deliverableId: 'banner', passed: false, cacheKey: uniqueCode('check'),
      figures: { diffRatio: 0.12 }, reasons: [{ code: 'TOO_MANY_DIFFERENT_PIXELS', message: 'differs' }],
      artefacts: lazyVisualArtefacts({ referenceFileId, draftFileId, resize: 'fit' }) as unknown as Prisma.InputJsonValue,
    },
  });
  return row.id;
}
