import { addCalendarDuration, subtractCalendarDuration } from '../../core/time/calendar-duration';
import { durationToMillis, isIsoDuration, parseIsoDuration } from '../../core/time/duration';
import { toInstant } from '../../core/time/zone';

const at = (iso: string): number => Date.parse(iso);
const NY = 'America/New_York';
const SH = 'Asia/Shanghai';

describe('parseIsoDuration', () => {
  it.each([
    ['P2D', { days: 2 }],
    ['PT4H', { hours: 4 }],
    ['P1DT12H', { days: 1, hours: 12 }],
    ['PT0S', {}],
    ['P0D', {}],
    ['P1W', { weeks: 1 }],
    ['P1Y2M3W4DT5H6M7S', { years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7 }],
    ['PT1.5H', { hours: 1.5 }],
    ['PT1H0,5M', { hours: 1, minutes: 0.5 }],
    ['PT90M', { minutes: 90 }],
  ])('reads %s', (text, parts) => {
    expect(parseIsoDuration(text)).toEqual({ years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0, ...parts });
    expect(isIsoDuration(text)).toBe(true);
  });

  it.each([
    ['', ''],
    ['P', ''],
    ['PT', ''],
    ['P2X', ''],
    ['p2d', ''],
    ['2D', ''],
    ['P1DT', ''],
    ['P1H', ''],
    ['PT1D', ''],
    ['P1M1Y', ''],
    ['P1.5D', ''],
    [' P1D', ''],
    ['-P1D', ': durations cannot be negative or signed'],
    ['PT1.5H30M', ': only the smallest component may have a fraction'],
  ])('rejects %j', (text, why) => {
    expect(() => parseIsoDuration(text)).toThrow(
      new Error(`${JSON.stringify(text)} is not an ISO 8601 duration${why} (examples: P2D, PT4H, P1DT12H)`),
    );
    expect(isIsoDuration(text)).toBe(false);
  });

  it('names the bad text in the message', () => {
    expect(() => parseIsoDuration('P2X')).toThrow('"P2X" is not an ISO 8601 duration (examples: P2D, PT4H, P1DT12H)');
  });
});

describe('durationToMillis', () => {
  it.each([
    ['P1D', 86_400_000],
    ['PT4H', 14_400_000],
    ['P1W', 604_800_000],
    ['P1DT12H', 129_600_000],
    ['PT1.5H', 5_400_000],
    ['PT0.0004S', 0],
    ['PT0S', 0],
  ])('%s is %i ms (a day is 24 h)', (text, ms) => {
    expect(durationToMillis(text)).toBe(ms);
    expect(durationToMillis(parseIsoDuration(text))).toBe(ms);
  });

  it('rejects years and months, which have no fixed length', () => {
    expect(() => durationToMillis('P1M')).toThrow(
      'a duration with years or months (0Y 1M) has no fixed length; express it in weeks, days or hours',
    );
  });
});

describe('addCalendarDuration', () => {
  it('keeps the local clock time across the spring DST change in New York (P1D = 23 h)', () => {
    const start = at('2026-03-07T10:00:00-05:00');
    expect(addCalendarDuration(start, 'P1D', NY)).toBe(at('2026-03-08T10:00:00-04:00'));
    expect(addCalendarDuration(start, 'P1D', NY) - start).toBe(23 * 3_600_000);
  });

  it('counts hours as exact elapsed time across DST (PT24H ≠ P1D)', () => {
    expect(addCalendarDuration('2026-03-07T10:00:00-05:00', 'PT24H', NY)).toBe(at('2026-03-08T11:00:00-04:00'));
  });

  it('keeps the local clock time across the autumn DST change (P1D = 25 h)', () => {
    expect(addCalendarDuration('2026-10-31T10:00:00-04:00', 'P1D', NY)).toBe(at('2026-11-01T10:00:00-05:00'));
  });

  it('adds days first, then hours: P1DT12H', () => {
    expect(addCalendarDuration('2026-03-07T10:00:00-05:00', 'P1DT12H', NY)).toBe(at('2026-03-08T22:00:00-04:00'));
  });

  it('moves a local time that does not exist forward by the DST gap', () => {
    expect(addCalendarDuration('2026-03-07T02:30', 'P1D', NY)).toBe(at('2026-03-08T03:30:00-04:00'));
  });

  it('is plain 24 h days in Asia/Shanghai, which has no DST', () => {
    expect(addCalendarDuration('2026-09-30T15:00:00+08:00', 'P2D', SH)).toBe(at('2026-10-02T15:00:00+08:00'));
  });

  it('clamps months to the last day of the month', () => {
    expect(addCalendarDuration('2026-01-31T09:00', 'P1M', SH)).toBe(at('2026-02-28T09:00:00+08:00'));
  });

  it('takes epoch ms, ISO with an offset, or ISO local to the zone', () => {
    const expected = at('2026-05-02T09:00:00+08:00');
    expect(addCalendarDuration(at('2026-05-01T09:00:00+08:00'), 'P1D', SH)).toBe(expected);
    expect(addCalendarDuration('2026-05-01T01:00:00Z', 'P1D', SH)).toBe(expected);
    expect(addCalendarDuration('2026-05-01T09:00', 'P1D', SH)).toBe(expected);
    expect(addCalendarDuration('2026-05-01', 'PT9H', SH)).toBe(at('2026-05-01T09:00:00+08:00'));
  });

  it('rejects an unknown zone, a bad start and a bad duration', () => {
    expect(() => addCalendarDuration(0, 'P1D', 'Mars/Olympus')).toThrow(
      '"Mars/Olympus" is not a known IANA time zone (e.g. Asia/Shanghai, America/New_York)',
    );
    expect(() => addCalendarDuration('next friday', 'P1D', SH)).toThrow(
      '"next friday" is not an ISO 8601 date-time (e.g. 2026-10-09T17:00:00+08:00)',
    );
    expect(() => addCalendarDuration(Number.NaN, 'P1D', SH)).toThrow('start NaN is not a finite epoch-millisecond instant');
    expect(() => addCalendarDuration(0, 'P2X', SH)).toThrow('"P2X" is not an ISO 8601 duration');
  });
});

describe('subtractCalendarDuration', () => {
  it('mirrors addition across DST: P1D before 10:00 EDT is 10:00 EST the day before', () => {
    expect(subtractCalendarDuration('2026-03-08T10:00:00-04:00', 'P1D', NY)).toBe(at('2026-03-07T10:00:00-05:00'));
    expect(subtractCalendarDuration('2026-03-08T10:00:00-04:00', 'PT4H', NY)).toBe(at('2026-03-08T06:00:00-04:00'));
  });
});

describe('toInstant', () => {
  it('reads a local time that occurs twice as the earlier one, whatever the current date', () => {
    const spy = jest.spyOn(Date, 'now');
    try {
      for (const now of [at('2026-01-15T12:00:00Z'), at('2026-07-15T12:00:00Z')]) {
        spy.mockReturnValue(now);
        expect(toInstant('2026-11-01T01:30', NY)).toBe(at('2026-11-01T01:30:00-04:00'));
      }
    } finally {
      spy.mockRestore();
    }
  });
});
