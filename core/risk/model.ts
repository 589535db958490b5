/**
 * The delay-risk model (pure): a ridge-penalised logistic regression
 * (core/risk/logistic-fit.ts) over standardised features with an intercept,
 * followed by Platt calibration fitted on held-out months (core/risk/dataset.ts).
 * Stored as plain JSON (feature names, means, spreads, weights, calibration,
 * threshold) and scored by feature name, so a stored model keeps scoring after
 * features are added. Factors: each feature's contribution w·z to the log-odds,
 * largest first.
 */
import { IDENTITY_CALIBRATION, calibrated, type PlattCalibration } from './calibration';
import { RISK_FEATURES, type RiskFeature } from './features';
import { fitLogistic } from './logistic-fit';

export const RISK_MODEL_KIND = 'logistic-v2';

export interface RiskModel {
  /** v1 models (no calibration) were fitted by gradient descent; they score the same way. */
  kind: typeof RISK_MODEL_KIND | 'logistic-v1';
  features: RiskFeature[];
  mean: number[];
  std: number[];
  /** Intercept first, then one weight per feature (on the standardised scale). */
  weights: number[];
  /** Platt scaling of the log-odds (absent: identity). */
  calibration?: PlattCalibration;
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
  /** Ridge penalty per row on the standardised weights. */
  l2?: number;
}

/**
 * Fits the model (identity calibration). `labels[i]` true = the step of row i finished late.
 * @throws Error when only one class is present (nothing to learn).
 */
export function trainRiskModel(rows: readonly number[][], labels: readonly boolean[], threshold: number, options: TrainOptions = {}): RiskModel {
  if (!labels.some(Boolean) || labels.every(Boolean)) throw new Error('training needs both late and on-time steps');
  const { mean, std } = standardiser(rows);
  const weights = fitLogistic(rows.map((r) => [1, ...standardise(r, mean, std)]), labels, { l2: options.l2 ?? 1e-3 }).map((w) => round(w, 6));
  return { kind: RISK_MODEL_KIND, features: [...RISK_FEATURES], mean: mean.map((v) => round(v, 6)), std: std.map((v) => round(v, 6)), weights, calibration: { ...IDENTITY_CALIBRATION }, threshold };
}

const featureIndex = new Map<string, number>(RISK_FEATURES.map((f, i) => [f, i]));

/** `x` in RISK_FEATURES order; the model reads its own features from it by name. */
function logOdds(model: RiskModel, x: readonly number[]): { z: number[]; total: number } {
  const own = model.features.map((f) => x[featureIndex.get(f) ?? -1] ?? 0);
  const z = standardise(own, model.mean, model.std);
  return { z, total: z.reduce((sum, v, j) => sum + v * model.weights[j + 1]!, model.weights[0]!) };
}

/** The model's uncalibrated log-odds of lateness. */
export function riskLogOdds(model: RiskModel, x: readonly number[]): number {
  return logOdds(model, x).total;
}

/** P(late) of a feature vector (calibrated), 4 decimals. */
export function riskProbability(model: RiskModel, x: readonly number[]): number {
  return round(calibrated(model.calibration ?? IDENTITY_CALIBRATION, logOdds(model, x).total), 4);
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
