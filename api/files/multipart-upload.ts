/**
 * Streams a multipart request into content-addressed storage. Each file part
 * is size-limited while it streams (413), typed by its bytes (415 when the
 * target does not accept it), images must decode fully under a pixel limit
 * (422 `image-unreadable`, 413 `image-too-large`), and only when every part is fine are the
 * database rows written, in one transaction. On any failure, bytes this
 * request added are removed and no row exists.
 */
import busboy from 'busboy';
import type { Request } from 'express';
import type { AppDeps } from '../deps';
import type { AuthUser } from '../auth/auth-user';
import { isAccepted, sniffType } from '../../core/files/sniff';
import { sanitizeUploadName } from '../../core/naming/sanitize';
import { FileTooLargeError, type StoredObject } from '../../platform/storage/file-storage';
import { badRequest, payloadTooLarge, unsupportedMediaType } from '../http/problem';
import { DEFAULT_MAX_IMAGE_MEGAPIXELS, verifyUploadedImage } from './verify-image';
import type { Prisma } from '../../platform/db/prisma-types';

export interface UploadRule {
  maxBytes: number;
  accept?: string[];
}

export interface UploadedPart {
  field: string;
  name: string;
  object: StoredObject;
  mime: string;
}

export interface ParsedUpload {
  parts: UploadedPart[];
  fields: Record<string, string>;
  /** Writes FileBlob + StoredFile rows for every part in `tx`; returns field → stored file id. */
  commit(tx: Prisma.TransactionClient, owner: { userId: string; orgId: string }): Promise<Record<string, { id: string; sha256: string; size: number; mime: string; name: string }>>;
  /** Undoes the bytes this request added (call when the rows will not be written). */
  discard(): Promise<void>;
}

const MAX_FIELDS = 20;
const MAX_FILES = 20;

export async function parseUpload(deps: AppDeps, req: Request, ruleFor: (field: string) => UploadRule | 'unknown'): Promise<ParsedUpload> {
  if (!req.is('multipart/form-data')) throw unsupportedMediaType('Send files as multipart/form-data.');
  const parts: UploadedPart[] = [];
  const fields: Record<string, string> = {};
  const discard = async () => {
    await Promise.all(parts.filter((p) => p.object.created).map((p) => deps.storage.remove(p.object.key).catch(() => undefined)));
  };
  const pending: Array<Promise<void>> = [];
  let failure: unknown;
  await new Promise<void>((resolve) => {
    let bb: busboy.Busboy;
    try {
      // Browsers send file names as raw UTF-8 (busboy's default, latin1, garbles 首页横幅.png).
      bb = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: MAX_FILES, fields: MAX_FIELDS, fieldSize: 64 * 1024, parts: MAX_FILES + MAX_FIELDS } });
    } catch (error) {
      failure = badRequest(`The multipart body cannot be read: ${(error as Error).message}`);
      resolve();
      return;
    }
    bb.on('file', (field, stream, info) => {
      const rule = ruleFor(field);
      if (rule === 'unknown' || failure) {
        failure ??= badRequest(`Unexpected file part "${field}".`, [{ path: `body/${field}`, message: 'not a deliverable of this step' }]);
        stream.resume();
        return;
      }
      const name = sanitizeUploadName(info.filename ?? '');
      if (!name) {
        failure ??= badRequest(`The file in part "${field}" has no usable name.`, [{ path: `body/${field}`, message: 'file name missing' }]);
        stream.resume();
        return;
      }
      let mime = 'application/octet-stream';
      pending.push(
        deps.storage
          .put(stream, {
            maxBytes: rule.maxBytes,
            inspect: (head, size) => {
              if (size === 0) throw badRequest(`The file "${name}" is empty.`, [{ path: `body/${field}`, message: 'empty file' }]);
              const sniffed = sniffType(head);
              mime = sniffed?.mime ?? 'application/octet-stream';
              if (!isAccepted(mime, rule.accept)) {
                throw unsupportedMediaType(`"${name}" is ${sniffed ? mime : 'of an unrecognised type'}; accepted: ${(rule.accept ?? []).join(', ')}.`);
              }
            },
          })
          .then((object) => {
            parts.push({ field, name, object, mime });
          })
          .catch((error: unknown) => {
            failure ??= error instanceof FileTooLargeError ? payloadTooLarge(`"${name}" is larger than ${rule.maxBytes} bytes.`) : error;
          }),
      );
    });
    bb.on('field', (field, value, info) => {
      if (info.valueTruncated) failure ??= badRequest(`Field "${field}" is too long.`);
      fields[field] = value;
    });
    bb.on('filesLimit', () => (failure ??= badRequest(`At most ${MAX_FILES} files per request.`)));
    bb.on('fieldsLimit', () => (failure ??= badRequest(`At most ${MAX_FIELDS} fields per request.`)));
    bb.on('error', (error: Error) => {
      failure ??= badRequest(`The multipart body is malformed: ${error.message}`);
      resolve();
    });
    bb.on('close', () => resolve());
    req.on('aborted', () => {
      failure ??= badRequest('The upload was aborted.');
      resolve();
    });
    req.pipe(bb);
  });
  await Promise.allSettled(pending);
  // Only when every part arrived: images must decode (no row may name a corrupt or huge one).
  if (!failure) {
    const maxMegapixels = deps.maxImageMegapixels ?? DEFAULT_MAX_IMAGE_MEGAPIXELS;
    for (const part of parts) {
      try {
        await verifyUploadedImage(deps.storage, part, maxMegapixels);
      } catch (error) {
        failure = error;
        break;
      }
    }
  }
  if (failure) {
    await discard();
    throw failure;
  }
  return {
    parts,
    fields,
    discard,
    async commit(tx, owner) {
      const out: Record<string, { id: string; sha256: string; size: number; mime: string; name: string }> = {};
      for (const part of parts) {
        const { sha256, size } = part.object;
        await tx.fileBlob.upsert({ where: { sha256 }, create: { sha256, size, mime: part.mime, storageKey: part.object.key }, update: {} });
        const stored = await tx.storedFile.create({ data: { sha256, originalName: part.name, uploadedById: owner.userId, orgId: owner.orgId } });
        out[part.field] = { id: stored.id, sha256, size, mime: part.mime, name: part.name };
      }
      return out;
    },
  };
}

export function ownerOf(user: AuthUser): { userId: string; orgId: string } {
  return { userId: user.id, orgId: user.orgId };
}
