/**
 * The type of a file from its first bytes (the declared type and the file
 * name are not trusted). Pure. Covers what outsourced deliverables are made of.
 */
export interface SniffedType {
  mime: string;
  ext: string;
}

const startsWith = (head: Uint8Array, bytes: number[], offset = 0): boolean =>
  head.length >= offset + bytes.length && bytes.every((b, i) => head[offset + i] === b);

const ascii = (head: Uint8Array, text: string, offset = 0): boolean =>
  startsWith(head, [...text].map((c) => c.charCodeAt(0)), offset);

/** Undefined when the bytes match no known type. */
export function sniffType(head: Uint8Array): SniffedType | undefined {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mime: 'image/png', ext: 'png' };
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { mime: 'image/jpeg', ext: 'jpg' };
  if (ascii(head, 'GIF87a') || ascii(head, 'GIF89a')) return { mime: 'image/gif', ext: 'gif' };
  if (ascii(head, 'RIFF') && ascii(head, 'WEBP', 8)) return { mime: 'image/webp', ext: 'webp' };
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return { mime: 'image/tiff', ext: 'tif' };
  if (ascii(head, '%PDF-')) return { mime: 'application/pdf', ext: 'pdf' };
  if (ascii(head, '8BPS')) return { mime: 'image/vnd.adobe.photoshop', ext: 'psd' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return { mime: 'application/zip', ext: 'zip' };
  if (ascii(head, 'ftyp', 4) && (ascii(head, 'avif', 8) || ascii(head, 'avis', 8))) return { mime: 'image/avif', ext: 'avif' };
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(0, 512)).trimStart().toLowerCase();
  if (text.startsWith('<svg') || (text.startsWith('<?xml') && text.includes('<svg'))) return { mime: 'image/svg+xml', ext: 'svg' };
  return undefined;
}

/** Whether a sniffed MIME type is accepted by a list such as `["image/png", "image/*"]` (empty list accepts all). */
export function isAccepted(mime: string, accept: readonly string[] | undefined): boolean {
  if (!accept || accept.length === 0) return true;
  return accept.some((a) => a === mime || (a.endsWith('/*') && mime.startsWith(a.slice(0, -1))));
}
