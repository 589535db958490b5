/**
 * Changed regions of a diff: connected components of differing pixels,
 * merged when they lie close together, as bounding boxes. Pure: no I/O.
 */

/** One changed area: bounding box (pixels, top-left origin) and its count of differing pixels. */
export interface DiffRegion {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Differing pixels inside the box that belong to this region. */
  pixels: number;
}

/** Options of {@link findDiffRegions}. */
export interface DiffRegionOptions {
  /**
   * Pixels closer than this (in both axes) always end up in one region; pixels up to
   * twice as far apart may. Components are found on a grid of `mergeDistance`-sized
   * cells, then boxes with a gap below `mergeDistance` are merged.
   */
  mergeDistance: number;
  /** Largest number of regions returned (the biggest ones). */
  maxRegions: number;
}

/** Regions, largest first, plus how many there were before capping. */
export interface DiffRegionResult {
  regions: DiffRegion[];
  regionCount: number;
}

interface Box { minX: number; minY: number; maxX: number; maxY: number; pixels: number }

/** Box merging is quadratic: above this many components we keep the grid components as they are. */
const MAX_BOXES_TO_MERGE = 1000;

/**
 * Collects differing pixels one by one (in row-major order: `y` never
 * decreases) into a grid of `mergeDistance`-sized cells, then turns the cells
 * into regions. Lets a caller find regions in the same pass that does other
 * per-pixel work.
 */
export class RegionGrid {
  private readonly cell: number;
  private readonly cols: number;
  private readonly rows: number;
  private readonly count: Int32Array;
  private readonly minX: Int32Array;
  private readonly minY: Int32Array;
  private readonly maxX: Int32Array;
  private readonly maxY: Int32Array;

  constructor(width: number, height: number, mergeDistance: number) {
    this.cell = Math.max(1, Math.floor(mergeDistance));
    this.cols = Math.ceil(width / this.cell);
    this.rows = Math.ceil(height / this.cell);
    const cells = this.cols * this.rows;
    this.count = new Int32Array(cells);
    this.minX = new Int32Array(cells);
    this.minY = new Int32Array(cells);
    this.maxX = new Int32Array(cells);
    this.maxY = new Int32Array(cells);
  }

  /** Records the differing pixel at (`x`, `y`). */
  add(x: number, y: number): void {
    const c = ((y / this.cell) | 0) * this.cols + ((x / this.cell) | 0);
    const seen = this.count[c]!;
    this.count[c] = seen + 1;
    if (seen === 0) {
      this.minX[c] = x; this.maxX[c] = x; this.minY[c] = y;
    } else {
      if (x < this.minX[c]!) this.minX[c] = x;
      if (x > this.maxX[c]!) this.maxX[c] = x;
    }
    this.maxY[c] = y;
  }

  /** The regions found so far, largest first, at most `maxRegions`. */
  regions(maxRegions: number): DiffRegionResult {
    const boxes = mergeCells(this.count, this.minX, this.minY, this.maxX, this.maxY, this.cols, this.rows);
    const merged = boxes.length <= MAX_BOXES_TO_MERGE ? mergeNearBoxes(boxes, this.cell) : boxes;
    merged.sort((a, b) => b.pixels - a.pixels || a.minY - b.minY || a.minX - b.minX);
    const regions = merged.slice(0, Math.max(0, maxRegions)).map((b) => ({
      x: b.minX,
      y: b.minY,
      width: b.maxX - b.minX + 1,
      height: b.maxY - b.minY + 1,
      pixels: b.pixels,
    }));
    return { regions, regionCount: merged.length };
  }
}

/**
 * Finds changed regions in a diff mask such as pixelmatch's `diffMask` output:
 * pixels are either all-zero (unchanged) or opaque (alpha 255, changed).
 * Skips unchanged pixels two at a time (a 64-bit read), so a mostly unchanged
 * 1080p image costs about a millisecond; `rows` limits the scan to bands of
 * rows (the rest must be unchanged).
 */
export function findDiffRegions(
  mask: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  options: DiffRegionOptions,
  rows: ReadonlyArray<{ start: number; end: number }> = [{ start: 0, end: height }],
): DiffRegionResult {
  const grid = new RegionGrid(width, height, options.mergeDistance);
  const len = width * height;
  const m32 = new Uint32Array(mask.buffer, mask.byteOffset, len);
  const m64 = mask.byteOffset % 8 === 0 ? new Float64Array(mask.buffer, mask.byteOffset, len >>> 1) : undefined;
  const visit = (i: number): void => {
    if (m32[i] !== 0) grid.add(i % width, (i / width) | 0);
  };
  for (const band of rows) {
    let i = band.start * width;
    const end = band.end * width;
    if (m64) {
      if (i % 2 === 1) visit(i++);
      for (let p = i >>> 1, pairEnd = end >>> 1; p < pairEnd; p++) {
        // an all-zero pixel pair reads as 0; with opaque changed pixels nothing else does (-0 would need alpha 0x80)
        if (m64[p] === 0) continue;
        visit(p * 2);
        visit(p * 2 + 1);
      }
      i = end - (end % 2);
    }
    for (; i < end; i++) visit(i);
  }
  return grid.regions(options.maxRegions);
}

/** Union-find over non-empty cells with 8-connectivity; one box per component. */
function mergeCells(
  count: Int32Array, minX: Int32Array, minY: Int32Array, maxX: Int32Array, maxY: Int32Array,
  cols: number, rows: number,
): Box[] {
  const parent = new Int32Array(count.length).fill(-1);
  const find = (c: number): number => {
    let r = c;
    while (parent[r]! !== r) r = parent[r]!;
    while (parent[c]! !== r) { const next = parent[c]!; parent[c] = r; c = next; }
    return r;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };

  for (let r = 0; r < rows; r++) {
    for (let q = 0; q < cols; q++) {
      const c = r * cols + q;
      if (count[c] === 0) continue;
      parent[c] = c;
      // neighbours already visited: left, up-left, up, up-right
      if (q > 0 && count[c - 1]! > 0) union(c, c - 1);
      if (r > 0) {
        const up = c - cols;
        if (count[up]! > 0) union(c, up);
        if (q > 0 && count[up - 1]! > 0) union(c, up - 1);
        if (q < cols - 1 && count[up + 1]! > 0) union(c, up + 1);
      }
    }
  }

  const byRoot = new Map<number, Box>();
  for (let c = 0; c < count.length; c++) {
    if (count[c] === 0) continue;
    const root = find(c);
    const box = byRoot.get(root);
    if (!box) {
      byRoot.set(root, { minX: minX[c]!, minY: minY[c]!, maxX: maxX[c]!, maxY: maxY[c]!, pixels: count[c]! });
    } else {
      box.minX = Math.min(box.minX, minX[c]!);
      box.minY = Math.min(box.minY, minY[c]!);
      box.maxX = Math.max(box.maxX, maxX[c]!);
      box.maxY = Math.max(box.maxY, maxY[c]!);
      box.pixels += count[c]!;
    }
  }
  return [...byRoot.values()];
}

/** Merges boxes that overlap or whose gap is below `distance` in both axes, until none do. */
function mergeNearBoxes(boxes: Box[], distance: number): Box[] {
  let list = boxes;
  let changed = true;
  while (changed) {
    changed = false;
    list.sort((a, b) => a.minX - b.minX);
    const out: Box[] = [];
    const used = new Uint8Array(list.length);
    for (let i = 0; i < list.length; i++) {
      if (used[i]) continue;
      const a = { ...list[i]! };
      for (let j = i + 1; j < list.length; j++) {
        if (used[j]) continue;
        const b = list[j]!;
        if (b.minX - a.maxX - 1 >= distance) break; // sorted by minX: no later box is closer in x
        const gapX = Math.max(a.minX, b.minX) - Math.min(a.maxX, b.maxX) - 1;
        const gapY = Math.max(a.minY, b.minY) - Math.min(a.maxY, b.maxY) - 1;
        if (gapX < distance && gapY < distance) {
          a.minX = Math.min(a.minX, b.minX);
          a.minY = Math.min(a.minY, b.minY);
          a.maxX = Math.max(a.maxX, b.maxX);
          a.maxY = Math.max(a.maxY, b.maxY);
          a.pixels += b.pixels;
          used[j] = 1;
          changed = true;
        }
      }
      out.push(a);
    }
    list = out;
  }
  return list;
}
