/**
 * Turns an untrusted image into what the OCR workers read: decoded with the
 * same guards as every check (pixel limit, `failOn: 'warning'`, format
 * allow-list), EXIF-rotated, flattened on white — one decode per file, shared
 * with the visual check (./shared-decode.ts) — re-encoded as a fast PNG.
 * Tesseract never sees a corrupt file this way. Two preparations
 * (chosen on the OCR accuracy corpus, docs/BENCHMARKS.md "OCR accuracy"):
 *  - `as-is`: the pixels unchanged, what plain tesseract.js reads (the first pass);
 *  - `grey-upscaled`: greyscale, scaled 2× when under `upscaleBelowMegapixels`
 *    (a retry when the first reading's confidence is low).
 */
import sharp from 'sharp';
import { IMAGE_DECODE_DEFAULTS, inputName, readImageBytes, type DecodeOptions, type ImageInput } from './image-decode';
import { fromSharpError } from './errors';
import { decodeSharedUnflattened } from './shared-decode';

/** What {@link prepareOcrImage} does to the pixels. */
export type OcrPreparation = 'as-is' | 'grey-upscaled';

/** Options of {@link prepareOcrImage}; see {@link OCR_PREPARE_DEFAULTS}. */
export interface OcrPrepareOptions extends DecodeOptions {
  /** `grey-upscaled` scales images under this many megapixels 2×. */
  upscaleBelowMegapixels?: number;
}

/**
 * Defaults of {@link prepareOcrImage}. On the corpus every image is under
 * 0.8 MP; the limit keeps a 1080p page (2.07 MP) from a 4× pixel count.
 */
export const OCR_PREPARE_DEFAULTS = {
  upscaleBelowMegapixels: 2,
} as const;

/** A PNG ready for tesseract, with its size and whether it was scaled. */
export interface PreparedOcrImage {
  png: Buffer;
  width: number;
  height: number;
  upscaled: boolean;
}

/** Prepares `input` for OCR; unusable input throws `CheckInputError` like `decodeImage`. */
export async function prepareOcrImage(input: ImageInput, preparation: OcrPreparation, options: OcrPrepareOptions = {}): Promise<PreparedOcrImage> {
  const name = inputName(input, options);
  const bytes = await readImageBytes(input, name);
  // decoded (guards, EXIF rotation, flattened on white) once per file, shared with the visual check of the same file
  const decoded = await decodeSharedUnflattened(bytes, { maxMegapixels: options.maxMegapixels, formats: options.formats, name });
  const megapixels = (decoded.width * decoded.height) / 1e6;
  const upscale = preparation === 'grey-upscaled' && megapixels < (options.upscaleBelowMegapixels ?? OCR_PREPARE_DEFAULTS.upscaleBelowMegapixels);
  try {
    const raw = sharp(decoded.data, { raw: { width: decoded.width, height: decoded.height, channels: 4 } });
    // flattened on white by libvips, as the OCR preparation always did (decodeImage's JS flattening rounds edges differently)
    let pipeline = decoded.transparent ? raw.flatten({ background: '#ffffff' }) : raw.removeAlpha();
    if (preparation === 'grey-upscaled') pipeline = pipeline.greyscale();
    if (upscale) pipeline = pipeline.resize({ width: decoded.width * 2, height: decoded.height * 2, kernel: 'lanczos3', fit: 'fill' });
    const { data, info } = await pipeline.png({ compressionLevel: 1, adaptiveFiltering: false }).toBuffer({ resolveWithObject: true });
    return { png: data, width: info.width, height: info.height, upscaled: upscale };
  } catch (error) {
    throw fromSharpError(error, name, options.maxMegapixels ?? IMAGE_DECODE_DEFAULTS.maxMegapixels);
  }
}
