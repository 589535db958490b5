import { compositeScore, DEFAULT_SCORE_WEIGHTS, parseScoreWeights } from '../../api/reports/score-weights';

describe('the vendor score weighting (REPORT_SCORE_WEIGHTS)', () => {
  test('unset or empty means the defaults 0.4 / 0.3 / 0.2 / 0.1', () => {
    expect(parseScoreWeights(undefined)).toEqual({ onTime: 0.4, firstPass: 0.3, cycle: 0.2, rework: 0.1 });
    expect(parseScoreWeights('  ')).toEqual(DEFAULT_SCORE_WEIGHTS);
  });

  test('named components take their weight, unnamed ones weigh 0', () => {
    expect(parseScoreWeights('onTime=1, cycle = 0.5')).toEqual({ onTime: 1, firstPass: 0, cycle: 0.5, rework: 0 });
  });

  test('an unknown component, a negative or missing weight, or all zeros stop with the part named', () => {
    expect(() => parseScoreWeights('speed=1')).toThrow('REPORT_SCORE_WEIGHTS: "speed" is not one of onTime, firstPass, cycle, rework');
    expect(() => parseScoreWeights('onTime=-1')).toThrow('REPORT_SCORE_WEIGHTS: the weight of onTime must be a number ≥ 0 (found "-1")');
    expect(() => parseScoreWeights('onTime')).toThrow('REPORT_SCORE_WEIGHTS: the weight of onTime must be a number ≥ 0 (found "")');
    expect(() => parseScoreWeights('onTime=0')).toThrow('REPORT_SCORE_WEIGHTS: at least one weight must be positive');
  });

  test('the score is 100 × the weighted mean of the measured components, renormalised over them', () => {
    expect(compositeScore({ onTime: 0.5, firstPass: 1, cycle: 1, rework: 1 }, DEFAULT_SCORE_WEIGHTS)).toBe(80);
    // Only on-time measured: its own rate, whatever its weight.
    expect(compositeScore({ onTime: 0.25, firstPass: null, cycle: null, rework: null }, DEFAULT_SCORE_WEIGHTS)).toBe(25);
    // on-time 0.5 (weight 0.4) and first pass 1 (0.3): (0.2 + 0.3) / 0.7 = 71.4.
    expect(compositeScore({ onTime: 0.5, firstPass: 1, cycle: null, rework: null }, DEFAULT_SCORE_WEIGHTS)).toBe(71.4);
    expect(compositeScore({ onTime: null, firstPass: null, cycle: null, rework: null }, DEFAULT_SCORE_WEIGHTS)).toBeNull();
    expect(compositeScore({ onTime: 0, firstPass: 1, cycle: 1, rework: 1 }, parseScoreWeights('onTime=1'))).toBe(0);
  });
});
