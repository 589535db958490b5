import { describe, expect, it } from 'vitest';
import { fromLocalInput, toLocalInput } from './zoned-input';

describe('date-time picker values in the viewer zone', () => {
  it('reads a Shanghai wall-clock time as the instant 8 hours earlier in UTC', () => {
    expect(fromLocalInput('2026-12-01T18:00', 'Asia/Shanghai')?.toISOString()).toBe('2026-12-01T10:00:00.000Z');
  });

  it('shows an instant as the Berlin wall clock, summer and winter', () => {
    expect(toLocalInput('2026-07-01T10:00:00Z', 'Europe/Berlin')).toBe('2026-07-01T12:00');
    expect(toLocalInput('2026-12-01T10:00:00Z', 'Europe/Berlin')).toBe('2026-12-01T11:00');
  });

  it('round-trips across a DST change (New York, first Sunday of November)', () => {
    const at = fromLocalInput('2026-11-01T09:30', 'America/New_York');
    expect(at?.toISOString()).toBe('2026-11-01T14:30:00.000Z');
    expect(toLocalInput(at!.getTime(), 'America/New_York')).toBe('2026-11-01T09:30');
  });

  it('refuses empty or malformed values', () => {
    expect(fromLocalInput('', 'UTC')).toBeUndefined();
    expect(fromLocalInput('tomorrow', 'UTC')).toBeUndefined();
  });
});
