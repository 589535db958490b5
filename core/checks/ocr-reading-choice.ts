/**
 * Which of several OCR readings of one image the OCR check keeps. Pure.
 * Chosen on the OCR accuracy corpus (docs/BENCHMARKS.md, "OCR accuracy"):
 *  - the most confident of the single-block readings;
 *  - except that the reading with automatic page segmentation wins when it finds
 *    clearly more text (≥ {@link MORE_TEXT_RATIO}× the letters and digits) at a
 *    confidence at most {@link CONFIDENCE_SLACK} lower: single-block
 *    segmentation reads a banner's headline confidently and drops its small
 *    footer, and confidence alone never shows it.
 */
import { normaliseText } from './text-normalise';

/** One reading: its text and tesseract's mean word confidence (0..100). */
export interface OcrReading {
  text: string;
  confidence: number;
}

/** Letters and digits needed over the best single-block reading for the automatic one to win. */
export const MORE_TEXT_RATIO = 1.2;
/** How much lower the automatic reading's confidence may be when it finds more text. */
export const CONFIDENCE_SLACK = 10;

/** Letters and digits in `text` after the OCR check's normalisation. */
export function letterCount(text: string): number {
  let n = 0;
  for (const ch of normaliseText(text)) if (/[\p{L}\p{N}]/u.test(ch)) n++;
  return n;
}

/**
 * Keeps the most confident of `blockReadings` (single-block segmentation,
 * first one first; ties keep the earlier), unless `autoReading` (automatic
 * segmentation) finds clearly more text (see above). On confidence alone the
 * automatic reading does not compete: on the corpus it read worse at equal or
 * higher confidence.
 */
export function chooseOcrReading<T extends OcrReading>(blockReadings: readonly T[], autoReading: T): T {
  let best = blockReadings[0] ?? autoReading;
  for (const reading of blockReadings) if (reading.confidence > best.confidence) best = reading;
  if (letterCount(autoReading.text) >= letterCount(best.text) * MORE_TEXT_RATIO && autoReading.confidence >= best.confidence - CONFIDENCE_SLACK) {
    return autoReading;
  }
  return best;
}
