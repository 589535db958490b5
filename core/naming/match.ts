/**
 * Checks an uploaded file name against a naming template and explains every
 * mismatch. Pure and deterministic: no I/O, no clock.
 *
 * The name is aligned with the template part by part (a dynamic programme
 * over the name's code points): every split of the name into one piece per
 * part is scored with the costs of `part-fit.ts`, and the cheapest split
 * wins; among equally cheap ones, the split whose first wrong part comes
 * latest (the name matches as far as possible from the left), then the one
 * that gives earlier parts the shorter pieces. A name that fits scores 0; otherwise
 * each wrong part of the winning split gives one reason, left to right.
 */
import { buildExample } from './example';
import { fitPart, type PartFit } from './part-fit';
import { describeReason, wholeNameReason, type NamingReason } from './reasons';
import { sanitizeUploadName } from './sanitize';
import type { NamingTemplate } from './template';
import { resolveVars, type NamingVars } from './vars';

export interface NamingResult {
  passed: boolean;
  /** Empty when `passed`; otherwise one reason per wrong part, left to right. */
  reasons: NamingReason[];
  /** A correct name: the job's values, else the vendor's own acceptable values, else samples. */
  example: string;
  /** When `passed`: the text of each placeholder (`job.code`, `version`, `ext`…; a repeated one as `any#2`). */
  captured?: Record<string, string>;
  /** The name that was checked: {@link sanitizeUploadName} of the input. */
  fileName: string;
}

/** Longest name (in code points) that is diagnosed; longer names fail outright. */
export const MAX_FILE_NAME_LENGTH = 255;

const EPSILON = 1e-9;

interface Cell {
  cost: number;
  /** Index of the first part that does not fit, Infinity when none. */
  firstError: number;
  from: number;
  fit: PartFit;
}

function better(cost: number, firstError: number, b: Cell | undefined): boolean {
  if (!b) return true;
  if (cost < b.cost - EPSILON) return true;
  // Equal cost: the later first error wins; on a full tie the first split
  // found stays (candidates arrive in increasing `from`: earlier parts take less).
  return Math.abs(cost - b.cost) <= EPSILON && firstError > b.firstError;
}

/**
 * Checks `fileName` against `template`.
 *
 * Directory parts and traversal are removed first ({@link sanitizeUploadName}),
 * and both sides are NFC-normalised, so Chinese literals and values compare
 * as people see them. Extensions compare case-insensitively; everything else
 * is case-sensitive (a case slip gets its own reason, `case-mismatch`).
 *
 * @param vars - the job's values; an absent value lets its part be any text.
 * @throws Error only for malformed `vars` (`version` not an integer ≥ 0,
 *   `date` not `YYYY-MM-DD`); a bad name is a result, never an exception.
 */
export function matchFileName(template: NamingTemplate, fileName: string, vars: NamingVars = {}): NamingResult {
  const resolved = resolveVars(vars);
  const name = sanitizeUploadName(fileName);
  const chars = Array.from(name);
  if (chars.length === 0 || chars.length > MAX_FILE_NAME_LENGTH) {
    const example = buildExample(template, resolved);
    const code = chars.length === 0 ? 'empty-name' : 'name-too-long';
    return { passed: false, reasons: [wholeNameReason(code, name, example, MAX_FILE_NAME_LENGTH)], example, fileName: name };
  }

  const offsets = [0];
  for (const ch of chars) offsets.push((offsets[offsets.length - 1] as number) + ch.length);
  const piece = (i: number, k: number): string => name.slice(offsets[i], offsets[k]);
  const parts = template.parts;
  const n = chars.length;
  const isValue = (j: number): boolean => {
    const p = parts[j];
    return p !== undefined && (p.kind === 'job.code' || p.kind === 'job.vendor' || p.kind === 'deliverable') && resolved.values[p.kind] !== undefined;
  };
  const neighbours = parts.map((_, j) => ({ prevIsValue: isValue(j - 1), nextIsValue: isValue(j + 1) }));

  // table[j][i]: best way to cover name[0, i) with parts[0, j).
  const table: Array<Array<Cell | undefined>> = parts.map(() => []);
  table.push([]);
  (table[0] as Array<Cell | undefined>)[0] = { cost: 0, firstError: Infinity, from: -1, fit: { cost: 0 } };
  parts.forEach((part, j) => {
    const row = table[j] as Array<Cell | undefined>;
    const next = table[j + 1] as Array<Cell | undefined>;
    for (let i = 0; i <= n; i++) {
      const cur = row[i];
      if (!cur) continue;
      for (let k = i; k <= n; k++) {
        const fit = fitPart(part, piece(i, k), resolved, neighbours[j]);
        const cost = cur.cost + fit.cost;
        const firstError = fit.cost > 0 ? Math.min(cur.firstError, j) : cur.firstError;
        if (better(cost, firstError, next[k])) next[k] = { cost, firstError, from: i, fit };
      }
    }
  });

  // Walk back to recover each part's piece and fit.
  const found: string[] = new Array(parts.length);
  const fits: PartFit[] = new Array(parts.length);
  let end = n;
  for (let j = parts.length; j > 0; j--) {
    const cell = (table[j] as Array<Cell | undefined>)[end] as Cell;
    found[j - 1] = piece(cell.from, end);
    fits[j - 1] = cell.fit;
    end = cell.from;
  }

  const reasons: NamingReason[] = [];
  parts.forEach((part, j) => {
    const draft = fits[j]?.draft;
    if (draft) reasons.push(describeReason(draft, part, j, parts[j - 1]));
  });
  const hints = parts.map((part, j) => (part.kind === 'literal' ? undefined : found[j]));
  const example = buildExample(template, resolved, hints);
  if (reasons.length > 0) return { passed: false, reasons, example, fileName: name };

  const captured: Record<string, string> = {};
  const seen: Record<string, number> = {};
  parts.forEach((part, j) => {
    if (part.kind === 'literal') return;
    const count = (seen[part.kind] = (seen[part.kind] ?? 0) + 1);
    captured[count === 1 ? part.kind : `${part.kind}#${count}`] = found[j] as string;
  });
  return { passed: true, reasons, example, captured, fileName: name };
}
