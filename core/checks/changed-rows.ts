/**
 * Which rows of two same-size RGBA images differ at all, as bands to hand to
 * pixelmatch. Rows that are byte-identical can hold no differing pixel, so a
 * small change (a word, a logo) costs pixelmatch a few rows instead of the
 * whole image. Pure: no I/O.
 */

/** Rows `[start, end)` of an image. */
export interface RowBand { start: number; end: number }

/**
 * pixelmatch's anti-aliasing test reads pixels up to two rows away from the
 * pixel it classifies (its 3×3 neighbourhood, and each neighbour's 3×3):
 * bands keep two identical rows of context on each side, so comparing a band
 * gives exactly the result of comparing the whole image.
 */
export const PIXELMATCH_CONTEXT_ROWS = 2;

/** Bands closer than this many rows are compared as one (fewer, larger calls). */
const JOIN_GAP_ROWS = 16;

/**
 * Bands of rows that differ between `a` and `b` (RGBA, `width * height * 4`
 * bytes each), widened by {@link PIXELMATCH_CONTEXT_ROWS} and merged when
 * close. Empty when the images are identical.
 */
export function changedRowBands(
  a: Uint8Array | Uint8ClampedArray,
  b: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
): RowBand[] {
  const rowEqual = rowComparer(a, b, width * 4);
  const bands: RowBand[] = [];
  let y = 0;
  while (y < height) {
    if (rowEqual(y)) { y++; continue; }
    const first = y;
    while (y < height && !rowEqual(y)) y++;
    const start = Math.max(0, first - PIXELMATCH_CONTEXT_ROWS);
    const end = Math.min(height, y + PIXELMATCH_CONTEXT_ROWS);
    const last = bands[bands.length - 1];
    if (last && start - last.end <= JOIN_GAP_ROWS) last.end = end;
    else bands.push({ start, end });
  }
  return bands;
}

/** Row equality by memcmp (`Buffer#compare`) on Node, a 32-bit word loop elsewhere. */
function rowComparer(a: Uint8Array | Uint8ClampedArray, b: Uint8Array | Uint8ClampedArray, rowBytes: number): (y: number) => boolean {
  const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;
  if (NodeBuffer) {
    const ba = NodeBuffer.from(a.buffer, a.byteOffset, a.byteLength);
    const bb = NodeBuffer.from(b.buffer, b.byteOffset, b.byteLength);
    return (y) => ba.compare(bb, y * rowBytes, (y + 1) * rowBytes, y * rowBytes, (y + 1) * rowBytes) === 0;
  }
  const words = rowBytes >>> 2;
  const a32 = new Uint32Array(a.buffer, a.byteOffset, a.byteLength >>> 2);
  const b32 = new Uint32Array(b.buffer, b.byteOffset, b.byteLength >>> 2);
  return (y) => {
    for (let i = y * words, end = i + words; i < end; i++) if (a32[i] !== b32[i]) return false;
    return true;
  };
}
