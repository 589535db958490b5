/**
 * What the browser may be shown of a stored file. Only passive raster images
 * (PNG, JPEG, GIF, WebP) are ever served for display; everything else, SVG
 * first (it can carry script), is "active content": downloaded as an
 * attachment, never rendered by the browser as a document. An SVG (or TIFF)
 * is shown as a PNG that the server renders (sharp/librsvg, from the bytes
 * alone: no file path is given, so the SVG cannot pull in other stored files).
 */
import sharp from 'sharp';
import type { FileStorage } from '../../platform/storage/file-storage';
import { HttpProblem } from '../http/problem';

/** Types a browser displays without running anything: served as they are. */
export const PASSIVE_IMAGE_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** Types the server renders to PNG for display. */
const RENDERED_TYPES: ReadonlySet<string> = new Set(['image/svg+xml', 'image/tiff']);

/** Largest side of a rendered preview, in pixels. */
export const PREVIEW_MAX_SIDE = 2048;

export const isActiveContent = (mime: string): boolean => !PASSIVE_IMAGE_TYPES.has(mime);

export const noPreview = (mime: string) =>
  new HttpProblem(415, 'no-preview', 'Unsupported media type', `A ${mime} file has no preview; download it with /content?download=true.`);
const previewFailed = (detail: string) => new HttpProblem(422, 'preview-failed', 'Unprocessable content', `The file cannot be rendered: ${detail}.`);

export interface Preview {
  mime: string;
  /** The stored bytes (passive images) or the rendered PNG. */
  body: { stream: NodeJS.ReadableStream } | { bytes: Buffer };
}

/** The preview of a blob, or 415 `no-preview` for types that have none. */
export async function previewOf(storage: FileStorage, blob: { mime: string; storageKey: string }, maxMegapixels: number): Promise<Preview> {
  if (PASSIVE_IMAGE_TYPES.has(blob.mime)) return { mime: blob.mime, body: { stream: storage.open(blob.storageKey) } };
  if (!RENDERED_TYPES.has(blob.mime)) throw noPreview(blob.mime);
  const bytes = await readAll(storage.open(blob.storageKey));
  try {
    const png = await sharp(bytes, { limitInputPixels: Math.floor(maxMegapixels * 1_000_000), failOn: 'error' })
      .resize({ width: PREVIEW_MAX_SIDE, height: PREVIEW_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .png()
      .toBuffer();
    return { mime: 'image/png', body: { bytes: png } };
  } catch (error) {
    throw previewFailed((error as Error).message.split('\n')[0]!.slice(0, 200));
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
