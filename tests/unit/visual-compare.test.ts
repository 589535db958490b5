import { compareRgba, VISUAL_COMPARE_DEFAULTS, type RgbaImage } from '../../core/checks/visual-compare';
import type { Rect } from '../../core/sop/types';

type Rgb = [number, number, number];

function solid(width: number, height: number, [r, g, b]: Rgb): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i += 4) { data[i] = r; data[i + 1] = g; data[i + 2] = b; data[i + 3] = 255; }
  return { data, width, height };
}

function paint(image: RgbaImage, rect: Rect, [r, g, b]: Rgb): RgbaImage {
  const data = image.data.slice();
  for (let y = rect.y; y < rect.y + rect.height; y++) {
    for (let x = rect.x; x < rect.x + rect.width; x++) {
      const i = (y * image.width + x) * 4;
      data[i] = r; data[i + 1] = g; data[i + 2] = b; data[i + 3] = 255;
    }
  }
  return { ...image, data };
}

const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];
const RED: Rgb = [220, 20, 20];

describe('compareRgba', () => {
  const reference = solid(200, 100, WHITE);

  it('reports zero differing pixels and no regions for identical buffers', () => {
    const result = compareRgba({ reference, draft: solid(200, 100, WHITE) });
    expect(result).toEqual({
      passed: true, width: 200, height: 100, diffPixels: 0, diffRatio: 0, comparedPixels: 20_000, regions: [], regionCount: 0,
    });
  });

  it('counts every pixel of a solid changed block exactly', () => {
    const draft = paint(reference, { x: 10, y: 20, width: 30, height: 5 }, BLACK);
    const result = compareRgba({ reference, draft, maxDiffRatio: 0 });
    expect(result.diffPixels).toBe(150);
    expect(result.diffRatio).toBe(150 / 20_000);
    expect(result.passed).toBe(false);
    expect(result.regions).toEqual([{ x: 10, y: 20, width: 30, height: 5, pixels: 150 }]);
  });

  it('passes while the differing share stays at or under maxDiffRatio', () => {
    const draft = paint(reference, { x: 0, y: 0, width: 10, height: 10 }, BLACK);
    expect(compareRgba({ reference, draft, maxDiffRatio: 100 / 20_000 }).passed).toBe(true);
    expect(compareRgba({ reference, draft, maxDiffRatio: 99 / 20_000 }).passed).toBe(false);
  });

  it('ignores colour changes below the threshold and counts them above it', () => {
    const draft = paint(reference, { x: 50, y: 50, width: 4, height: 4 }, [250, 250, 250]);
    expect(compareRgba({ reference, draft }).diffPixels).toBe(0);
    expect(compareRgba({ reference, draft, threshold: 0 }).diffPixels).toBe(16);
  });

  it('merges blocks closer than the merge distance into one region', () => {
    let draft = paint(reference, { x: 10, y: 10, width: 4, height: 4 }, BLACK);
    draft = paint(draft, { x: 19, y: 10, width: 4, height: 4 }, BLACK); // 5 px gap
    const result = compareRgba({ reference, draft, mergeDistance: 10 });
    expect(result.regions).toEqual([{ x: 10, y: 10, width: 13, height: 4, pixels: 32 }]);
  });

  it('keeps distant blocks as separate regions, largest first', () => {
    let draft = paint(reference, { x: 10, y: 10, width: 4, height: 4 }, BLACK);
    draft = paint(draft, { x: 150, y: 60, width: 10, height: 3 }, BLACK);
    const result = compareRgba({ reference, draft });
    expect(result.regions).toEqual([
      { x: 150, y: 60, width: 10, height: 3, pixels: 30 },
      { x: 10, y: 10, width: 4, height: 4, pixels: 16 },
    ]);
    expect(result.regionCount).toBe(2);
  });

  it('merges overlapping boxes of separate components into one region', () => {
    // an L-shaped frame and a dot inside its box but not touching it
    let draft = paint(reference, { x: 20, y: 20, width: 60, height: 2 }, BLACK);
    draft = paint(draft, { x: 20, y: 20, width: 2, height: 60 }, BLACK);
    draft = paint(draft, { x: 60, y: 60, width: 2, height: 2 }, BLACK);
    const result = compareRgba({ reference, draft, mergeDistance: 4 });
    expect(result.regions).toEqual([{ x: 20, y: 20, width: 60, height: 60, pixels: 120 + 116 + 4 }]);
  });

  it('caps the regions at maxRegions but counts them all', () => {
    let draft = reference;
    for (let i = 0; i < 6; i++) draft = paint(draft, { x: 5 + i * 30, y: 40, width: 2 + i, height: 2 }, BLACK);
    const result = compareRgba({ reference, draft, maxRegions: 3 });
    expect(result.regionCount).toBe(6);
    expect(result.regions.map((r) => r.pixels)).toEqual([14, 12, 10]);
  });

  it('skips ignored rectangles and leaves them out of the ratio', () => {
    const draft = paint(reference, { x: 0, y: 0, width: 20, height: 20 }, BLACK);
    const ignore = [{ x: 0, y: 0, width: 20, height: 10 }];
    const result = compareRgba({ reference, draft, ignore, maxDiffRatio: 0 });
    expect(result.diffPixels).toBe(200);
    expect(result.comparedPixels).toBe(20_000 - 200);
    expect(result.diffRatio).toBe(200 / 19_800);
    expect(result.regions).toEqual([{ x: 0, y: 10, width: 20, height: 10, pixels: 200 }]);
  });

  it('clips ignore rectangles that reach past the image and counts overlaps once', () => {
    const draft = paint(reference, { x: 190, y: 90, width: 10, height: 10 }, BLACK);
    const ignore = [{ x: 180, y: 80, width: 500, height: 500 }, { x: 185, y: 85, width: 10, height: 10 }];
    const result = compareRgba({ reference, draft, ignore });
    expect(result).toMatchObject({ diffPixels: 0, comparedPixels: 20_000 - 400, passed: true });
  });

  it('passes with ratio 0 when every pixel is ignored', () => {
    const draft = solid(200, 100, BLACK);
    const result = compareRgba({ reference, draft, ignore: [{ x: 0, y: 0, width: 200, height: 100 }], maxDiffRatio: 0 });
    expect(result).toMatchObject({ diffPixels: 0, diffRatio: 0, comparedPixels: 0, passed: true });
  });

  describe('anti-aliasing', () => {
    // black left half, white right half, a grey edge column at x = 100 whose grey level changes
    const edge = (grey: number): RgbaImage => paint(paint(solid(200, 100, WHITE), { x: 0, y: 0, width: 100, height: 100 }, BLACK), { x: 100, y: 0, width: 1, height: 100 }, [grey, grey, grey]);

    it('does not count a changed anti-aliased edge by default', () => {
      const result = compareRgba({ reference: edge(90), draft: edge(190) });
      expect(result.diffPixels).toBe(0);
    });

    it('leaves the ignored anti-aliased edge grey in the diff image', () => {
      const diffOutput = new Uint8Array(200 * 100 * 4);
      compareRgba({ reference: edge(90), draft: edge(190), diffOutput });
      const at = (10 * 200 + 100) * 4;
      const [r, g, b] = diffOutput.subarray(at, at + 3);
      expect([g, b]).toEqual([r, r]); // grey, not red (255, 0, 0) nor pixelmatch's yellow
      expect(r).toBeGreaterThan(200);
    });

    it('counts the changed edge when anti-aliasing is included', () => {
      const result = compareRgba({ reference: edge(90), draft: edge(190), includeAntiAliasing: true });
      expect(result.diffPixels).toBe(100);
      expect(result.regions).toEqual([{ x: 100, y: 0, width: 1, height: 100, pixels: 100 }]);
    });
  });

  it('writes the diff image: differing pixels red, the rest faded grey', () => {
    const draft = paint(reference, { x: 1, y: 1, width: 1, height: 1 }, BLACK);
    const diffOutput = new Uint8Array(reference.data.length);
    compareRgba({ reference, draft, diffOutput });
    const pixel = (x: number, y: number): number[] => [...diffOutput.subarray((y * 200 + x) * 4, (y * 200 + x) * 4 + 4)];
    expect(pixel(1, 1)).toEqual([255, 0, 0, 255]);
    expect(pixel(5, 5)).toEqual([255, 255, 255, 255]);
  });

  it('finds the same regions with and without a diff image', () => {
    let draft = paint(reference, { x: 10, y: 10, width: 4, height: 4 }, BLACK);
    draft = paint(draft, { x: 150, y: 60, width: 10, height: 3 }, RED);
    const withImage = compareRgba({ reference, draft, diffOutput: new Uint8Array(reference.data.length) });
    expect(compareRgba({ reference, draft })).toEqual(withImage);
  });

  it('paints the diff image exactly like pixelmatch for a non-white background', () => {
    const grey = solid(4, 1, [100, 150, 200]);
    const diffOutput = new Uint8Array(16);
    compareRgba({ reference: grey, draft: solid(4, 1, [100, 150, 200]), diffOutput });
    // pixelmatch: 255 + (luma − 255) · 0.1, luma = 100·0.29889531 + 150·0.58662247 + 200·0.11448223
    const luma = 100 * 0.29889531 + 150 * 0.58662247 + 200 * 0.11448223;
    const v = Math.trunc(255 + (luma - 255) * 0.1);
    expect([...diffOutput.subarray(0, 4)]).toEqual([v, v, v, 255]);
  });

  it('may write the diff image into the draft buffer itself', () => {
    const draft = paint(reference, { x: 1, y: 1, width: 2, height: 2 }, BLACK);
    const result = compareRgba({ reference, draft, diffOutput: draft.data });
    expect(result.diffPixels).toBe(4);
    const at = (1 * 200 + 1) * 4;
    expect([...draft.data.subarray(at, at + 4)]).toEqual([255, 0, 0, 255]);
  });

  it('still draws the diff image for identical buffers', () => {
    const diffOutput = new Uint8Array(reference.data.length);
    compareRgba({ reference: paint(reference, { x: 0, y: 0, width: 1, height: 1 }, RED), draft: paint(reference, { x: 0, y: 0, width: 1, height: 1 }, RED), diffOutput });
    expect(diffOutput[3]).toBe(255);
    expect(diffOutput[0]).toBe(diffOutput[1]);
  });

  it('accepts a buffer that does not start on a 4-byte boundary', () => {
    const draft = paint(reference, { x: 3, y: 3, width: 2, height: 2 }, BLACK);
    const backing = new Uint8Array(draft.data.length + 1);
    backing.set(draft.data, 1);
    const shifted = { ...draft, data: backing.subarray(1) };
    expect(compareRgba({ reference, draft: shifted }).diffPixels).toBe(4);
  });

  it('rejects options out of range with the value in the message', () => {
    const draft = solid(200, 100, WHITE);
    expect(() => compareRgba({ reference, draft, threshold: 1.5 })).toThrow('threshold must be a number from 0 to 1; got 1.5');
    expect(() => compareRgba({ reference, draft, maxDiffRatio: -1 })).toThrow(expect.objectContaining({ name: 'CheckInputError', code: 'INVALID_OPTION' }));
    expect(() => compareRgba({ reference, draft, ignore: [{ x: -1, y: 0, width: 5, height: 5 }] }))
      .toThrow('ignore region must be integers x,y >= 0 and width,height >= 1; got x=-1, y=0, width=5, height=5');
  });

  it('refuses images of different sizes and buffers that do not match their size', () => {
    expect(() => compareRgba({ reference, draft: solid(100, 100, WHITE) })).toThrow('draft is 100×100 but reference is 200×100');
    expect(() => compareRgba({ reference, draft: { data: new Uint8Array(10), width: 200, height: 100 } })).toThrow(RangeError);
  });

  it('documents its defaults in one place', () => {
    expect(VISUAL_COMPARE_DEFAULTS).toEqual({ threshold: 0.1, maxDiffRatio: 0.005, includeAntiAliasing: false, mergeDistance: 10, maxRegions: 20 });
  });
});
