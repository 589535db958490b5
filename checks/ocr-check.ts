/**
 * The OCR check as Node runs it: recognise the draft's text, apply
 * `mustContain` / `mustNotContain`, and optionally compare with the text of the
 * reference design. Rules and diff come from the pure core. A check that
 * compares with the reference reads both images with tesseract alone (no
 * second engine), so that the diff shows the files' differences, not the
 * engines'.
 */
import { evaluateOcrRules, type OcrRuleReason } from '../core/checks/ocr-rules';
import { diffText, type TextDiffOp, type TextDiffResult } from '../core/checks/text-diff';
import { CheckInputError } from './errors';
import type { ImageInput } from './image-decode';
import type { OcrLanguage } from './ocr-languages';
import type { OcrPool } from './ocr-pool';

/** Why an OCR check failed. */
export type OcrCheckReason =
  | OcrRuleReason
  | { code: 'TEXT_DIFFERS_FROM_REFERENCE'; message: string; changes: TextChange[] };

/** One change of the draft's text against the reference's. */
export interface TextChange {
  /** Text of the reference that is missing or replaced in the draft ('' for an addition). */
  expected: string;
  /** Text of the draft that is new or replaces it ('' for a removal). */
  found: string;
}

/** Input of {@link runOcrCheck}. The check fields match `OcrCheckSpec`. */
export interface OcrCheckInput {
  pool: OcrPool;
  draft: ImageInput;
  draftName?: string;
  /** The reference design, OCR'd when `compareWithReference` is set and no `referenceText` is given. */
  reference?: ImageInput;
  referenceName?: string;
  /** The reference's text, if already known (e.g. OCR'd once per job). */
  referenceText?: string;
  languages?: readonly OcrLanguage[];
  mustContain?: readonly string[];
  mustNotContain?: readonly string[];
  compareWithReference?: boolean;
}

/** Outcome of {@link runOcrCheck}. */
export interface OcrCheckResult {
  passed: boolean;
  reasons: OcrCheckReason[];
  text: string;
  confidence: number;
  languages: OcrLanguage[];
  /** Present when compared with the reference. */
  comparison?: TextDiffResult & { referenceText: string };
}

/** Largest number of changes listed in a reason's message. */
const CHANGES_IN_MESSAGE = 5;

/**
 * Runs an OCR check. Unusable images or options throw `CheckInputError`;
 * `compareWithReference` without a reference is an `INVALID_OPTION`.
 */
export async function runOcrCheck(input: OcrCheckInput): Promise<OcrCheckResult> {
  if (input.compareWithReference && input.referenceText === undefined && input.reference === undefined) {
    throw new CheckInputError('INVALID_OPTION', 'compareWithReference needs a reference image or its text');
  }
  const languages = input.languages;
  const draftName = input.draftName ?? (typeof input.draft === 'string' ? input.draft : 'draft');
  const referenceName = input.referenceName ?? (typeof input.reference === 'string' ? input.reference : 'reference');
  const needReferenceOcr = input.compareWithReference && input.referenceText === undefined;
  // Compared texts come from one engine, tesseract: PaddleOCR read one banner differently in two encodings
  // (OFP and c0m in the PNG, OFF and com in its JPEG), and a side read by each engine differs by the engines.
  const secondEngine = !input.compareWithReference;
  const [draft, referenceText] = await Promise.all([
    input.pool.recognize(input.draft, languages, { name: draftName, secondEngine }),
    needReferenceOcr
      ? input.pool.recognize(input.reference!, languages, { name: referenceName, secondEngine }).then((r) => r.text)
      : Promise.resolve(input.referenceText),
  ]);

  // where PaddleOCR's reading replaced tesseract's, the rules look in both (a phrase either engine read counts)
  const rules = evaluateOcrRules(draft.tesseractText === undefined ? draft.text : [draft.text, draft.tesseractText], input);
  const reasons: OcrCheckReason[] = [...rules.reasons];
  let comparison: OcrCheckResult['comparison'];
  if (input.compareWithReference && referenceText !== undefined) {
    comparison = { ...diffText(referenceText, draft.text), referenceText };
    if (!comparison.identical) {
      const changes = toChanges(comparison.ops);
      const listed = changes.slice(0, CHANGES_IN_MESSAGE).map((c) => `"${c.expected}" → "${c.found}"`).join(', ');
      const more = changes.length > CHANGES_IN_MESSAGE ? ` and ${changes.length - CHANGES_IN_MESSAGE} more` : '';
      reasons.push({ code: 'TEXT_DIFFERS_FROM_REFERENCE', message: `Text differs from the reference: ${listed}${more}`, changes });
    }
  }
  const { text, confidence, languages: used } = draft;
  return { passed: reasons.length === 0, reasons, text, confidence, languages: used, ...(comparison ? { comparison } : {}) };
}

/** Pairs each deletion with the insertion that follows it (a replacement). */
export function toChanges(ops: readonly TextDiffOp[]): TextChange[] {
  const changes: TextChange[] = [];
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    if (op.op === 'equal') continue;
    if (op.op === 'delete' && ops[i + 1]?.op === 'insert') {
      changes.push({ expected: op.text, found: ops[i + 1]!.text });
      i++;
    } else {
      changes.push(op.op === 'delete' ? { expected: op.text, found: '' } : { expected: '', found: op.text });
    }
  }
  return changes;
}
