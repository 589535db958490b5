/**
 * Pixel comparison of a draft against its reference design, on decoded RGBA
 * buffers. Pure: takes typed arrays, returns figures; never touches files
 * (decoding and writing images live in `checks/`).
 */
import pixelmatch from 'pixelmatch';
import type { Rect } from '../sop/types';
import { CheckInputError } from './check-input-error';
import { changedRowBands, type RowBand } from './changed-rows';
import { findDiffRegions, RegionGrid, type DiffRegion } from './diff-regions';
import { buildIgnoreMask } from './ignore-mask';

/** A decoded image: 8-bit RGBA, row-major, `width * height * 4` bytes. */
export interface RgbaImage {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

/** Input of {@link compareRgba}. Omitted options take {@link VISUAL_COMPARE_DEFAULTS}. */
export interface CompareRgbaInput {
  reference: RgbaImage;
  /** Must have the reference's size (scale it first, see `checks/image-decode.ts`). */
  draft: RgbaImage;
  /** pixelmatch colour threshold 0..1 (OKLab distance; smaller is stricter). */
  threshold?: number;
  /** Largest share of compared (not ignored) pixels that may differ and still pass, 0..1. */
  maxDiffRatio?: number;
  /** Rectangles (reference pixels) excluded from the comparison. */
  ignore?: readonly Rect[];
  /** Count anti-aliased pixels as differences (default: detect and ignore them). */
  includeAntiAliasing?: boolean;
  /**
   * When given (`width * height * 4` bytes), receives the diff image:
   * pixelmatch's diff mask (differing pixels red) over the reference faded to
   * grey exactly as pixelmatch draws it. Unlike pixelmatch's own output,
   * anti-aliased pixels are not marked yellow: they stay grey. It is written
   * after the comparison, so it may be the draft's own buffer (saves an allocation).
   */
  diffOutput?: Uint8Array | Uint8ClampedArray;
  /** See {@link DiffRegionOptions.mergeDistance}. */
  mergeDistance?: number;
  /** Largest number of regions reported (largest first). */
  maxRegions?: number;
}

/** Figures of one comparison. */
export interface CompareRgbaResult {
  /** `diffRatio <= maxDiffRatio`. */
  passed: boolean;
  width: number;
  height: number;
  /** Pixels whose colour differs beyond `threshold` (anti-aliasing excluded unless included). */
  diffPixels: number;
  /** `diffPixels / comparedPixels` (0 when every pixel is ignored). */
  diffRatio: number;
  /** Pixels compared: all minus the ignored ones. */
  comparedPixels: number;
  /** Changed areas, largest first, at most `maxRegions`. */
  regions: DiffRegion[];
  /** Number of changed areas before capping to `maxRegions`. */
  regionCount: number;
}

/** Defaults of {@link compareRgba}, the one place they are set. */
export const VISUAL_COMPARE_DEFAULTS = {
  threshold: 0.1,
  maxDiffRatio: 0.005,
  includeAntiAliasing: false,
  mergeDistance: 10,
  maxRegions: 20,
} as const;

/** Colour of differing pixels in the diff image. */
const DIFF_RED: [number, number, number] = [255, 0, 0];
/** Opacity of the reference in the diff image (pixelmatch's `alpha`). */
const DIFF_BACKGROUND_ALPHA = 0.1;
/** Masks up to this size (16 MB = 4 MP) reuse one scratch buffer instead of a fresh zeroed allocation. */
const SCRATCH_LIMIT_BYTES = 16 * 1024 * 1024;
let scratch: Uint8Array | undefined;

/**
 * Compares `draft` with `reference` pixel by pixel (pixelmatch 8, OKLab),
 * masking `ignore` rectangles, and reports the differing pixels and the changed
 * regions. Identical buffers return at once. Throws `CheckInputError`
 * (`INVALID_OPTION`) for options out of range and a `RangeError` for buffers
 * that do not match their declared size.
 */
export function compareRgba(input: CompareRgbaInput): CompareRgbaResult {
  const options = resolveOptions(input);
  const { threshold, maxDiffRatio } = options;
  const { reference, draft } = input;
  const { width, height } = reference;
  validate(input, options);
  const len = width * height;
  const ignore = buildIgnoreMask(input.ignore ?? [], width, height);
  const comparedPixels = len - (ignore?.ignoredPixels ?? 0);
  const result = (diffPixels: number, regions: DiffRegion[], regionCount: number): CompareRgbaResult => {
    const diffRatio = comparedPixels === 0 ? 0 : diffPixels / comparedPixels;
    return { passed: diffRatio <= maxDiffRatio, width, height, diffPixels, diffRatio, comparedPixels, regions, regionCount };
  };

  const img1 = aligned(reference.data);
  const img2 = aligned(draft.data);
  const identical = bytesEqual(img1, img2);
  if (identical && !input.diffOutput) return result(0, [], 0);
  const bands = identical ? [] : changedRowBands(img1, img2, width, height);

  // pixelmatch in diffMask mode draws only the differing pixels (red, opaque)
  // into a zeroed mask, and only over the bands of rows that differ at all;
  // regions are read from the mask, and the diff image (faded reference around
  // the red pixels) is painted from it in the same pass.
  const mask = scratchMask(len * 4, bands, width);
  let diffPixels = 0;
  for (const { start, end } of bands) {
    const from = start * width;
    const to = end * width;
    diffPixels += pixelmatch(img1.subarray(from * 4, to * 4), img2.subarray(from * 4, to * 4), mask.subarray(from * 4, to * 4), width, end - start, {
      threshold,
      includeAA: options.includeAntiAliasing,
      diffColor: DIFF_RED,
      diffMask: true,
      ignoreMask: ignore?.mask.subarray(from, to),
    });
  }
  const regionOptions = { mergeDistance: options.mergeDistance, maxRegions: options.maxRegions };
  const { regions, regionCount } = input.diffOutput
    ? paintDiffAndFindRegions(mask, bands, img1, input.diffOutput, width, height, regionOptions)
    : diffPixels === 0 ? { regions: [], regionCount: 0 } : findDiffRegions(mask, width, height, regionOptions, bands);
  return result(diffPixels, regions, regionCount);
}

/**
 * One pass over the image: changed pixels (non-zero in the mask, which is only
 * valid inside `bands`) go to the region grid and are copied red into `out`;
 * the others get pixelmatch's background: the reference's YIQ luma blended
 * with white at {@link DIFF_BACKGROUND_ALPHA}, stored truncated as pixelmatch
 * does into a `Uint8Array`. Reads and writes whole 32-bit pixels
 * (little-endian RGBA, as on every platform Node ships for) and reuses the
 * last grey computed while the reference repeats a colour.
 */
function paintDiffAndFindRegions(
  mask: Uint8Array,
  bands: readonly RowBand[],
  reference: Uint8Array | Uint8ClampedArray,
  out: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  options: { mergeDistance: number; maxRegions: number },
): { regions: DiffRegion[]; regionCount: number } {
  const grid = new RegionGrid(width, height, options.mergeDistance);
  const len = width * height;
  const m32 = new Uint32Array(mask.buffer, mask.byteOffset, len);
  const r32 = new Uint32Array(reference.buffer, reference.byteOffset, len);
  const target = aligned(out);
  const o32 = new Uint32Array(target.buffer, target.byteOffset, len);
  const fade = DIFF_BACKGROUND_ALPHA / 255;
  let lastIn = -1;
  let lastOut = 0;
  const paint = (from: number, to: number, checkMask: boolean): void => {
    // one flat loop (measured 40 % faster than nested x/y loops); x, y only for changed pixels
    for (let i = from; i < to; i++) {
      if (checkMask) {
        const m = m32[i]!;
        if (m !== 0) {
          o32[i] = m;
          grid.add(i % width, (i / width) | 0);
          continue;
        }
      }
      const p = r32[i]!;
      if (p !== lastIn) {
        const luma = (p & 0xff) * 0.29889531 + ((p >>> 8) & 0xff) * 0.58662247 + ((p >>> 16) & 0xff) * 0.11448223;
        const v = (255 + (luma - 255) * fade * (p >>> 24)) | 0;
        lastIn = p;
        lastOut = (0xff000000 | (v << 16) | (v << 8) | v) >>> 0;
      }
      o32[i] = lastOut;
    }
  };
  let row = 0;
  for (const band of bands) {
    paint(row * width, band.start * width, false);
    paint(band.start * width, band.end * width, true);
    row = band.end;
  }
  paint(row * width, height * width, false);
  if (target !== out) out.set(target);
  return grid.regions(options.maxRegions);
}

/**
 * A mask buffer of `bytes`, zeroed inside `bands` (the only rows pixelmatch
 * writes and anyone reads): the module's scratch buffer when small enough
 * (sync use only), else a fresh zeroed one.
 */
function scratchMask(bytes: number, bands: readonly RowBand[], width: number): Uint8Array {
  if (bytes > SCRATCH_LIMIT_BYTES) return new Uint8Array(bytes);
  if (!scratch || scratch.length < bytes) scratch = new Uint8Array(Math.max(bytes, scratch?.length ?? 0));
  const mask = scratch.subarray(0, bytes);
  for (const band of bands) mask.fill(0, band.start * width * 4, band.end * width * 4);
  return mask;
}

type CompareSettings = { -readonly [K in keyof typeof VISUAL_COMPARE_DEFAULTS]: (typeof VISUAL_COMPARE_DEFAULTS)[K] extends boolean ? boolean : number };

/** The defaults overlaid with the options the caller set. */
function resolveOptions(input: CompareRgbaInput): CompareSettings {
  const settings: CompareSettings = { ...VISUAL_COMPARE_DEFAULTS };
  for (const key of Object.keys(VISUAL_COMPARE_DEFAULTS) as Array<keyof CompareSettings>) {
    const value = input[key];
    if (value !== undefined) (settings as Record<string, unknown>)[key] = value;
  }
  return settings;
}

function validate(input: CompareRgbaInput, options: CompareSettings): void {
  const { reference, draft } = input;
  for (const [name, image] of [['reference', reference], ['draft', draft]] as const) {
    if (!Number.isInteger(image.width) || !Number.isInteger(image.height) || image.width < 1 || image.height < 1) {
      throw new RangeError(`${name} size must be positive integers; got ${image.width}×${image.height}`);
    }
    if (image.data.length !== image.width * image.height * 4) {
      throw new RangeError(`${name} data has ${image.data.length} bytes; ${image.width}×${image.height} RGBA needs ${image.width * image.height * 4}`);
    }
  }
  if (draft.width !== reference.width || draft.height !== reference.height) {
    throw new RangeError(`draft is ${draft.width}×${draft.height} but reference is ${reference.width}×${reference.height}; scale the draft first`);
  }
  if (input.diffOutput && input.diffOutput.length !== reference.data.length) {
    throw new RangeError(`diffOutput has ${input.diffOutput.length} bytes; expected ${reference.data.length}`);
  }
  assertInRange('threshold', options.threshold, 0, 1);
  assertInRange('maxDiffRatio', options.maxDiffRatio, 0, 1);
  assertInRange('mergeDistance', options.mergeDistance, 1, 10_000);
  assertInRange('maxRegions', options.maxRegions, 0, 100_000);
}

function assertInRange(name: string, value: number, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new CheckInputError('INVALID_OPTION', `${name} must be a number from ${min} to ${max}; got ${String(value)}`);
  }
}

/** pixelmatch reads 32-bit words: copy the rare buffer that does not start on a 4-byte boundary. */
function aligned<T extends Uint8Array | Uint8ClampedArray>(data: T): T {
  if (data.byteOffset % 4 === 0) return data;
  return data.slice() as T;
}

/**
 * Byte equality. Uses `Buffer#equals` (memcmp) when running on Node,
 * a 32-bit word loop elsewhere (browsers): both only read memory.
 */
function bytesEqual(a: Uint8Array | Uint8ClampedArray, b: Uint8Array | Uint8ClampedArray): boolean {
  if (a.length !== b.length) return false;
  const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;
  if (NodeBuffer) {
    return NodeBuffer.from(a.buffer, a.byteOffset, a.byteLength).equals(NodeBuffer.from(b.buffer, b.byteOffset, b.byteLength));
  }
  const words = a.length >>> 2;
  const a32 = new Uint32Array(a.buffer, a.byteOffset, words);
  const b32 = new Uint32Array(b.buffer, b.byteOffset, words);
  for (let i = 0; i < words; i++) if (a32[i] !== b32[i]) return false;
  for (let i = words * 4; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
