/**
 * Decoding untrusted image files into RGBA buffers with sharp, safely:
 * a pixel limit, `failOn: 'warning'` (truncated files fail instead of decoding
 * half an image), EXIF orientation applied, sRGB, transparency flattened on white.
 */
import { readFile } from 'node:fs/promises';
import sharp, { type Metadata, type Sharp } from 'sharp';
import { flattenOnWhite } from '../core/checks/flatten-alpha';
import { CheckInputError, fromSharpError, formatMegapixels } from './errors';

/** A file path or the file's bytes. */
export type ImageInput = string | Buffer | Uint8Array;

/** A decoded image: 8-bit RGBA, row-major. `format` is the sniffed source format. */
export interface DecodedImage {
  data: Buffer;
  width: number;
  height: number;
  format: string;
}

/** Options of {@link decodeImage}; see {@link IMAGE_DECODE_DEFAULTS}. */
export interface DecodeOptions {
  /** Largest accepted image, in megapixels (width × height / 1,000,000). */
  maxMegapixels?: number;
  /** Accepted source formats as sharp names them (content is sniffed, the file name is not trusted). */
  formats?: readonly string[];
  /** Scale to exactly this size (aspect ratio not kept) after decoding. */
  resizeTo?: { width: number; height: number };
  /** How the input is named in error messages (defaults to the path, or `image`). */
  name?: string;
}

/** Defaults of {@link decodeImage}, the one place they are set. */
export const IMAGE_DECODE_DEFAULTS = {
  maxMegapixels: 40,
  formats: ['png', 'jpeg', 'webp'] as readonly string[],
} as const;

/** How `input` is named in messages: `options.name`, else its path, else `image`. */
export function inputName(input: ImageInput, options: DecodeOptions): string {
  return options.name ?? (typeof input === 'string' ? input : 'image');
}

/** Reads a path (or passes bytes through); unreadable or empty input is a `CheckInputError`. */
export async function readImageBytes(input: ImageInput, name: string): Promise<Buffer> {
  let bytes: Buffer;
  if (typeof input === 'string') {
    try {
      bytes = await readFile(input);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : code ?? 'cannot read';
      throw new CheckInputError('FILE_UNREADABLE', `${name}: ${why}`, { cause: error });
    }
  } else {
    bytes = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  }
  if (bytes.length === 0) throw new CheckInputError('IMAGE_EMPTY', `${name}: file is empty (0 bytes)`);
  return bytes;
}

/** What {@link inspectImage} learnt from a header that passed the guards. */
export interface ImageHeader {
  format: string;
  /** Size as displayed, i.e. after EXIF orientation. */
  width: number;
  height: number;
  /** The `limitInputPixels` value to decode this file with. */
  limitInputPixels: number;
  /** Steps the file needs (skipped when not: each costs a pass over the pixels). */
  needs: { rotate: boolean; flatten: boolean; toSrgb: boolean };
}

/**
 * Reads the header only (cheap) and applies the guards every decode needs:
 * a known, accepted format and at most `maxMegapixels`. Messages carry the
 * real size and format.
 */
export async function inspectImage(bytes: Buffer, name: string, options: DecodeOptions = {}): Promise<ImageHeader> {
  const maxMegapixels = options.maxMegapixels ?? IMAGE_DECODE_DEFAULTS.maxMegapixels;
  const formats = options.formats ?? IMAGE_DECODE_DEFAULTS.formats;
  const limitInputPixels = Math.floor(maxMegapixels * 1_000_000);
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw fromSharpError(error, name, maxMegapixels);
  }
  const format = meta.format ?? 'unknown';
  const { width, height } = meta.autoOrient ?? { width: meta.width ?? 0, height: meta.height ?? 0 };
  if (width * height > limitInputPixels) {
    throw new CheckInputError('IMAGE_TOO_LARGE',
      `${name}: image is ${width}×${height} (${formatMegapixels((width * height) / 1e6)}), over the ${formatMegapixels(maxMegapixels)} limit`);
  }
  if (!formats.includes(format)) {
    throw new CheckInputError('IMAGE_UNSUPPORTED_FORMAT',
      `${name}: ${format.toUpperCase()} images are not accepted (${formats.map((f) => f.toUpperCase()).join(', ')} expected)`);
  }
  const needs = {
    rotate: (meta.orientation ?? 1) > 1,
    flatten: meta.hasAlpha === true,
    toSrgb: meta.space !== 'srgb' || meta.depth !== 'uchar',
  };
  return { format, width, height, limitInputPixels, needs };
}

/**
 * A sharp pipeline over checked bytes: pixel limit, `failOn: 'warning'`, EXIF
 * orientation applied, 8-bit sRGB (each step only when the header says it is
 * needed). With `flatten`, transparency is flattened on white here; raw RGBA
 * decoding flattens in JS instead (see {@link decodeImage}), which is faster.
 */
export function safeImagePipeline(bytes: Buffer, header: ImageHeader, flatten = true): Sharp {
  let pipeline = sharp(bytes, { limitInputPixels: header.limitInputPixels, failOn: 'warning' });
  if (header.needs.rotate) pipeline = pipeline.rotate();
  if (header.needs.toSrgb) pipeline = pipeline.toColourspace('srgb');
  if (flatten && header.needs.flatten) pipeline = pipeline.flatten({ background: '#ffffff' });
  return pipeline;
}

/** RGBA as decoded, before transparency is flattened (`transparent`: the file has an alpha channel to flatten). */
export interface UnflattenedImage extends DecodedImage {
  transparent: boolean;
}

/**
 * Decodes `input` to RGBA with every guard of {@link decodeImage} but leaves
 * transparency as it is: {@link decodeImage} flattens it in JS, the OCR
 * preparation in libvips (checks/shared-decode.ts shares one decode between them).
 */
export async function decodeUnflattened(input: ImageInput, options: DecodeOptions = {}): Promise<UnflattenedImage> {
  const name = inputName(input, options);
  const bytes = await readImageBytes(input, name);
  const header = await inspectImage(bytes, name, options);
  try {
    const { data, info } = await safeImagePipeline(bytes, header, false).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, format: header.format, transparent: header.needs.flatten };
  } catch (error) {
    throw fromSharpError(error, name, options.maxMegapixels ?? IMAGE_DECODE_DEFAULTS.maxMegapixels);
  }
}

/**
 * Decodes `input` to RGBA. Throws `CheckInputError` with code
 * `FILE_UNREADABLE`, `IMAGE_EMPTY`, `IMAGE_UNSUPPORTED_FORMAT` (not an image, or a
 * format outside `formats`), `IMAGE_TOO_LARGE` (over `maxMegapixels`) or
 * `IMAGE_DECODE_FAILED` (corrupt or truncated).
 */
export async function decodeImage(input: ImageInput, options: DecodeOptions = {}): Promise<DecodedImage> {
  if (!options.resizeTo) {
    const { data, width, height, format, transparent } = await decodeUnflattened(input, options);
    if (transparent) flattenOnWhite(data);
    return { data, width, height, format };
  }
  const name = inputName(input, options);
  const bytes = await readImageBytes(input, name);
  const header = await inspectImage(bytes, name, options);
  try {
    // resizing must see the flattened image (transparent edges would blend towards black)
    const { data, info } = await safeImagePipeline(bytes, header, true)
      .resize(options.resizeTo.width, options.resizeTo.height, { fit: 'fill' })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, format: header.format };
  } catch (error) {
    throw fromSharpError(error, name, options.maxMegapixels ?? IMAGE_DECODE_DEFAULTS.maxMegapixels);
  }
}
