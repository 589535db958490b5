/**
 * What the visual check records instead of its images: the two stored files
 * and the settings that rebuild the diff and overlay PNGs when someone first
 * opens them (api/files/check-artefacts.ts). The verdict path paints and
 * encodes nothing. Kept in the CheckResult's `artefacts` column, never in
 * `figures`: the settings (ignore areas) are the buyer's, and the API strips
 * this plan from what it answers.
 */
import type { Rect } from '../core/sop/types';

/** How to rebuild a visual check's images, exactly as the check compared. */
export interface VisualArtefactPlan {
  referenceFileId: string;
  draftFileId: string;
  threshold?: number;
  maxDiffRatio?: number;
  ignore?: Rect[];
  resize?: 'fit' | 'none';
  includeAntiAliasing?: boolean;
}

/** One entry of a CheckResult's `artefacts`: built (`fileId`) or to build on first open (`build`). */
export interface ArtefactEntry { kind: string; fileId?: string; build?: VisualArtefactPlan }

/** The artefact kinds a visual comparison produces, in the order they are listed. */
export const VISUAL_ARTEFACT_KINDS = ['diff', 'overlay'] as const;

/** The entries a visual check records when its images are left to be built on open. */
export function lazyVisualArtefacts(plan: VisualArtefactPlan): ArtefactEntry[] {
  return VISUAL_ARTEFACT_KINDS.map((kind) => ({ kind, build: plan }));
}
