/**
 * Ignore regions as a one-byte-per-pixel mask (pixelmatch's `ignoreMask`).
 * Pure: no I/O.
 */
import type { Rect } from '../sop/types';
import { CheckInputError } from './check-input-error';

/** A mask of ignored pixels and how many pixels it covers. */
export interface IgnoreMask {
  /** One byte per pixel, row-major; non-zero means "skip this pixel". */
  mask: Uint8Array;
  /** Number of distinct pixels covered (overlaps counted once). */
  ignoredPixels: number;
}

/**
 * Throws `CheckInputError('INVALID_OPTION')` unless `rect` has integer
 * `x`, `y` ≥ 0 and integer `width`, `height` ≥ 1. Rects reaching past the image are
 * allowed (they are clipped); the message carries the offending values.
 */
export function assertValidRect(rect: Rect, label = 'ignore region'): void {
  const { x, y, width, height } = rect;
  const ok = [x, y, width, height].every((v) => Number.isInteger(v))
    && x >= 0 && y >= 0 && width >= 1 && height >= 1;
  if (!ok) {
    throw new CheckInputError(
      'INVALID_OPTION',
      `${label} must be integers x,y >= 0 and width,height >= 1; got x=${x}, y=${y}, width=${width}, height=${height}`,
    );
  }
}

/**
 * Builds the ignore mask for an image of `width`×`height`, clipping each rect
 * to the image. Returns `undefined` when no rect covers any pixel.
 */
export function buildIgnoreMask(rects: readonly Rect[], width: number, height: number): IgnoreMask | undefined {
  if (rects.length === 0) return undefined;
  const mask = new Uint8Array(width * height);
  let touched = false;
  for (const rect of rects) {
    assertValidRect(rect);
    const x0 = Math.min(rect.x, width);
    const y0 = Math.min(rect.y, height);
    const x1 = Math.min(rect.x + rect.width, width);
    const y1 = Math.min(rect.y + rect.height, height);
    if (x0 >= x1 || y0 >= y1) continue;
    touched = true;
    for (let y = y0; y < y1; y++) mask.fill(1, y * width + x0, y * width + x1);
  }
  if (!touched) return undefined;
  let ignoredPixels = 0;
  for (let i = 0; i < mask.length; i++) ignoredPixels += mask[i]!;
  return { mask, ignoredPixels };
}
