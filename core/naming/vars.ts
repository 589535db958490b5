/**
 * The job values a naming template is filled with, checked and normalised
 * once per match. Pure: no I/O.
 */
import { parseIsoDate, type DateFields } from './date-pattern';

/** Job values for a template; any may be absent (the part then accepts any text). */
export interface NamingVars {
  'job.code'?: string;
  'job.vendor'?: string;
  deliverable?: string;
  /** The expected version number (integer ≥ 0). */
  version?: number;
  /** The expected date, `YYYY-MM-DD`. */
  date?: string;
}

export type ValueKey = 'job.code' | 'job.vendor' | 'deliverable';

export interface ResolvedVars {
  values: Partial<Record<ValueKey, string>>;
  version?: number;
  date?: Required<DateFields>;
}

/** Values used in examples when the job does not give one (deterministic, no clock). */
export const EXAMPLE_SAMPLES = {
  'job.code': 'JOB-001',
  'job.vendor': 'vendor',
  deliverable: 'deliverable',
  any: 'text',
  version: 1,
  date: { year: 2026, month: 1, day: 31 },
} as const;

/**
 * Validates and NFC-normalises `vars`. Empty strings count as absent.
 * @throws Error when `version` is not an integer ≥ 0 or `date` is not `YYYY-MM-DD`.
 */
export function resolveVars(vars: NamingVars = {}): ResolvedVars {
  const values: ResolvedVars['values'] = {};
  for (const key of ['job.code', 'job.vendor', 'deliverable'] as const) {
    const v = vars[key];
    if (v !== undefined && v !== null && String(v) !== '') values[key] = String(v).normalize('NFC');
  }
  const out: ResolvedVars = { values };
  if (vars.version !== undefined && vars.version !== null) {
    if (!Number.isSafeInteger(vars.version) || vars.version < 0) {
      throw new Error(`version must be an integer ≥ 0 (got ${String(vars.version)})`);
    }
    out.version = vars.version;
  }
  if (vars.date !== undefined && vars.date !== null && vars.date !== '') out.date = parseIsoDate(vars.date);
  return out;
}

/** `n` zero-padded to `digits` digits (longer numbers are kept whole). */
export function padVersion(n: number, digits: number): string {
  return String(n).padStart(digits, '0');
}
