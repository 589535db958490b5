/**
 * An uploaded image must decode, completely, under a pixel limit before any row
 * names it: a truncated or corrupt file answers 422 `image-unreadable`, one over
 * the limit 413 `image-too-large`. Decoding is the checks' own (checks/image-decode.ts),
 * scaled down to one pixel on the way so that memory stays small while every
 * byte of the file is still read.
 */
import { decodeImage, IMAGE_DECODE_DEFAULTS } from '../../checks/image-decode';
import { isCheckInputError } from '../../checks/errors';
import type { FileStorage } from '../../platform/storage/file-storage';
import { HttpProblem } from '../http/problem';

/** Sniffed MIME type → the sharp format that decodes it. Types not listed (PDF, PSD, SVG, …) are not images to verify. */
const DECODED_FORMATS: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/tiff': 'tiff',
};

/** Largest upload image when the app is not told otherwise, in megapixels. */
export const DEFAULT_MAX_IMAGE_MEGAPIXELS = IMAGE_DECODE_DEFAULTS.maxMegapixels;

export const imageUnreadable = (detail: string) => new HttpProblem(422, 'image-unreadable', 'Unprocessable content', detail);
export const imageTooLarge = (detail: string) => new HttpProblem(413, 'image-too-large', 'Payload too large', detail);

/** Resolves when the stored object is not an image, or is one that decodes within `maxMegapixels`; throws the problem otherwise. */
export async function verifyUploadedImage(storage: FileStorage, part: { name: string; mime: string; object: { key: string } }, maxMegapixels: number): Promise<void> {
  const format = DECODED_FORMATS[part.mime];
  if (!format) return;
  try {
    await decodeImage(await storage.localPath(part.object.key), { maxMegapixels, formats: [format], resizeTo: { width: 1, height: 1 }, name: `"${part.name}"` });
  } catch (error) {
    if (!isCheckInputError(error)) throw error;
    if (error.code === 'IMAGE_TOO_LARGE') throw imageTooLarge(`${error.message}.`);
    throw imageUnreadable(`${error.message}.`);
  }
}
