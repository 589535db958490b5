/**
 * Decoded images shared by the checks of one file in this process: a submission's
 * visual and OCR checks start at once on the same worker and would each decode the
 * same upload. The first caller decodes; the others, asking for the same bytes with
 * the same options, get the same result (or the same CheckInputError). Kept briefly
 * (`SHARED_DECODE_TTL_MS`, at most `SHARED_DECODE_ENTRIES` images — a 1080p image is
 * 8 MB of RGBA). Callers must not write into `data`: it is shared.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../platform/audit/canonical-json';
import { flattenOnWhite } from '../core/checks/flatten-alpha';
import { decodeUnflattened, IMAGE_DECODE_DEFAULTS, type DecodedImage, type DecodeOptions, type UnflattenedImage } from './image-decode';

export const SHARED_DECODE_TTL_MS = 30_000;
export const SHARED_DECODE_ENTRIES = 6;

const entries = new Map<string, { image: Promise<UnflattenedImage>; at: number }>();
let decodes = 0;

/**
 * {@link decodeUnflattened} of `bytes`, shared with every caller asking for the same bytes and
 * options meanwhile (`resizeTo` is not supported: decode such images with `decodeImage`).
 */
export function decodeSharedUnflattened(bytes: Buffer, options: Omit<DecodeOptions, 'resizeTo'> = {}): Promise<UnflattenedImage> {
  const now = Date.now();
  for (const [key, entry] of entries) if (now - entry.at > SHARED_DECODE_TTL_MS) entries.delete(key);
  const key = createHash('sha256')
    .update(bytes)
    .update(canonicalJson({ max: options.maxMegapixels ?? IMAGE_DECODE_DEFAULTS.maxMegapixels, formats: options.formats ?? null }))
    .digest('hex');
  const found = entries.get(key);
  if (found) return found.image;
  decodes += 1;
  const image = decodeUnflattened(bytes, options);
  entries.set(key, { image, at: now });
  image.catch(() => entries.delete(key));
  while (entries.size > SHARED_DECODE_ENTRIES) entries.delete(entries.keys().next().value!);
  return image;
}

/**
 * `decodeImage` of `bytes` through the shared decode: the shared pixels themselves when the
 * file has no alpha channel, else a copy flattened on white (as `decodeImage` flattens).
 */
export async function decodeShared(bytes: Buffer, options: Omit<DecodeOptions, 'resizeTo'> = {}): Promise<DecodedImage> {
  const { data, width, height, format, transparent } = await decodeSharedUnflattened(bytes, options);
  if (!transparent) return { data, width, height, format };
  const flat = Buffer.from(data);
  flattenOnWhite(flat);
  return { data: flat, width, height, format };
}

/** Decodes run so far (a shared result counts once): for tests. */
export function sharedDecodeCount(): number {
  return decodes;
}

/** Forgets every kept image (tests). */
export function clearSharedDecodes(): void {
  entries.clear();
}
