/**
 * Streams a multipart request into content-addressed storage. The route has
 * already authorised the caller and decided which parts it takes (the policy):
 * the first unknown or repeated part stops the upload (422 `part-unknown`,
 * `part-repeated`) before any of its bytes are stored, and so does a request
 * over its total (413 `request-too-large`, refused up front from
 * Content-Length). Each file part is size-limited while it streams (413),
 * typed by its bytes (415 when the target does not accept it), images must
 * decode fully under a pixel limit (422 `image-unreadable`, 413
 * `image-too-large`), and only when every part is fine are the database rows
 * written, in one transaction (with the organisation's storage quota checked
 * under its lock, 422 `storage-quota-exceeded`). On any failure, bytes this
 * request added are removed and no row exists (platform/storage/blob-lifecycle.ts).
 */
import busboy from 'busboy';
import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import type { Request } from 'express';
import type { AppDeps } from '../deps';
import type { AuthUser } from '../auth/auth-user';
import { isAccepted, sniffType } from '../../core/files/sniff';
import { sanitizeUploadName } from '../../core/naming/sanitize';
import { textNotStorable, unstorableTextFields } from '../http/input-rules';
import { FileTooLargeError, type StoredObject } from '../../platform/storage/file-storage';
import { badRequest, HttpProblem, payloadTooLarge, unprocessable, unsupportedMediaType } from '../http/problem';
import { lockBlob, releaseCreatedBlobs } from '../../platform/storage/blob-lifecycle';
import { assertWithinQuota, type StorageQuota } from './storage-quota';
import { orgUploadLimitOf } from './org-upload-limit';
import { DEFAULT_MAX_IMAGE_MEGAPIXELS, verifyUploadedImage } from './verify-image';
import type { Prisma } from '../../platform/db/prisma-types';

export interface UploadRule {
  maxBytes: number;
  accept?: string[];
}

/** What one request may carry, decided before its body is read. */
export interface UploadPolicy {
  /** The file parts the request may carry, by part name (any other stops the upload with 422 `part-unknown`). */
  files: Readonly<Record<string, UploadRule>>;
  /** Text parts the route reads (others are refused like unknown file parts). */
  textFields: readonly string[];
  /** Largest request body in bytes (all parts and multipart framing). */
  maxRequestBytes: number;
  /** The uploader's organisation: it may have only so many uploads in flight (api/files/org-upload-limit.ts). */
  orgId: string;
  /** The uploader organisation's storage quota, checked again when the rows are written. */
  quota?: StorageQuota;
}

export interface UploadedPart {
  field: string;
  name: string;
  object: StoredObject;
  mime: string;
}

export interface CommittedFile {
  id: string;
  sha256: string;
  size: number;
  mime: string;
  name: string;
}

export interface ParsedUpload {
  parts: UploadedPart[];
  fields: Record<string, string>;
  /** Writes FileBlob + StoredFile rows for every part in `tx`; returns field → stored file. */
  commit(tx: Prisma.TransactionClient, owner: { userId: string; orgId: string }): Promise<Record<string, CommittedFile>>;
  /**
   * Undoes the blobs this request created (call when the rows will not be written, or after
   * deleting the StoredFile rows of a refused submission): rows no file names and their bytes.
   */
  discard(): Promise<void>;
}

const MAX_FIELDS = 20;
const MAX_FILES = 20;

export const requestTooLarge = (limit: number) => new HttpProblem(413, 'request-too-large', 'Payload too large', `The request body is larger than ${limit} bytes (UPLOAD_MAX_REQUEST_BYTES); send fewer or smaller files.`);
export const partUnknown = (field: string, expected: string) =>
  unprocessable('part-unknown', `Unexpected part "${field}"; this request takes ${expected}.`, [{ path: `body/${field}`, message: 'not a part of this request' }]);
export const partRepeated = (field: string) =>
  unprocessable('part-repeated', `Part "${field}" was sent more than once; send each part once.`, [{ path: `body/${field}`, message: 'repeated' }]);
const fileStoreChanged = () => new HttpProblem(503, 'file-store-changed', 'Service unavailable', 'A stored file was removed while this upload was saved; send it again.');

/** Refuses a request body larger than `limit` from its Content-Length, before anything is read. */
export function assertRequestSize(req: Request, limit: number): void {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw requestTooLarge(limit);
}

/**
 * Marks the response to close the connection: the rest of a body that was
 * refused (or never read) is not drained into the server.
 */
export function closeAfterResponse(req: Request): void {
  if (!req.complete) req.res?.setHeader('Connection', 'close');
}

export async function parseUpload(deps: AppDeps, req: Request, policy: UploadPolicy): Promise<ParsedUpload> {
  if (!req.is('multipart/form-data')) throw unsupportedMediaType('Send files as multipart/form-data.');
  assertRequestSize(req, policy.maxRequestBytes);
  const leave = orgUploadLimitOf(deps).enter(policy.orgId);
  try {
    return await streamUpload(deps, req, policy);
  } finally {
    leave();
  }
}

async function streamUpload(deps: AppDeps, req: Request, policy: UploadPolicy): Promise<ParsedUpload> {
  const prisma = deps.db.prisma;
  const parts: UploadedPart[] = [];
  const fields: Record<string, string> = {};
  const seen = new Set<string>();
  const streaming = new Set<Readable>();
  const expected = describeExpected(policy);
  const discard = async () => {
    await releaseCreatedBlobs(prisma, deps.storage, parts.filter((p) => p.object.created).map((p) => p.object.key));
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
    let received = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        received += chunk.length;
        if (received > policy.maxRequestBytes) {
          stop(requestTooLarge(policy.maxRequestBytes));
          done();
          return;
        }
        done(null, chunk);
      },
    });
    let stopped = false;
    /** Stops reading: nothing more of the body is stored; parts in flight fail and remove their temp files. */
    const stop = (error: unknown) => {
      failure ??= error;
      if (stopped) return;
      stopped = true;
      req.unpipe(meter);
      meter.unpipe(bb);
      closeAfterResponse(req);
      for (const stream of streaming) stream.destroy(error instanceof Error ? error : new Error(String(error)));
      resolve();
    };
    bb.on('file', (field, stream, info) => {
      if (stopped) {
        stream.resume();
        return;
      }
      const unstorableName = unstorableTextFields({ [field]: '' }, 'body');
      if (unstorableName.length > 0) {
        stream.resume();
        stop(textNotStorable(unstorableName));
        return;
      }
      const rule = ruleOf(policy, field);
      if (rule === 'unknown' || seen.has(field)) {
        stream.resume();
        stop(rule === 'unknown' ? partUnknown(field, expected) : partRepeated(field));
        return;
      }
      seen.add(field);
      const name = sanitizeUploadName(info.filename ?? '');
      if (!name) {
        stream.resume();
        stop(badRequest(`The file in part "${field}" has no usable name.`, [{ path: `body/${field}`, message: 'file name missing' }]));
        return;
      }
      streaming.add(stream);
      stream.on('close', () => streaming.delete(stream));
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
            stop(error instanceof FileTooLargeError ? payloadTooLarge(`"${name}" is larger than ${rule.maxBytes} bytes.`) : error);
          }),
      );
    });
    bb.on('field', (field, value, info) => {
      if (stopped) return;
      // The edge input rule (api/http/input-rules.ts) for multipart text: names and values must be storable.
      const unstorable = unstorableTextFields({ [field]: value }, 'body');
      if (unstorable.length > 0) return stop(textNotStorable(unstorable));
      if (!policy.textFields.includes(field)) return stop(partUnknown(field, expected));
      if (seen.has(field)) return stop(partRepeated(field));
      seen.add(field);
      if (info.valueTruncated) failure ??= badRequest(`Field "${field}" is too long.`);
      fields[field] = value;
    });
    bb.on('filesLimit', () => stop(badRequest(`At most ${MAX_FILES} files per request.`)));
    bb.on('fieldsLimit', () => stop(badRequest(`At most ${MAX_FIELDS} fields per request.`)));
    bb.on('error', (error: Error) => stop(badRequest(`The multipart body is malformed: ${error.message}`)));
    bb.on('close', () => resolve());
    req.on('aborted', () => stop(badRequest('The upload was aborted.')));
    req.pipe(meter).pipe(bb);
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
      if (policy.quota) await assertWithinQuota(tx, policy.quota, parts.reduce((sum, p) => sum + p.object.size, 0));
      // Locks in one order (by SHA-256), so two uploads of the same blobs never wait for each other in a cycle.
      for (const sha256 of [...new Set(parts.map((p) => p.object.sha256))].sort()) await lockBlob(tx, sha256);
      const out: Record<string, CommittedFile> = {};
      for (const part of parts) {
        const { sha256, size } = part.object;
        await tx.fileBlob.upsert({ where: { sha256 }, create: { sha256, size, mime: part.mime, storageKey: part.object.key }, update: {} });
        if (!(await deps.storage.exists(part.object.key))) throw fileStoreChanged();
        const stored = await tx.storedFile.create({ data: { sha256, originalName: part.name, uploadedById: owner.userId, orgId: owner.orgId } });
        out[part.field] = { id: stored.id, sha256, size, mime: part.mime, name: part.name };
      }
      return out;
    },
  };
}

function ruleOf(policy: UploadPolicy, field: string): UploadRule | 'unknown' {
  return Object.hasOwn(policy.files, field) ? policy.files[field]! : 'unknown';
}

function describeExpected(policy: UploadPolicy): string {
  const files = Object.keys(policy.files).map((f) => `file "${f}"`);
  const text = policy.textFields.map((f) => `"${f}"`);
  return [...files, ...text].join(', ') || 'no parts';
}

export function ownerOf(user: AuthUser): { userId: string; orgId: string } {
  return { userId: user.id, orgId: user.orgId };
}
