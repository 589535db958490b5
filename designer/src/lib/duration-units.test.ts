import { describe, expect, it } from 'vitest';
import { isoUnitOf, joinDuration, pickedUnitOf, splitDuration } from './duration-units';

describe('durations as a number and a unit', () => {
  it('splits single-unit ISO 8601 durations and writes them back the same', () => {
    for (const iso of ['PT30S', 'PT15M', 'PT4H', 'P2D', 'P1W', 'P0D']) {
      const split = splitDuration(iso)!;
      expect(joinDuration(split.amount, split.unit)).toBe(iso);
    }
    expect(splitDuration('PT4H')).toEqual({ amount: 4, unit: 'H' });
    expect(splitDuration('PT15M')).toEqual({ amount: 15, unit: 'M' });
    expect(splitDuration('P1M')).toBeUndefined(); // months are not a fixed length: custom
  });

  it('leaves durations of several units, fractions and text to the custom (ISO) editor', () => {
    for (const text of ['', 'P1DT4H', 'PT1.5H', 'P2', '2d']) expect(splitDuration(text)).toBeUndefined();
  });

  it('shows a business-time deadline of days or hours as business days or hours, anything else in business time as custom', () => {
    expect(pickedUnitOf('P3D', true)).toBe('BD');
    expect(pickedUnitOf('PT6H', true)).toBe('BH');
    expect(pickedUnitOf('P1W', true)).toBe('customBusiness');
    expect(pickedUnitOf('P1DT4H', true)).toBe('customBusiness');
    expect(pickedUnitOf('P3D', false)).toBe('D');
    expect(pickedUnitOf('P1DT4H', false)).toBe('custom');
    expect(pickedUnitOf('', true)).toBeUndefined();
    expect(joinDuration(3, isoUnitOf('BD')!)).toBe('P3D');
    expect(joinDuration(6, isoUnitOf('BH')!)).toBe('PT6H');
  });
});
