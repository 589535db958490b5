/**
 * Reference files of a bulk start sent as one zip (part `references`): rows
 * name an entry by its file name (folders inside the zip are ignored). The dry
 * run only lists the entries; the real run stores the entries some row names,
 * as POST /api/files would (size limit while streaming, type sniffed, images
 * decoded under the pixel limit, the organisation's quota, content-addressed
 * blobs under their locks), before any job starts.
 */
import JSZip from 'jszip';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { AppDeps } from '../deps';
import type { AuthUser } from '../auth/auth-user';
import { sniffType } from '../../core/files/sniff';
import { sanitizeUploadName } from '../../core/naming/sanitize';
import { FileTooLargeError, type StoredObject } from '../../platform/storage/file-storage';
import { lockBlob, releaseCreatedBlobs } from '../../platform/storage/blob-lifecycle';
import { payloadTooLarge, unprocessable } from '../http/problem';
import { assertWithinQuota, quotaExceeded, storageUsed } from '../files/storage-quota';
import { DEFAULT_MAX_IMAGE_MEGAPIXELS, verifyUploadedImage } from '../files/verify-image';

/** Most entries one zip may hold. */
export const MAX_ZIP_ENTRIES = 2000;
/** What one reference zip may unpack to in all, whatever the quota (a zip of 50 MB must not write 100 GB). */
export const MAX_ZIP_UNPACKED_BYTES = 2 * 1024 ** 3;

/** The zip's files by name (sanitised base name). */
export type ReferenceZip = Map<string, JSZip.JSZipObject>;

/** A row's reference to a zip entry, until the entry is stored: `zip:<name>`. */
export const ZIP_REF = 'zip:';

export async function readReferenceZip(bytes: Buffer): Promise<ReferenceZip> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (error) {
    throw unprocessable('zip-unreadable', `The reference zip cannot be read (${(error as Error).message}).`, [{ path: 'body/references', message: 'not a zip archive' }]);
  }
  const entries: ReferenceZip = new Map();
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    const name = sanitizeUploadName(path.posix.basename(entry.name.replace(/\\/g, '/')));
    if (!name || name.startsWith('.') || entry.name.startsWith('__MACOSX/')) continue;
    if (entries.has(name)) throw unprocessable('zip-name-repeated', `The reference zip holds two files named "${name}": rows name files by name, so each name once.`, [{ path: 'body/references', message: `"${name}" twice` }]);
    entries.set(name, entry);
  }
  if (entries.size > MAX_ZIP_ENTRIES) throw unprocessable('zip-too-many-files', `The reference zip holds ${entries.size} files; at most ${MAX_ZIP_ENTRIES}.`, [{ path: 'body/references', message: 'too many files' }]);
  return entries;
}

/** Stores the named entries as files of the uploader's organisation; name → file id. Nothing stays stored when one fails. */
export async function storeZipEntries(deps: AppDeps, user: AuthUser, zip: ReferenceZip, names: readonly string[], maxBytes: number): Promise<Map<string, string>> {
  const prisma = deps.db.prisma;
  const stored: Array<{ name: string; object: StoredObject; mime: string }> = [];
  // Bytes this zip may still write: the organisation's storage left (checked again under its lock below)
  // and an absolute bound, so entries that unpack far beyond the zip's size stop as soon as they pass it.
  const quota = deps.orgStorageQuotaBytes === undefined ? undefined : { orgId: user.orgId, limitBytes: deps.orgStorageQuotaBytes };
  const used = quota ? await storageUsed(prisma, quota.orgId) : 0;
  if (quota && used >= quota.limitBytes) throw quotaExceeded(quota, used, 0);
  const budget = Math.min(MAX_ZIP_UNPACKED_BYTES, quota ? quota.limitBytes - used : Infinity);
  let room = budget;
  try {
    for (const name of names) {
      const entry = zip.get(name)!;
      const limit = Math.min(maxBytes, room);
      let mime = 'application/octet-stream';
      const object = await deps.storage
        .put(new Readable().wrap(entry.nodeStream('nodebuffer')), {
          maxBytes: limit,
          inspect: (head, size) => {
            if (size === 0) throw unprocessable('zip-entry-empty', `"${name}" in the reference zip is empty.`, [{ path: 'body/references', message: `"${name}" empty` }]);
            mime = sniffType(head)?.mime ?? 'application/octet-stream';
          },
        })
        .catch((error: unknown) => {
          if (!(error instanceof FileTooLargeError)) throw error;
          if (limit === maxBytes) throw payloadTooLarge(`"${name}" in the reference zip is larger than ${maxBytes} bytes.`);
          throw payloadTooLarge(`The reference zip unpacks to more than ${budget} bytes: the organisation's storage left (ORG_STORAGE_QUOTA_BYTES) or ${MAX_ZIP_UNPACKED_BYTES} bytes, whichever is less.`);
        });
      room -= object.size;
      stored.push({ name, object, mime });
      await verifyUploadedImage(deps.storage, { name, mime, object }, deps.maxImageMegapixels ?? DEFAULT_MAX_IMAGE_MEGAPIXELS);
    }
    return await prisma.$transaction(async (tx) => {
      if (deps.orgStorageQuotaBytes !== undefined) await assertWithinQuota(tx, { orgId: user.orgId, limitBytes: deps.orgStorageQuotaBytes }, stored.reduce((sum, s) => sum + s.object.size, 0));
      for (const sha256 of [...new Set(stored.map((s) => s.object.sha256))].sort()) await lockBlob(tx, sha256);
      const ids = new Map<string, string>();
      for (const { name, object, mime } of stored) {
        await tx.fileBlob.upsert({ where: { sha256: object.sha256 }, create: { sha256: object.sha256, size: object.size, mime, storageKey: object.key }, update: {} });
        const file = await tx.storedFile.create({ data: { sha256: object.sha256, originalName: name, uploadedById: user.id, orgId: user.orgId } });
        ids.set(name, file.id);
      }
      return ids;
    });
  } catch (error) {
    await releaseCreatedBlobs(prisma, deps.storage, stored.filter((s) => s.object.created).map((s) => s.object.key));
    throw error;
  }
}
