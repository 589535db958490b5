/**
 * Differences between a reference text and a draft's text (both usually OCR
 * output). CJK runs are compared character by character, other scripts word by
 * word; width, case and spacing differences do not count. Pure: no I/O.
 */
import { diffArrays } from 'diff';
import { isCjkChar } from './text-normalise';

/** One piece of the comparison. `insert` is text only in the draft, `delete` only in the reference. */
export interface TextDiffOp {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

/** Result of {@link diffText}. */
export interface TextDiffResult {
  /** True when both texts have the same tokens in the same order. */
  identical: boolean;
  ops: TextDiffOp[];
  /** Dice similarity of the token sequences, 0..1 (1 = identical; 1 for two empty texts). */
  similarity: number;
}

/** A token and whether whitespace preceded it in its source (to rebuild readable text). */
interface Token { text: string; spaced: boolean }

/**
 * Splits folded text into tokens: each CJK character, each run of letters/digits
 * (a word or number), each other non-space character (punctuation) on its own.
 */
export function tokeniseText(text: string): Token[] {
  const folded = text.normalize('NFKC').toLowerCase();
  const tokens: Token[] = [];
  const pattern = /(\s*)([\p{L}\p{N}\p{M}]+|\S)/gu;
  for (const match of folded.matchAll(pattern)) {
    const spaced = (match[1] ?? '').length > 0;
    const piece = match[2]!;
    if ([...piece].some(isCjkChar)) {
      // a letter run mixing CJK and other letters: split CJK characters out
      let pending = '';
      let first = true;
      for (const ch of piece) {
        if (isCjkChar(ch)) {
          if (pending) { tokens.push({ text: pending, spaced: first && spaced }); first = false; pending = ''; }
          tokens.push({ text: ch, spaced: first && spaced });
          first = false;
        } else {
          pending += ch;
        }
      }
      if (pending) tokens.push({ text: pending, spaced: first && spaced });
    } else {
      tokens.push({ text: piece, spaced });
    }
  }
  return tokens;
}

/**
 * Diffs `reference` against `draft` (CJK by character, Latin by word) with the
 * `diff` library's array diff, merging consecutive tokens into readable segments.
 */
export function diffText(reference: string, draft: string): TextDiffResult {
  const ref = tokeniseText(reference);
  const dra = tokeniseText(draft);
  const changes = diffArrays(ref.map((t) => t.text), dra.map((t) => t.text));
  const ops: TextDiffOp[] = [];
  let ri = 0;
  let di = 0;
  let equalTokens = 0;
  for (const change of changes) {
    const n = change.count;
    if (change.added) {
      ops.push({ op: 'insert', text: joinTokens(dra.slice(di, di + n)) });
      di += n;
    } else if (change.removed) {
      ops.push({ op: 'delete', text: joinTokens(ref.slice(ri, ri + n)) });
      ri += n;
    } else {
      ops.push({ op: 'equal', text: joinTokens(ref.slice(ri, ri + n)) });
      ri += n;
      di += n;
      equalTokens += n;
    }
  }
  const total = ref.length + dra.length;
  const similarity = total === 0 ? 1 : (2 * equalTokens) / total;
  return { identical: ops.every((o) => o.op === 'equal'), ops, similarity };
}

function joinTokens(tokens: Token[]): string {
  return tokens.map((t, i) => (i > 0 && t.spaced ? ` ${t.text}` : t.text)).join('');
}
