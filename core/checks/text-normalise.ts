/**
 * Text normalisation for OCR rules and text comparison. Pure: no I/O.
 */

/**
 * Han, kana, Hangul, CJK symbols and punctuation, bopomofo: characters written
 * without spaces between them.
 */
const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\p{Script=Bopomofo}\\u3000-\\u303f\\u30fb\\u30fc';
const CJK_CHAR = new RegExp(`[${CJK}]`, 'u');
const SPACE_BEFORE_CJK = new RegExp(` (?=[${CJK}])`, 'gu');
const SPACE_AFTER_CJK = new RegExp(`(?<=[${CJK}]) `, 'gu');

/** True when `char` (one code point) is a CJK character, see {@link normaliseText}. */
export function isCjkChar(char: string): boolean {
  return CJK_CHAR.test(char);
}

/**
 * Folds text for comparison:
 * 1. NFKC: full-width letters, digits and punctuation become half-width
 *    (`５折` → `5折`, `ＯＦＦ` → `OFF`), ideographic space becomes a space;
 * 2. case fold (`toLowerCase`);
 * 3. whitespace runs (including line breaks) collapse to one space, trimmed;
 * 4. spaces next to a CJK character are dropped, since CJK text has none and OCR
 *    often inserts them (`5 折` → `5折`, `全 场` → `全场`).
 */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(SPACE_BEFORE_CJK, '')
    .replace(SPACE_AFTER_CJK, '');
}
