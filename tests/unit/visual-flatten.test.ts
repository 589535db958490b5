import { flattenOnWhite } from '../../core/checks/flatten-alpha';

describe('flattenOnWhite', () => {
  it('leaves an opaque image untouched and reports no change', () => {
    const rgba = new Uint8Array([10, 20, 30, 255, 40, 50, 60, 255]);
    expect(flattenOnWhite(rgba)).toBe(0);
    expect([...rgba]).toEqual([10, 20, 30, 255, 40, 50, 60, 255]);
  });

  it('turns transparent pixels white and blends half-transparent ones', () => {
    const rgba = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 128, 200, 100, 0, 51]);
    expect(flattenOnWhite(rgba)).toBe(3);
    // 0·128/255 + 255·(1 − 128/255) = 127; 200·0.2 + 204 = 244; 100·0.2 + 204 = 224; 0 + 204
    expect([...rgba]).toEqual([255, 255, 255, 255, 127, 127, 127, 255, 244, 224, 204, 255]);
  });

  it('works on a buffer that does not start on a 4-byte boundary', () => {
    const backing = new Uint8Array(9);
    backing.set([0, 0, 0, 0], 1);
    expect(flattenOnWhite(backing.subarray(1, 5))).toBe(1);
    expect([...backing.subarray(1, 5)]).toEqual([255, 255, 255, 255]);
  });
});
