/** Delay risk in words (core/risk/level.ts): the bands around the model's threshold. */
import { riskLevel } from '../../core/risk/level';

test('a step at or past the threshold is high, and critical from halfway between the threshold and certainty', () => {
  expect([riskLevel(0.6, 0.6), riskLevel(0.79, 0.6), riskLevel(0.8, 0.6), riskLevel(1, 0.6)]).toEqual(['high', 'high', 'critical', 'critical']);
});

test('below the threshold a step is medium down to half the threshold, low under it', () => {
  expect([riskLevel(0.59, 0.6), riskLevel(0.3, 0.6), riskLevel(0.29, 0.6), riskLevel(0, 0.6)]).toEqual(['medium', 'medium', 'low', 'low']);
});
