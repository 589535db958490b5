import pixelmatch from 'pixelmatch';
import { changedRowBands } from '../../core/checks/changed-rows';
import { compareRgba } from '../../core/checks/visual-compare';

function image(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      data.set([r, g, b, 255], (y * width + x) * 4);
    }
  }
  return data;
}

/** Stripes with soft (anti-aliased) edges, so pixelmatch's AA test has work to do. */
const stripes = (x: number, y: number): [number, number, number] => {
  const t = (x + 2 * y) % 24;
  const v = t < 10 ? 30 : t === 10 || t === 23 ? 140 : 230;
  return [v, v, (v + 40) % 256];
};

describe('changedRowBands', () => {
  it('finds no band for identical images', () => {
    const a = image(50, 40, stripes);
    expect(changedRowBands(a, a.slice(), 50, 40)).toEqual([]);
  });

  it('widens each changed run by two rows of context and joins close runs', () => {
    const a = image(50, 100, stripes);
    const b = a.slice();
    const flip = (row: number): void => { b[(row * 50 + 3) * 4] = 255 - b[(row * 50 + 3) * 4]!; };
    flip(10);
    flip(14); // joined with row 10
    flip(80); // a band of its own
    flip(99); // last row: clipped at the image edge, joined with 80
    expect(changedRowBands(a, b, 50, 100)).toEqual([{ start: 8, end: 17 }, { start: 78, end: 100 }]);
  });
});

describe('comparing only the changed rows', () => {
  it('counts exactly what pixelmatch counts on the whole image, anti-aliasing included or not', () => {
    const width = 120;
    const height = 200;
    const a = image(width, height, stripes);
    const b = a.slice();
    // edits near band edges and across soft edges: rows 5–7, 60, 61, 150–170
    for (const [x0, y0, w, h] of [[10, 5, 30, 3], [0, 60, 120, 2], [40, 150, 20, 21]] as const) {
      for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) b[(y * width + x) * 4 + 1] = (b[(y * width + x) * 4 + 1]! + 90) % 256;
    }
    for (const includeAA of [false, true]) {
      const whole = pixelmatch(a, b, null, width, height, { threshold: 0.1, includeAA });
      const ours = compareRgba({ reference: { data: a, width, height }, draft: { data: b, width, height }, includeAntiAliasing: includeAA });
      expect(ours.diffPixels).toBe(whole);
    }
  });
});
