/**
 * `mustContain` / `mustNotContain` rules of an OCR check, evaluated on
 * normalised text (see `normaliseText`). Pure: no I/O.
 */
import { normaliseText } from './text-normalise';

/** Why an OCR rule failed, with the phrase concerned. */
export interface OcrRuleReason {
  code: 'TEXT_MISSING' | 'TEXT_FORBIDDEN';
  /** The phrase as written in the SOP. */
  phrase: string;
  message: string;
}

/** The rules of an OCR check (as in `OcrCheckSpec`). */
export interface OcrRules {
  mustContain?: readonly string[];
  mustNotContain?: readonly string[];
}

/** Outcome of {@link evaluateOcrRules}. */
export interface OcrRulesResult {
  passed: boolean;
  reasons: OcrRuleReason[];
}

/**
 * Checks that every `mustContain` phrase occurs in `text` and no `mustNotContain`
 * phrase does, ignoring width (全角/半角), case and all spacing (OCR both adds
 * and drops spaces: `5 折`, `DeskLamp`). Empty phrases are skipped.
 *
 * `text` may be several readings of one image (the OCR check's two engines):
 * a required phrase counts as found when any reading has it, a forbidden one
 * as present when any reading has it. So a second reading never loses a
 * phrase the first one found, nor hides a forbidden one it saw.
 */
export function evaluateOcrRules(text: string | readonly string[], rules: OcrRules): OcrRulesResult {
  const haystacks = (typeof text === 'string' ? [text] : text).map(fold);
  const found = (needle: string): boolean => haystacks.some((h) => h.includes(needle));
  const reasons: OcrRuleReason[] = [];
  for (const phrase of rules.mustContain ?? []) {
    const needle = fold(phrase);
    if (needle && !found(needle)) {
      reasons.push({ code: 'TEXT_MISSING', phrase, message: `Required text "${phrase}" was not found in the image` });
    }
  }
  for (const phrase of rules.mustNotContain ?? []) {
    const needle = fold(phrase);
    if (needle && found(needle)) {
      reasons.push({ code: 'TEXT_FORBIDDEN', phrase, message: `Forbidden text "${phrase}" appears in the image` });
    }
  }
  return { passed: reasons.length === 0, reasons };
}

/** {@link normaliseText} without any spaces. */
function fold(text: string): string {
  return normaliseText(text).replace(/ /g, '');
}
