import { percentileCont } from '../../core/reports/percentile';

describe('percentileCont (as PostgreSQL percentile_cont)', () => {
  it.each([
    ['the p90 of 24, 48, 240 h is 48 + 0.8 × (240 − 48)', [240, 24, 48], 0.9, 201.6],
    ['the p90 of 9, 9, 72 h is 9 + 0.8 × (72 − 9)', [9, 72, 9], 0.9, 59.4],
    ['one value is every percentile', [36], 0.9, 36],
    ['the median of an even count is the mean of the middle two', [1, 2, 3, 4], 0.5, 2.5],
    ['0 is the smallest value and 1 the largest', [5, -2, 7], 0, -2],
    ['1 is the largest value', [5, -2, 7], 1, 7],
    ['a position on a rank is that value: p25 of 0, 10, 20, 30, 40', [40, 30, 20, 10, 0], 0.25, 10],
    ['ten values: p90 is 9 + 0.1 × (10 − 9)', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9.1],
  ])('%s', (_title, values, fraction, expected) => {
    expect(percentileCont(values, fraction)).toBeCloseTo(expected, 10);
  });

  it('is null without values and leaves its input unsorted', () => {
    expect(percentileCont([], 0.9)).toBeNull();
    const values = [3, 1, 2];
    percentileCont(values, 0.5);
    expect(values).toEqual([3, 1, 2]);
  });

  it('rejects a fraction outside 0–1 and values that are not finite numbers', () => {
    expect(() => percentileCont([1], 90)).toThrow('percentile fraction 90 is not between 0 and 1');
    expect(() => percentileCont([1], Number.NaN)).toThrow('percentile fraction NaN is not between 0 and 1');
    expect(() => percentileCont([1, Number.POSITIVE_INFINITY], 0.5)).toThrow('percentile of Infinity: every value must be a finite number');
  });
});
