/**
 * Character error rate for the OCR accuracy bench: Levenshtein distance over
 * code points of the texts as the OCR check compares them (`normaliseText`:
 * NFKC, case fold, whitespace collapsed, no spaces next to CJK), divided by
 * the ground truth's length. Pure.
 */
import { normaliseText } from '../core/checks/text-normalise';

/** Edit distance between `a` and `b`, by code point. */
export function levenshtein(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[y.length]!;
}

/** Edits and ground-truth length of one reading. */
export interface CerCount {
  edits: number;
  length: number;
}

/** Counts the edits from `truth` to `read`, both normalised. */
export function cerCount(read: string, truth: string): CerCount {
  const t = normaliseText(truth);
  return { edits: levenshtein(normaliseText(read), t), length: [...t].length };
}

/** CER of a set of readings: total edits over total ground-truth characters. */
export function pooledCer(counts: readonly CerCount[]): number {
  const length = counts.reduce((a, c) => a + c.length, 0);
  return length === 0 ? 0 : counts.reduce((a, c) => a + c.edits, 0) / length;
}
