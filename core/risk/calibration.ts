/**
 * Platt scaling (pure): P(late) = σ(a + b · z) for a model's log-odds z,
 * fitted on steps the model was not fitted on, so that its probabilities mean
 * what they say on new steps (the threshold is then chosen on the same scale).
 */
import { fitLogistic } from './logistic-fit';

export interface PlattCalibration {
  a: number;
  b: number;
}

export const IDENTITY_CALIBRATION: PlattCalibration = { a: 0, b: 1 };

/** Fits a and b by maximum likelihood (a light ridge on b keeps one-sided data finite). */
export function fitPlatt(logOdds: readonly number[], labels: readonly boolean[]): PlattCalibration {
  if (!labels.some(Boolean) || labels.every(Boolean)) throw new Error('calibration needs both late and on-time steps');
  const [a, b] = fitLogistic(logOdds.map((z) => [1, z]), labels, { l2: 1e-4 });
  return { a: a!, b: b! };
}

export function calibrated(c: PlattCalibration, z: number): number {
  return 1 / (1 + Math.exp(-(c.a + c.b * z)));
}
