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

/**
 * Under this confidence of the product's (tesseract's) reading, the OCR check
 * also reads the image with PaddleOCR PP-OCRv4 and keeps that reading
 * (see {@link chooseWithSecondEngine}); measured on the OCR accuracy corpus
 * (docs/BENCHMARKS.md, "OCR accuracy").
 */
export const SECOND_ENGINE_BELOW_CONFIDENCE = 90;

/**
 * From this many megapixels (1080p pages and banners) the second engine is
 * asked only when tesseract found no letter or digit at all: on 1920×1080
 * images PaddleOCR took a median 6.0 s per image against tesseract's 1.8 s
 * (bench/ocr-large.bench.ts, docs/BENCHMARKS.md "OCR accuracy"), too slow for the
 * verdict whenever tesseract is merely unsure; where tesseract read nothing
 * (white on red) the check would fail anyway and PaddleOCR read it right.
 */
export const SECOND_ENGINE_LARGE_MEGAPIXELS = 1;

/**
 * Whether the check asks the second engine: not when it names Traditional
 * Chinese (`chi_tra`: PaddleOCR's dictionary is mostly simplified, 13.8% CER
 * against tesseract's 1.2% on the corpus); under
 * {@link SECOND_ENGINE_LARGE_MEGAPIXELS} when tesseract's reading is unsure
 * (confidence under {@link SECOND_ENGINE_BELOW_CONFIDENCE}); from it only when
 * tesseract read nothing.
 */
export function wantsSecondEngine(languages: readonly string[], reading: OcrReading, megapixels: number): boolean {
  if (languages.includes('chi_tra')) return false;
  if (megapixels >= SECOND_ENGINE_LARGE_MEGAPIXELS) return letterCount(reading.text) === 0;
  return reading.confidence < SECOND_ENGINE_BELOW_CONFIDENCE;
}

/**
 * Keeps the second engine's reading over tesseract's, unless it found no
 * letter or digit at all (then the second engine saw nothing, and tesseract's
 * reading, however unsure, is all there is).
 */
export function chooseWithSecondEngine<T extends OcrReading>(tesseract: T, second: T): T {
  return letterCount(second.text) > 0 ? second : tesseract;
}
