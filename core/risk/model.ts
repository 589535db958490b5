/**
 * The delay-risk model (pure): a logistic regression (ml-logistic-regression,
 * batch gradient descent on the log-loss) over standardised features with an
 * intercept. A log-loss fit gives probabilities that are calibrated on the data
 * it was fitted to; the evaluation reports the Brier score to keep that honest.
 * Stored as plain JSON (means, spreads, weights, threshold), scored without the
 * library. Factors: each feature's contribution w·z to the log-odds, largest first.
 */
import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
import { RISK_FEATURES, type RiskFeature } from './features';

export const RISK_MODEL_KIND = 'logistic-v1';

export interface RiskModel {
  kind: typeof RISK_MODEL_KIND;
  features: RiskFeature[];
  mean: number[];
  std: number[];
  /** Intercept first, then one weight per feature (on the standardised scale). */
  weights: number[];
  /** Probability at or above which a step is "at risk". */
  threshold: number;
}

export interface RiskFactor {
  feature: RiskFeature;
  /** Contribution to the log-odds of lateness (positive = towards late). */
  contribution: number;
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Column means and population standard deviations (a constant column gets 1, so it standardises to 0). */
export function standardiser(rows: readonly number[][]): { mean: number[]; std: number[] } {
  const width = RISK_FEATURES.length;
  const mean = new Array<number>(width).fill(0);
  const std = new Array<number>(width).fill(0);
  for (const r of rows) for (let j = 0; j < width; j++) mean[j]! += r[j]! / rows.length;
  for (const r of rows) for (let j = 0; j < width; j++) std[j]! += (r[j]! - mean[j]!) ** 2 / rows.length;
  return { mean, std: std.map((v) => (v > 1e-12 ? Math.sqrt(v) : 1)) };
}

const standardise = (x: readonly number[], mean: readonly number[], std: readonly number[]) => x.map((v, j) => (v - mean[j]!) / std[j]!);

export interface TrainOptions {
  steps?: number;
  /** Step size on the mean gradient (the library sums the gradient over rows: divided by n here). */
  rate?: number;
}

/**
 * Fits the model. `labels[i]` true = the step of row i finished late.
 * @throws Error when only one class is present (nothing to learn).
 */
export function trainRiskModel(rows: readonly number[][], labels: readonly boolean[], threshold: number, options: TrainOptions = {}): RiskModel {
  if (!labels.some(Boolean) || labels.every(Boolean)) throw new Error('training needs both late and on-time steps');
  const { mean, std } = standardiser(rows);
  const X = new Matrix(rows.map((r) => [1, ...standardise(r, mean, std)]));
  const Y = Matrix.columnVector(labels.map((l) => (l ? 1 : 0)));
  const lr = new LogisticRegression({ numSteps: options.steps ?? 1500, learningRate: (options.rate ?? 0.5) / rows.length });
  lr.train(X, Y);
  // One-vs-all: classifier 0 scores P(y ≠ 0) = P(late).
  const weights = lr.classifiers[0]!.weights.to1DArray().map((w) => round(w, 6));
  return { kind: RISK_MODEL_KIND, features: [...RISK_FEATURES], mean: mean.map((v) => round(v, 6)), std: std.map((v) => round(v, 6)), weights, threshold };
}

function logOdds(model: RiskModel, x: readonly number[]): { z: number[]; total: number } {
  const z = standardise(x, model.mean, model.std);
  return { z, total: z.reduce((sum, v, j) => sum + v * model.weights[j + 1]!, model.weights[0]!) };
}

/** P(late) of a feature vector, 4 decimals. */
export function riskProbability(model: RiskModel, x: readonly number[]): number {
  return round(1 / (1 + Math.exp(-logOdds(model, x).total)), 4);
}

/** The `top` features pushing hardest towards lateness (positive contributions only), largest first. */
export function riskFactors(model: RiskModel, x: readonly number[], top = 3): RiskFactor[] {
  const { z } = logOdds(model, x);
  return z
    .map((v, j) => ({ feature: model.features[j]!, contribution: round(v * model.weights[j + 1]!, 3) }))
    .filter((f) => f.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution || a.feature.localeCompare(b.feature))
    .slice(0, top);
}
