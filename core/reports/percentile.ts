/**
 * Percentiles as PostgreSQL's `percentile_cont` computes them (pure), so a
 * figure worked out in TypeScript matches one worked out in SQL.
 */

/**
 * The `fraction` percentile of `values` by linear interpolation between the
 * closest ranks: sorted ascending, position `fraction × (n − 1)`, and between
 * the values either side of it in proportion (`percentile_cont(0.9)` of
 * 24, 48, 240 is 48 + 0.8 × (240 − 48) = 201.6). Null when there are no values.
 * @throws Error when `fraction` is not within 0–1 or a value is not finite.
 */
export function percentileCont(values: readonly number[], fraction: number): number | null {
  if (!(fraction >= 0 && fraction <= 1)) throw new Error(`percentile fraction ${fraction} is not between 0 and 1`);
  const bad = values.find((v) => !Number.isFinite(v));
  if (bad !== undefined) throw new Error(`percentile of ${bad}: every value must be a finite number`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = fraction * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
}
