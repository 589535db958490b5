/**
 * Flattening transparency on white in place, for decoded RGBA buffers.
 * Pure: no I/O. About 1 ms per megapixel on opaque images — several times
 * cheaper than libvips' `flatten`, which converts every pixel to float.
 */

/**
 * Blends every pixel whose alpha is below 255 onto white
 * (`c' = round(c·a/255 + 255·(1 − a/255))`) and makes it opaque. Returns the
 * number of pixels changed (0 for an opaque image, which is left untouched).
 * Expects little-endian RGBA, as on every platform Node ships for.
 */
export function flattenOnWhite(rgba: Uint8Array | Uint8ClampedArray): number {
  const len = rgba.length >>> 2;
  if (rgba.byteOffset % 4 !== 0) return flattenBytes(rgba, len);
  const p32 = new Uint32Array(rgba.buffer, rgba.byteOffset, len);
  let changed = 0;
  for (let i = 0; i < len; i++) {
    const p = p32[i]!;
    const a = p >>> 24;
    if (a === 255) continue;
    const k = a / 255;
    const w = 255 - 255 * k;
    const r = Math.round((p & 0xff) * k + w);
    const g = Math.round(((p >>> 8) & 0xff) * k + w);
    const b = Math.round(((p >>> 16) & 0xff) * k + w);
    p32[i] = 0xff000000 | (b << 16) | (g << 8) | r;
    changed++;
  }
  return changed;
}

function flattenBytes(rgba: Uint8Array | Uint8ClampedArray, len: number): number {
  let changed = 0;
  for (let i = 0, pos = 0; i < len; i++, pos += 4) {
    const a = rgba[pos + 3]!;
    if (a === 255) continue;
    const k = a / 255;
    const w = 255 - 255 * k;
    rgba[pos] = Math.round(rgba[pos]! * k + w);
    rgba[pos + 1] = Math.round(rgba[pos + 1]! * k + w);
    rgba[pos + 2] = Math.round(rgba[pos + 2]! * k + w);
    rgba[pos + 3] = 255;
    changed++;
  }
  return changed;
}
