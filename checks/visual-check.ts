/**
 * The visual check as Node runs it: decode reference and draft (files or bytes),
 * compare them with the pure core, write the diff and overlay images where the
 * caller says. The same code serves the `visual` activity and `sop-check visual`.
 */
import sharp from 'sharp';
import type { Rect } from '../core/sop/types';
import { VISUAL_COMPARE_DEFAULTS, type CompareRgbaResult } from '../core/checks/visual-compare';
import { compareRgbaParallel } from './parallel-compare';
import { IMAGE_DECODE_DEFAULTS, readImageBytes, type DecodedImage, type ImageInput } from './image-decode';
import { decodeShared } from './shared-decode';
import { writeArtefactPng } from './png-encode';
import { overlaySvg } from './overlay-svg';

/** Why a visual check failed, with the figures a person needs. */
export type VisualReason =
  | { code: 'DIMENSION_MISMATCH'; message: string; reference: Size; draft: Size }
  | { code: 'TOO_MANY_DIFFERENT_PIXELS'; message: string; diffPixels: number; diffRatio: number; maxDiffRatio: number };

/** Width and height in pixels. */
export interface Size { width: number; height: number }

/** Input of {@link runVisualCheck}. The check fields match `VisualCheckSpec`. */
export interface VisualCheckInput {
  reference: ImageInput;
  draft: ImageInput;
  /** Names used in error messages (default: the paths, or `reference` / `draft`). */
  referenceName?: string;
  draftName?: string;
  threshold?: number;
  maxDiffRatio?: number;
  ignore?: readonly Rect[];
  /** `fit` scales the draft to the reference size; `none` (default) fails on a size mismatch. */
  resize?: 'fit' | 'none';
  includeAntiAliasing?: boolean;
  /** Write pixelmatch's diff image (PNG) here. */
  diffPath?: string;
  /** Write the draft with numbered boxes around changed regions (PNG) here. */
  overlayPath?: string;
  /** Also return the PNG bytes of the images (for uploading to storage). */
  returnImages?: boolean;
  /** Pixel limit per image, megapixels (default 40). */
  maxMegapixels?: number;
}

/** Outcome of {@link runVisualCheck}: the core's figures plus reasons and artefacts. */
export interface VisualCheckResult extends CompareRgbaResult {
  reasons: VisualReason[];
  /** The draft's own size (before any `fit` scaling). */
  draftSize: Size;
  /** True when the draft was scaled to the reference size. */
  resized: boolean;
  maxDiffRatio: number;
  /** Paths written, as given. */
  diffImage?: string;
  overlayImage?: string;
  /** PNG bytes when `returnImages` is set. */
  images?: { diff: Buffer; overlay: Buffer };
}

/**
 * Runs a visual check. Unusable input (missing, empty, corrupt, truncated,
 * unsupported or oversized file; options out of range) throws `CheckInputError`;
 * a size mismatch without `resize: 'fit'` is a failed check with a
 * `DIMENSION_MISMATCH` reason carrying both sizes.
 */
export async function runVisualCheck(input: VisualCheckInput): Promise<VisualCheckResult> {
  const maxMegapixels = input.maxMegapixels ?? IMAGE_DECODE_DEFAULTS.maxMegapixels;
  const maxDiffRatio = input.maxDiffRatio ?? VISUAL_COMPARE_DEFAULTS.maxDiffRatio;
  const referenceName = input.referenceName ?? nameOf(input.reference, 'reference');
  const draftName = input.draftName ?? nameOf(input.draft, 'draft');
  const [referenceBytes, draftBytes] = await Promise.all([readImageBytes(input.reference, referenceName), readImageBytes(input.draft, draftName)]);
  // the same file twice (a resubmission, a re-upload) is decoded once; two files decode in parallel (libvips threads);
  // the draft's decode is shared with the OCR check of the same file running meanwhile (./shared-decode.ts)
  const sameFile = referenceBytes.equals(draftBytes);
  const [reference, decodedDraft] = sameFile
    ? await decodeShared(referenceBytes, { maxMegapixels, name: referenceName }).then((image) => [image, image] as const)
    : await Promise.all([
      decodeShared(referenceBytes, { maxMegapixels, name: referenceName }),
      decodeShared(draftBytes, { maxMegapixels, name: draftName }),
    ]);
  const draftSize = { width: decodedDraft.width, height: decodedDraft.height };
  const sameSize = draftSize.width === reference.width && draftSize.height === reference.height;

  if (!sameSize && input.resize !== 'fit') {
    return mismatch(reference, draftSize, maxDiffRatio);
  }
  const draft = sameSize ? decodedDraft : await scaleTo(decodedDraft, reference);

  const wantImages = Boolean(input.diffPath || input.returnImages);
  const wantOverlay = Boolean(input.overlayPath || input.returnImages);
  // the diff image is painted after the comparison: without an overlay a scaled draft's own buffer can take it
  // (a decoded one is shared with other checks of the file and is never written)
  const diffOutput = !wantImages ? undefined : wantOverlay || sameSize ? Buffer.allocUnsafe(reference.data.length) : draft.data;
  const figures = await compareRgbaParallel({
    reference,
    draft,
    threshold: input.threshold,
    maxDiffRatio,
    ignore: input.ignore,
    includeAntiAliasing: input.includeAntiAliasing,
    opaque: true, // decodeImage flattens transparency on white
    diffOutput,
  });

  const size = { width: reference.width, height: reference.height };
  const [diffPng, overlayPng] = await Promise.all([
    diffOutput ? writeArtefactPng({ data: diffOutput, ...size }, input.diffPath) : undefined,
    wantOverlay ? writeArtefactPng(draft, input.overlayPath, overlaySvg(size.width, size.height, figures.regions, input.ignore ?? [])) : undefined,
  ]);

  const reasons: VisualReason[] = figures.passed ? [] : [{
    code: 'TOO_MANY_DIFFERENT_PIXELS',
    message: `${figures.diffPixels.toLocaleString('en-US')} pixels differ (${percent(figures.diffRatio)}), more than the ${percent(maxDiffRatio)} allowed`,
    diffPixels: figures.diffPixels,
    diffRatio: figures.diffRatio,
    maxDiffRatio,
  }];
  return {
    ...figures,
    reasons,
    draftSize,
    resized: !sameSize,
    maxDiffRatio,
    ...(input.diffPath ? { diffImage: input.diffPath } : {}),
    ...(input.overlayPath ? { overlayImage: input.overlayPath } : {}),
    ...(input.returnImages && diffPng && overlayPng ? { images: { diff: diffPng, overlay: overlayPng } } : {}),
  };
}

/** `0.06 %` style, enough digits to tell small ratios apart. */
export function percent(ratio: number): string {
  const value = ratio * 100;
  const digits = value === 0 || value >= 10 ? 1 : value >= 1 ? 2 : Math.min(4, 1 - Math.floor(Math.log10(value)));
  return `${Number(value.toFixed(digits))} %`;
}

function mismatch(reference: DecodedImage, draftSize: Size, maxDiffRatio: number): VisualCheckResult {
  const { width, height } = reference;
  return {
    passed: false,
    width,
    height,
    diffPixels: width * height,
    diffRatio: 1,
    comparedPixels: 0,
    regions: [],
    regionCount: 0,
    reasons: [{
      code: 'DIMENSION_MISMATCH',
      message: `draft is ${draftSize.width}×${draftSize.height} but the reference is ${width}×${height}`,
      reference: { width, height },
      draft: draftSize,
    }],
    draftSize,
    resized: false,
    maxDiffRatio,
  };
}

async function scaleTo(image: DecodedImage, size: Size): Promise<DecodedImage> {
  const data = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } })
    .resize(size.width, size.height, { fit: 'fill' })
    .raw()
    .toBuffer();
  return { data, width: size.width, height: size.height, format: image.format };
}

function nameOf(input: ImageInput, fallback: string): string {
  return typeof input === 'string' ? input : fallback;
}

