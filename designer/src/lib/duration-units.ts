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

/**
 * A unit of the duration picker: a plain unit (calendar time), business hours or
 * days (a step's deadline only: `PT{n}H` / `P{n}D` with `due.calendar: 'business'`),
 * or ISO text in calendar or business time.
 */
export type PickedUnit = DurationUnit | 'BH' | 'BD' | 'custom' | 'customBusiness';
export const BUSINESS_UNITS: readonly PickedUnit[] = ['BH', 'BD'];

/** Whether a picked unit counts business time. */
export function isBusinessUnit(unit: PickedUnit): boolean {
  return unit === 'BH' || unit === 'BD' || unit === 'customBusiness';
}

/** Whether a picked unit is edited as ISO text. */
export function isCustomUnit(unit: PickedUnit): unit is 'custom' | 'customBusiness' {
  return unit === 'custom' || unit === 'customBusiness';
}

/** The ISO unit a picked unit writes (business days are `D`, business hours `H`); undefined for custom text. */
export function isoUnitOf(unit: PickedUnit): DurationUnit | undefined {
  if (isCustomUnit(unit)) return undefined;
  return unit === 'BD' ? 'D' : unit === 'BH' ? 'H' : unit;
}

/**
 * How a stored duration shows in the picker: `P3D` in business time is 3 business
 * days; business time in another unit (P1W, PT30M) or several units is custom
 * business text. Undefined for ''.
 */
export function pickedUnitOf(iso: string, business: boolean): PickedUnit | undefined {
  if (iso === '') return undefined;
  const split = splitDuration(iso);
  if (!business) return split ? split.unit : 'custom';
  return split?.unit === 'D' ? 'BD' : split?.unit === 'H' ? 'BH' : 'customBusiness';
}
