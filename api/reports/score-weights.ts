/**
 * The composite vendor score's weighting: `REPORT_SCORE_WEIGHTS`, e.g.
 * `onTime=0.4,firstPass=0.3,cycle=0.2,rework=0.1` (the default). Weights are
 * non-negative numbers; unnamed components weigh 0; at least one must be
 * positive. See README "Vendor reports and exports".
 */
export const SCORE_COMPONENTS = ['onTime', 'firstPass', 'cycle', 'rework'] as const;
export type ScoreComponent = (typeof SCORE_COMPONENTS)[number];
export type ScoreWeights = Record<ScoreComponent, number>;

export const DEFAULT_SCORE_WEIGHTS: Readonly<ScoreWeights> = Object.freeze({ onTime: 0.4, firstPass: 0.3, cycle: 0.2, rework: 0.1 });

/** Parses `REPORT_SCORE_WEIGHTS`; undefined or empty → the defaults. Throws with the offending part named. */
export function parseScoreWeights(text: string | undefined): ScoreWeights {
  if (text === undefined || text.trim() === '') return { ...DEFAULT_SCORE_WEIGHTS };
  const weights: ScoreWeights = { onTime: 0, firstPass: 0, cycle: 0, rework: 0 };
  for (const part of text.split(',')) {
    const [name, value] = part.split('=').map((s) => s.trim());
    if (!SCORE_COMPONENTS.includes(name as ScoreComponent)) throw new Error(`REPORT_SCORE_WEIGHTS: "${name}" is not one of ${SCORE_COMPONENTS.join(', ')}`);
    const weight = Number(value);
    if (value === undefined || value === '' || !Number.isFinite(weight) || weight < 0) throw new Error(`REPORT_SCORE_WEIGHTS: the weight of ${name} must be a number ≥ 0 (found "${value ?? ''}")`);
    weights[name as ScoreComponent] = weight;
  }
  if (SCORE_COMPONENTS.every((c) => weights[c] === 0)) throw new Error('REPORT_SCORE_WEIGHTS: at least one weight must be positive');
  return weights;
}

/** The components of one vendor's score, each in [0, 1] or null when nothing was measured. */
export type ScoreParts = Record<ScoreComponent, number | null>;

/** 100 × the weighted mean of the measured components (weights renormalised over them), 1 decimal; null when none was measured. */
export function compositeScore(parts: ScoreParts, weights: ScoreWeights): number | null {
  let sum = 0;
  let weight = 0;
  for (const c of SCORE_COMPONENTS) {
    const value = parts[c];
    if (value === null || weights[c] === 0) continue;
    sum += weights[c] * value;
    weight += weights[c];
  }
  return weight === 0 ? null : Number(((100 * sum) / weight).toFixed(1));
}
