/**
 * Turns an untrusted image into what the OCR workers read: decoded with the
 * same guards as every check (pixel limit, `failOn: 'warning'`, format
 * allow-list), EXIF-rotated, flattened on white — one decode per file, shared
 * with the visual check (./shared-decode.ts) — re-encoded as a fast PNG.
 * Tesseract never sees a corrupt file this way. Tesseract gets a PNM
 * (binary PGM/PPM: header and raw samples — read by Leptonica without
 * inflating, ~0.1 s less per 1080p image than the PNG, same text); PaddleOCR
 * gets a PNG. Two preparations
 * (chosen on the OCR accuracy corpus, docs/BENCHMARKS.md "OCR accuracy"):
 *  - `as-is`: the pixels unchanged, what plain tesseract.js reads (the first pass);
 *  - `grey-upscaled`: greyscale, scaled 2× when under `upscaleBelowMegapixels`
 *    (a retry when the first reading's confidence is low).
 */
import sharp, { type OutputInfo } from 'sharp';
import { IMAGE_DECODE_DEFAULTS, inputName, readImageBytes, type DecodeOptions, type ImageInput } from './image-decode';
import { fromSharpError } from './errors';
import { decodeSharedUnflattened } from './shared-decode';

/** What {@link prepareOcrImage} does to the pixels. */
export type OcrPreparation = 'as-is' | 'grey-upscaled';

/** Options of {@link prepareOcrImage}; see {@link OCR_PREPARE_DEFAULTS}. */
export interface OcrPrepareOptions extends DecodeOptions {
  /** `grey-upscaled` scales images under this many megapixels 2×. */
  upscaleBelowMegapixels?: number;
  /** How the pixels are handed over (default `png`; `pnm` falls back to `png` past {@link PNM_MAX_SIDE}). */
  format?: OcrImageFormat;
}

/** `pnm`: binary PGM (greyscale) or PPM (colour), for tesseract; `png` for everything else. */
export type OcrImageFormat = 'png' | 'pnm';

/**
 * Defaults of {@link prepareOcrImage}. On the corpus every image is under
 * 0.8 MP; the limit keeps a 1080p page (2.07 MP) from a 4× pixel count.
 */
export const OCR_PREPARE_DEFAULTS = {
  upscaleBelowMegapixels: 2,
} as const;

/** An image ready for OCR, with its size and whether it was scaled. */
export interface PreparedOcrImage {
  /** The encoded image, in `format`. */
  image: Buffer;
  format: OcrImageFormat;
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
  const outWidth = upscale ? decoded.width * 2 : decoded.width;
  const outHeight = upscale ? decoded.height * 2 : decoded.height;
  // Leptonica reads no PNM wider or taller than PNM_MAX_SIDE: such (odd) images go to tesseract as a PNG
  const format = options.format === 'pnm' && Math.max(outWidth, outHeight) <= PNM_MAX_SIDE ? 'pnm' : 'png';
  let encoded: { data: Buffer; info: OutputInfo };
  try {
    const raw = sharp(decoded.data, { raw: { width: decoded.width, height: decoded.height, channels: 4 } });
    // flattened on white by libvips, as the OCR preparation always did (decodeImage's JS flattening rounds edges differently)
    let pipeline = decoded.transparent ? raw.flatten({ background: '#ffffff' }) : raw.removeAlpha();
    if (preparation === 'grey-upscaled') pipeline = pipeline.greyscale();
    if (upscale) pipeline = pipeline.resize({ width: outWidth, height: outHeight, kernel: 'lanczos3', fit: 'fill' });
    encoded = await (format === 'pnm' ? pipeline.raw() : pipeline.png({ compressionLevel: 1, adaptiveFiltering: false })).toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw fromSharpError(error, name, options.maxMegapixels ?? IMAGE_DECODE_DEFAULTS.maxMegapixels);
  }
  const { data, info } = encoded;
  // outside the try: a wrong sample count is this code's fault, never reported as the vendor's corrupt file
  const image = format === 'pnm' ? pnm(data, info.width, info.height, info.channels) : data;
  return { image, format, width: info.width, height: info.height, upscaled: upscale };
}

/** The widest or tallest PNM Leptonica reads (MAX_PNM_WIDTH / MAX_PNM_HEIGHT in its pnmio.c). */
export const PNM_MAX_SIDE = 100_000;

/**
 * Header bytes before the samples. tesseract.js looks for an EXIF orientation
 * tag in the first 500 bytes of whatever it is given (and rotates the image
 * when it finds one): a comment line fills them, so no pixel values can pass for one.
 */
export const PNM_HEADER_PAD = 512;

/** Binary PGM (1 channel) or PPM (3 channels) of 8-bit raw samples, header padded to {@link PNM_HEADER_PAD}. */
export function pnm(samples: Buffer, width: number, height: number, channels: number): Buffer {
  if (channels !== 1 && channels !== 3) throw new Error(`pnm: ${channels} channels (1 or 3 expected)`);
  if (samples.length !== width * height * channels) throw new Error(`pnm: ${samples.length} bytes for ${width}×${height}×${channels}`);
  const head = `${channels === 1 ? 'P5' : 'P6'}\n`;
  const size = `\n${width} ${height}\n255\n`;
  const comment = `#${' '.repeat(Math.max(0, PNM_HEADER_PAD - head.length - size.length - 1))}`;
  return Buffer.concat([Buffer.from(head + comment + size, 'latin1'), samples]);
}
