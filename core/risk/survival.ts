/**
 * The chance a step still active finishes late, from its vendor's past paces
 * (pure). A pace is log(worked ÷ window) business hours: a step is late when
 * its pace ends above 0, and a step still open after `elapsed` of its
 * `window` has a pace above e = log(elapsed ÷ window). So
 * P(late | still active) = P(pace > 0) ÷ P(pace > e), read from the weighted
 * past paces (late past steps are counted as they came, reassignments and
 * all) and shrunk towards a normal fitted robustly (weighted median and MAD)
 * where the past says little.
 */
import { paceRatio, type PastPace } from './history';

/** erfc (Numerical Recipes' erfcc: fractional error below 1.2e-7 everywhere, tails included). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807
    + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

/** P(X > x) for X ~ normal(mean, sd). */
export function upperTail(x: number, mean: number, sd: number): number {
  return 0.5 * erfc((x - mean) / (sd * Math.SQRT2));
}

/** The weighted median of `values` (null when the weights sum to 0). */
export function weightedMedian(values: readonly PastPace[]): number | null {
  const sorted = [...values].filter((v) => v.w > 0).sort((a, b) => a.r - b.r);
  const total = sorted.reduce((sum, v) => sum + v.w, 0);
  if (total <= 0) return null;
  let acc = 0;
  for (const v of sorted) {
    acc += v.w;
    if (acc >= total / 2) return v.r;
  }
  return sorted[sorted.length - 1]!.r;
}

export interface PaceNormal {
  mean: number;
  sd: number;
}

/** Without any finished step to go by: on the edge of the window, wide. */
export const UNKNOWN_PACE: PaceNormal = { mean: 0, sd: 0.25 };
const PRIOR_SD = 0.25;
/** Pseudo-steps of the prior spread; pseudo-steps of the normal behind the empirical shares. */
const PRIOR_SD_WEIGHT = 3;
const NORMAL_WEIGHT = 2;

/** Median and 1.4826 · MAD (a normal's sd, untouched by a few outliers), the spread shrunk towards 0.25. */
export function robustNormal(paces: readonly PastPace[]): PaceNormal {
  const mean = weightedMedian(paces);
  if (mean === null) return UNKNOWN_PACE;
  const mad = weightedMedian(paces.map((p) => ({ r: Math.abs(p.r - mean), w: p.w })))!;
  const w = paces.reduce((sum, p) => sum + p.w, 0);
  const sd = Math.sqrt((w * (1.4826 * mad) ** 2 + PRIOR_SD_WEIGHT * PRIOR_SD ** 2) / (w + PRIOR_SD_WEIGHT));
  return { mean, sd: Math.max(sd, 0.01) };
}

/**
 * P(late) of a fresh step and P(late | still active after `elapsedHours` of `windowHours`) (1 once the
 * window is used up).
 */
export function lateChances(paces: readonly PastPace[], elapsedHours: number, windowHours: number): { fresh: number; active: number } {
  const normal = robustNormal(paces);
  const e = elapsedHours >= windowHours ? 0 : paceRatio(elapsedHours, windowHours);
  let late = 0;
  let open = 0;
  let total = 0;
  for (const p of paces) {
    total += p.w;
    if (p.r > 0) late += p.w;
    if (p.r > e) open += p.w;
  }
  const normalLate = upperTail(0, normal.mean, normal.sd);
  const normalOpen = upperTail(e, normal.mean, normal.sd);
  const fresh = (late + NORMAL_WEIGHT * normalLate) / (total + NORMAL_WEIGHT);
  if (elapsedHours >= windowHours) return { fresh, active: 1 };
  const active = (late + NORMAL_WEIGHT * normalLate) / (open + NORMAL_WEIGHT * normalOpen);
  return { fresh, active: Math.min(1, active) };
}
