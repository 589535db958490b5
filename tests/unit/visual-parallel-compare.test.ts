import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pixelmatch from 'pixelmatch';
import { closeBandWorkers, compareRgbaParallel, splitBands } from '../../checks/parallel-compare';
import { decodeImage } from '../../checks/image-decode';
import { runVisualCheck } from '../../checks/visual-check';
import { compareRgba, type RgbaImage } from '../../core/checks/visual-compare';

const fixture = (name: string): string => join(__dirname, '..', 'fixtures', 'images', name);

/** 800×600 = 480,000 pixels: over PARALLEL_MIN_PIXELS when most rows change, so the rows are shared out. */
const WIDTH = 800;
const HEIGHT = 600;

function image(pixel: (x: number, y: number) => [number, number, number, number]): RgbaImage {
  const data = new Uint8Array(WIDTH * HEIGHT * 4);
  for (let y = 0; y < HEIGHT; y++) for (let x = 0; x < WIDTH; x++) data.set(pixel(x, y), (y * WIDTH + x) * 4);
  return { data, width: WIDTH, height: HEIGHT };
}

/** Diagonal stripes with soft (anti-aliased) edges: pixelmatch's AA test has work on every row. */
const stripes = (shift: number) => (x: number, y: number): [number, number, number, number] => {
  const t = (x + 2 * y + shift) % 24;
  const v = t < 10 ? 30 : t === 10 || t === 23 ? 140 : 230;
  return [v, v, (v + 40) % 256, 255];
};

/** Every row differs: the stripes move by one pixel, plus a solid block and a grey band across the rows where 2 and 4 shares are cut. */
const reference = image(stripes(0));
const draft = image((x, y) => {
  if (x >= 100 && x < 180 && y >= 280 && y < 320) return [200, 20, 20, 255];
  if (y >= 140 && y < 160) return [120, 120, 120, 255];
  return stripes(1)(x, y);
});
const wholeCount = (includeAA: boolean): number => pixelmatch(reference.data, draft.data, null, WIDTH, HEIGHT, { threshold: 0.1, includeAA });

afterAll(() => closeBandWorkers());

describe('splitBands', () => {
  it('gives every row of every band to exactly one share, with two context rows only where a band is cut', () => {
    const pieces = splitBands([{ start: 0, end: 10 }, { start: 20, end: 50 }], 3, 60);
    expect(pieces).toEqual([
      [{ start: 0, end: 10, countFrom: 0, countTo: 10 }, { start: 20, end: 26, countFrom: 20, countTo: 24 }],
      [{ start: 22, end: 39, countFrom: 24, countTo: 37 }],
      [{ start: 35, end: 50, countFrom: 37, countTo: 50 }],
    ]);
  });

  it('clips context rows at the image edges and drops empty shares', () => {
    expect(splitBands([{ start: 0, end: 4 }], 2, 4)).toEqual([
      [{ start: 0, end: 4, countFrom: 0, countTo: 2 }],
      [{ start: 0, end: 4, countFrom: 2, countTo: 4 }],
    ]);
    expect(splitBands([{ start: 5, end: 6 }], 3, 10)).toEqual([[{ start: 5, end: 6, countFrom: 5, countTo: 6 }]]);
    expect(splitBands([], 2, 10)).toEqual([]);
  });
});

describe('compareRgbaParallel', () => {
  it.each([1, 2, 3])('counts exactly what one whole-image pixelmatch call counts, shared with %i worker(s)', async (workers) => {
    for (const includeAA of [false, true]) {
      const result = await compareRgbaParallel({ reference, draft, includeAntiAliasing: includeAA, maxDiffRatio: 1 }, { workers });
      expect(result.diffPixels).toBe(wholeCount(includeAA));
    }
  });

  it('gives the figures and the diff image of compareRgba byte for byte', async () => {
    const ours = new Uint8Array(reference.data.length);
    const single = new Uint8Array(reference.data.length);
    const parallel = await compareRgbaParallel({ reference, draft, diffOutput: ours }, { workers: 3 });
    expect(parallel).toEqual(compareRgba({ reference, draft, diffOutput: single }));
    expect(Buffer.from(ours).equals(Buffer.from(single))).toBe(true);
    expect(parallel.diffPixels).toBeGreaterThan(3200); // the block at least
  });

  it('honours ignore rectangles that straddle the rows where the image is cut', async () => {
    const ignore = [{ x: 90, y: 270, width: 100, height: 60 }, { x: 0, y: 395, width: 800, height: 10 }];
    const result = await compareRgbaParallel({ reference, draft, ignore, maxDiffRatio: 1 }, { workers: 2 });
    expect(result).toEqual(compareRgba({ reference, draft, ignore, maxDiffRatio: 1 }));
    const mask = new Uint8Array(WIDTH * HEIGHT);
    for (const r of ignore) for (let y = r.y; y < r.y + r.height; y++) mask.fill(1, y * WIDTH + r.x, y * WIDTH + r.x + r.width);
    expect(result.diffPixels).toBe(pixelmatch(reference.data, draft.data, null, WIDTH, HEIGHT, { threshold: 0.1, ignoreMask: mask }));
  });

  it('compares a small change on this thread alone with the same result', async () => {
    const small = { data: reference.data.slice(), width: WIDTH, height: HEIGHT };
    small.data.fill(0, (300 * WIDTH + 10) * 4, (300 * WIDTH + 60) * 4);
    const result = await compareRgbaParallel({ reference, draft: small }, { workers: 3 });
    expect(result).toEqual(compareRgba({ reference, draft: small }));
    expect(result.diffPixels).toBe(pixelmatch(reference.data, small.data, null, WIDTH, HEIGHT, { threshold: 0.1 }));
  });

  it('runs overlapping comparisons without mixing their masks', async () => {
    const [a, b] = await Promise.all([
      compareRgbaParallel({ reference, draft, maxDiffRatio: 1 }, { workers: 2 }),
      compareRgbaParallel({ reference: draft, draft: reference, maxDiffRatio: 1 }, { workers: 2 }),
    ]);
    expect(a).toEqual(compareRgba({ reference, draft, maxDiffRatio: 1 }));
    expect(b).toEqual(compareRgba({ reference: draft, draft: reference, maxDiffRatio: 1 }));
  });
});

describe('images with transparency', () => {
  // pixelmatch blends semi-transparent pixels over a checkerboard picked by the pixel's offset in the buffer:
  // rows handed over from the middle of the image would see another checkerboard
  const translucent = image((x, y) => (y >= 300 && y < 330 ? [40, 90, 200, x % 256] : stripes(0)(x, y)));
  const changed = image((x, y) => (y >= 300 && y < 330 ? [40, 90, 200, (x + 7) % 256] : stripes(0)(x, y)));

  it('are compared whole: counts and red pixels where pixelmatch puts them', async () => {
    const expectedMask = new Uint8Array(translucent.data.length);
    const expected = pixelmatch(translucent.data, changed.data, expectedMask, WIDTH, HEIGHT, { threshold: 0.1, diffMask: true, diffColor: [255, 0, 0] });
    expect(expected).toBeGreaterThan(0);
    for (const run of [
      (out: Uint8Array) => Promise.resolve(compareRgba({ reference: translucent, draft: changed, diffOutput: out })),
      (out: Uint8Array) => compareRgbaParallel({ reference: translucent, draft: changed, diffOutput: out }, { workers: 3 }),
    ]) {
      const out = new Uint8Array(translucent.data.length);
      expect((await run(out)).diffPixels).toBe(expected);
      const red = (data: Uint8Array, i: number): boolean => data[i] === 255 && data[i + 1] === 0 && data[i + 2] === 0 && data[i + 3] === 255;
      let mismatched = 0;
      for (let i = 0; i < out.length; i += 4) if (red(out, i) !== (expectedMask[i + 3] !== 0)) mismatched++;
      expect(mismatched).toBe(0);
    }
  });
});

describe('visual check of one file against itself', () => {
  it('decodes it once and gives the figures and images of a byte-different copy with the same pixels', async () => {
    const bytes = readFileSync(fixture('reference.png'));
    const same = await runVisualCheck({ reference: bytes, draft: bytes, returnImages: true });
    const copy = await runVisualCheck({ reference: fixture('reference.png'), draft: fixture('draft-identical.png'), returnImages: true });
    const [a, b] = await Promise.all([decodeImage(fixture('reference.png')), decodeImage(fixture('draft-identical.png'))]);
    expect(Buffer.compare(a.data, b.data)).toBe(0); // the fixture re-renders the same pixels into other bytes
    expect({ ...same, images: undefined }).toEqual({ ...copy, images: undefined });
    expect(same).toMatchObject({ passed: true, diffPixels: 0, regions: [] });
    expect(same.images!.diff.equals(copy.images!.diff)).toBe(true);
    expect(same.images!.overlay.equals(copy.images!.overlay)).toBe(true);
  });
});
