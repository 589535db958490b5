/**
 * How well a piece of a file name fits one template part: a cost (0 = fits)
 * and, when it does not fit, a reason draft. The costs rank diagnoses so the
 * alignment in `match.ts` prefers the explanation a person would give; they
 * are tuned together against the table in tests/unit/naming-template.test.ts.
 * Pure: no I/O.
 */
import { formatDate, isRealDate, readDate } from './date-pattern';
import type { ReasonDraft } from './reasons';
import type { NamingPart } from './template';
import { EXAMPLE_SAMPLES, padVersion, type ResolvedVars } from './vars';

/** The cost scale (lower = more plausible explanation). */
export const COST = {
  /** Right text, wrong letter case. */
  caseSlip: 0.5,
  /** A well-formed placeholder value that is not the one wanted (version 1 for 01, gif, 20261009). */
  wrongValue: 1,
  /** An extension outside the list. */
  wrongExt: 1.25,
  /** No extension at all (a common slip: saved without one). */
  extMissing: 1.75,
  /** Free text (`{any}`, or a job value not given) that is absent. */
  freeMissing: 1,
  /** Literal with a piece missing or extra: base + spread × (piece length / literal length). */
  pieceBase: 1.25,
  pieceSpread: 0.5,
  /** Different text for a literal or job value: base + spread × (edit distance / length). */
  mismatchBase: 1.5,
  mismatchSpread: 0.5,
  /** A date of digits and separators in another pattern. */
  dateShape: 1.75,
  /** Extra for a literal's missing/extra piece that touches a job value given by the job (it is more likely part of that value: `banners`). */
  glued: 0.5,
  /** A fixed part (job value, version, date) that is absent: a bit more than a completely different text. */
  missing: 2.1,
  /** A version that is not a number: base + spread × (share of non-digits). */
  notNumberBase: 1.75,
  notNumberSpread: 0.5,
  /** Text of the wrong kind entirely (letters in a date, `?` in an extension). */
  wrongKind: 2.5,
} as const;

export interface PartFit {
  cost: number;
  draft?: ReasonDraft;
}

const FITS: PartFit = { cost: 0 };
const EXTENSION = /^[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*$/;
const MAX_EXT_LENGTH = 64;

/** Levenshtein distance between two code-point arrays. */
function distance(a: string[], b: string[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min(sub, (prev[j] as number) + 1, (row[j - 1] as number) + 1));
    }
    prev = row;
  }
  return prev[b.length] as number;
}

/** Whether the parts around a literal are job values given by the job (fixed text). */
export interface Neighbours {
  prevIsValue: boolean;
  nextIsValue: boolean;
}

const NO_NEIGHBOURS: Neighbours = { prevIsValue: false, nextIsValue: false };

/** Compares `found` with a fixed text (a literal, with its neighbours, or a job value). */
function fitFixed(expected: string, found: string, literal: Neighbours | undefined): PartFit {
  const isLiteral = literal !== undefined;
  if (found === expected) return FITS;
  const mismatch: PartFit['draft'] = { code: isLiteral ? 'literal-mismatch' : 'value-mismatch', expected, found };
  // Far longer than expected: no closer diagnosis is worth computing.
  if (found.length > 2 * expected.length + 16) return { cost: COST.mismatchBase + COST.mismatchSpread, draft: mismatch };
  if (found.toLowerCase() === expected.toLowerCase()) {
    return { cost: COST.caseSlip, draft: { code: 'case-mismatch', expected, found } };
  }
  if (found === '') {
    return { cost: isLiteral ? COST.pieceBase + COST.pieceSpread : COST.missing, draft: { code: 'missing', expected, found } };
  }
  const e = Array.from(expected);
  const f = Array.from(found);
  if (isLiteral) {
    let p = 0;
    while (p < e.length && p < f.length && e[p] === f[p]) p++;
    let q = 0;
    while (q < e.length - p && q < f.length - p && e[e.length - 1 - q] === f[f.length - 1 - q]) q++;
    const glued = (p === 0 && literal.prevIsValue) || (q === 0 && literal.nextIsValue) ? COST.glued : 0;
    const expMid = e.slice(p, e.length - q).join('');
    const foundMid = f.slice(p, f.length - q).join('');
    if (foundMid === '') {
      return { cost: glued + COST.pieceBase + (COST.pieceSpread * Array.from(expMid).length) / e.length, draft: { code: 'missing', expected, found, piece: expMid, before: e.slice(0, p).join('') } };
    }
    if (expMid === '') {
      return {
        cost: glued + COST.pieceBase + (COST.pieceSpread * Array.from(foundMid).length) / f.length,
        draft: { code: 'unexpected-text', expected, found, piece: foundMid, before: e.slice(0, p).join('') },
      };
    }
  }
  return { cost: COST.mismatchBase + (COST.mismatchSpread * distance(e, f)) / Math.max(e.length, f.length), draft: mismatch };
}

/**
 * The fit of `found` (a piece of the NFC file name) to `part`.
 * Absent job values make `{job.code}` & co. accept any non-empty text.
 */
export function fitPart(part: NamingPart, found: string, vars: ResolvedVars, neighbours: Neighbours = NO_NEIGHBOURS): PartFit {
  switch (part.kind) {
    case 'literal':
      return fitFixed(part.text, found, neighbours);
    case 'job.code':
    case 'job.vendor':
    case 'deliverable': {
      const value = vars.values[part.kind];
      if (value !== undefined) return fitFixed(value, found, undefined);
      return found === '' ? { cost: COST.freeMissing, draft: { code: 'missing', expected: EXAMPLE_SAMPLES[part.kind], found } } : FITS;
    }
    case 'any':
      return found === '' ? { cost: COST.freeMissing, draft: { code: 'missing', expected: EXAMPLE_SAMPLES.any, found } } : FITS;
    case 'version':
      return fitVersion(part.digits, found, vars.version);
    case 'date': {
      const expected = formatDate(part.tokens, vars.date ?? EXAMPLE_SAMPLES.date);
      if (found === '') return { cost: COST.missing, draft: { code: 'missing', expected, found } };
      const read = readDate(part.tokens, found);
      if (!read) {
        const cost = /^[\d\-_. ]+$/.test(found) ? COST.dateShape : COST.wrongKind;
        return { cost, draft: { code: 'date-format', expected, found } };
      }
      if (!isRealDate(read)) return { cost: COST.wrongValue, draft: { code: 'date-invalid', expected, found } };
      const want = vars.date;
      if (want && (['year', 'month', 'day'] as const).some((k) => read[k] !== undefined && read[k] !== want[k])) {
        return { cost: COST.wrongValue, draft: { code: 'date-mismatch', expected, found } };
      }
      return FITS;
    }
    case 'ext': {
      const expected = part.extensions.join('|');
      if (found.length <= MAX_EXT_LENGTH && part.extensions.includes(found.toLowerCase())) return FITS;
      if (found === '') return { cost: COST.extMissing, draft: { code: 'missing', expected, found } };
      return { cost: EXTENSION.test(found) ? COST.wrongExt : COST.wrongKind, draft: { code: 'ext-not-allowed', expected, found } };
    }
  }
}

function fitVersion(digits: number, found: string, want: number | undefined): PartFit {
  const isNumber = /^\d+$/.test(found);
  const notNumber = isNumber ? 0 : COST.notNumberBase + (COST.notNumberSpread * found.replace(/\d/g, '').length) / Math.max(1, found.length);
  if (want !== undefined) {
    const expected = padVersion(want, digits);
    if (found === expected) return FITS;
    if (found === '') return { cost: COST.missing, draft: { code: 'missing', expected, found } };
    if (!isNumber) return { cost: notNumber, draft: { code: 'version-not-number', expected, found } };
    const code = Number(found) === want ? 'version-digits' : 'version-mismatch';
    return { cost: COST.wrongValue, draft: { code, expected, found } };
  }
  if (found === '') return { cost: COST.missing, draft: { code: 'missing', expected: padVersion(EXAMPLE_SAMPLES.version, digits), found } };
  if (!isNumber) {
    return { cost: notNumber, draft: { code: 'version-not-number', expected: padVersion(EXAMPLE_SAMPLES.version, digits), found } };
  }
  const n = Number(found);
  if (padVersion(n, digits) === found) return FITS;
  return { cost: COST.wrongValue, draft: { code: 'version-digits', expected: padVersion(n, digits), found } };
}
