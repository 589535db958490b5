/**
 * A duration as a number and one unit (what people type) ⇄ ISO 8601 (what the
 * SOP stores). Only single-unit durations round-trip; anything else (P1DT4H,
 * P1M) is "custom" and edited as ISO text.
 */
export type DurationUnit = 'S' | 'M' | 'H' | 'D' | 'W';
export const DURATION_UNITS: readonly DurationUnit[] = ['M', 'H', 'D', 'W', 'S'];

const SINGLE: Record<DurationUnit, RegExp> = {
  S: /^PT(\d+)S$/,
  M: /^PT(\d+)M$/,
  H: /^PT(\d+)H$/,
  D: /^P(\d+)D$/,
  W: /^P(\d+)W$/,
};

/** `P2D` → { amount: 2, unit: 'D' }; undefined for '' or a duration of several units. */
export function splitDuration(iso: string): { amount: number; unit: DurationUnit } | undefined {
  for (const unit of DURATION_UNITS) {
    const m = SINGLE[unit].exec(iso);
    if (m) return { amount: Number(m[1]), unit };
  }
  return undefined;
}

/** { 2, 'D' } → `P2D`; { 4, 'H' } → `PT4H`. */
export function joinDuration(amount: number, unit: DurationUnit): string {
  return unit === 'D' || unit === 'W' ? `P${amount}${unit}` : `PT${amount}${unit}`;
}
