import { randomBytes } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
  type ServerSideEncryption,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createWorkGate, type WorkGate } from '../work-gate';
import { DownloadCache } from './download-cache';
import { StorageBusyError, UploadStalledError } from './file-storage-errors';
import type { FileStorage, StoredObject } from './file-storage';
import { createPutMeter } from './put-meter';

/** Where an S3-compatible store is and how to talk to it (platform/config.ts reads it from STORAGE=s3 and S3_*). */
export interface S3StorageConfig {
  bucket: string;
  /** `S3_ENDPOINT`: undefined = AWS S3 of `region`. */
  endpoint?: string;
  region: string;
  /** `S3_FORCE_PATH_STYLE`: `<endpoint>/<bucket>/<key>` instead of `<bucket>.<endpoint>/<key>` (MinIO, versitygw, most gateways). */
  forcePathStyle: boolean;
  /** `S3_PREFIX`: keys live under it (`''` or ending in `/`). */
  prefix: string;
  /** `S3_SSE` / `S3_SSE_KMS_KEY_ID`: passed on every write; undefined = the bucket's default. */
  sse?: { type: 'AES256' | 'aws:kms'; kmsKeyId?: string };
  /** `localPath` copies: folder and soft size bound. */
  cache: { dir: string; maxBytes: number };
  /** Multipart part size (≥ 5 MiB; default 5 MiB). */
  partSize?: number;
  /** How long a put's source may send nothing before it is aborted (default 30 s; tests lower it). */
  uploadIdleMs?: number;
  /** `S3_MAX_UPLOADS`: puts streaming at once in this process (each holds about two parts of memory); later ones wait. Default 16. */
  maxConcurrentUploads?: number;
}

/** An S3 client for `config`; credentials come from the standard AWS chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, roles). */
export function s3ClientFor(config: Pick<S3StorageConfig, 'endpoint' | 'region' | 'forcePathStyle'>, credentials?: { accessKeyId: string; secretAccessKey: string }): S3Client {
  return new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    credentials,
    // A store that stops answering fails the request instead of holding an upload slot for ever.
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 120_000 },
    // The SHA-256 of every object is ours to check; the SDK's default CRC32 trailers are refused by some S3-compatible stores.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

const KEY = /^[a-f0-9]{64}$/;
/** Puts waiting for a slot before the store answers busy (503). */
const MAX_WAITING_UPLOADS = 256;
/** A put whose source sends nothing for this long is aborted and frees its slot. */
export const UPLOAD_IDLE_MS = 30_000;

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
}

/**
 * Content-addressed objects in an S3 bucket: `<prefix><sha256>`. A put streams the
 * bytes (multipart past one part) to `<prefix>tmp/<time>-<random>` while hashing and
 * counting, then copies the temp object to its SHA-256 key unless that exists, and
 * deletes the temp object. Nothing reaches the final key before the size limit and
 * `inspect` have passed; a failed put aborts its multipart upload and deletes its temp
 * object, and `removeStaleTemp` sweeps what a crashed process left.
 */
export class S3FileStorage implements FileStorage {
  private readonly cache: DownloadCache;
  /** Bounds the memory of uploads in flight: a burst of large uploads waits instead of holding ~10 MB each at once. */
  readonly uploads: WorkGate;
  private readonly idleMs: number;

  constructor(private readonly client: S3Client, private readonly config: S3StorageConfig) {
    this.cache = new DownloadCache(config.cache.dir, config.cache.maxBytes);
    this.idleMs = config.uploadIdleMs ?? UPLOAD_IDLE_MS;
    this.uploads = createWorkGate({ concurrency: config.maxConcurrentUploads ?? 16, maxWaiting: MAX_WAITING_UPLOADS, busy: () => new StorageBusyError() });
  }

  /** Fails with what is wrong when the bucket cannot be reached with these settings (called at start, so a typo stops the process). */
  async verifyBucket(): Promise<void> {
    const { bucket, endpoint, region } = this.config;
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: bucket }));
    } catch (error) {
      const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
      const status = e.$metadata?.httpStatusCode;
      const why = status === 404 ? 'no such bucket' : status === 403 ? 'access denied (check the credentials and the bucket policy)' : `${e.name ?? 'error'}: ${e.message ?? ''}`.trim();
      throw new Error(`S3 bucket "${bucket}" at ${endpoint ?? `AWS S3 ${region}`} is not usable: ${why}`);
    }
  }

  private objectKey(key: string): string {
    if (!KEY.test(key)) throw new Error(`not a storage key: ${key.slice(0, 80)}`);
    return this.config.prefix + key;
  }

  private get tmpPrefix(): string {
    return `${this.config.prefix}tmp/`;
  }

  private get encryption(): { ServerSideEncryption?: ServerSideEncryption; SSEKMSKeyId?: string } {
    const sse = this.config.sse;
    return sse ? { ServerSideEncryption: sse.type, ...(sse.kmsKeyId ? { SSEKMSKeyId: sse.kmsKeyId } : {}) } : {};
  }

  private copySource(objectKey: string): string {
    return `${this.config.bucket}/${objectKey.split('/').map(encodeURIComponent).join('/')}`;
  }

  put(source: Readable, options: { maxBytes: number; inspect?: (head: Buffer, size: number) => void }): Promise<StoredObject> {
    return this.uploads.run(() => this.putNow(source, options));
  }

  private async putNow(source: Readable, options: { maxBytes: number; inspect?: (head: Buffer, size: number) => void }): Promise<StoredObject> {
    const Bucket = this.config.bucket;
    const tmp = `${this.tmpPrefix}${Date.now()}-${randomBytes(6).toString('hex')}`;
    const meter = createPutMeter(options.maxBytes);
    // No byte for UPLOAD_IDLE_MS: the source is failed, which fails the upload (a stalled sender must not keep its slot).
    let idle: NodeJS.Timeout | undefined;
    const watch = (): void => {
      clearTimeout(idle);
      idle = setTimeout(() => source.destroy(new UploadStalledError(this.idleMs)), this.idleMs);
    };
    source.on('data', watch);
    watch();
    const body = pipeline(source, meter.stream, () => undefined);
    const upload = new Upload({
      client: this.client,
      params: { Bucket, Key: tmp, Body: body, ContentType: 'application/octet-stream', ...this.encryption },
      // One 5 MiB part (S3's minimum) in flight: an upload holds about two parts of memory, not (queue + 1) × 8 MiB.
      partSize: this.config.partSize ?? 5 * 1024 * 1024,
      queueSize: 1,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
      const size = meter.size();
      const head = meter.head();
      options.inspect?.(head, size);
      const sha256 = meter.sha256();
      const target = this.objectKey(sha256);
      const existed = await this.exists(sha256);
      if (existed) await this.touch(target);
      else {
        await this.client.send(new CopyObjectCommand({
          Bucket, Key: target, CopySource: this.copySource(tmp), ContentType: 'application/octet-stream', ...this.encryption,
        }));
      }
      await this.client.send(new DeleteObjectCommand({ Bucket, Key: tmp }));
      return { key: sha256, sha256, size, head, created: !existed };
    } catch (error) {
      source.resume(); // drain what is left so the request can finish
      // A failed upload has aborted its multipart upload; a finished one (inspect refused, copy failed) is deleted.
      // What a crash leaves is removeStaleTemp's.
      await this.client.send(new DeleteObjectCommand({ Bucket, Key: tmp })).catch(() => undefined);
      const stalled = (source as Readable & { errored?: unknown }).errored;
      throw stalled instanceof UploadStalledError ? stalled : error;
    } finally {
      clearTimeout(idle);
      source.off('data', watch);
    }
  }

  /**
   * Re-used bytes count as fresh for the garbage collector's grace age (file-gc.ts).
   * S3 cannot set LastModified directly, so the object is copied onto itself with new
   * `touched` metadata (a server-side copy, no bytes through this process). AWS S3 renews
   * LastModified on it; gateways that keep the old date (versitygw's posix backend) still
   * store the metadata, which {@link touchedAt} reads.
   */
  private async touch(objectKey: string): Promise<void> {
    await this.client.send(new CopyObjectCommand({
      Bucket: this.config.bucket,
      Key: objectKey,
      CopySource: this.copySource(objectKey),
      MetadataDirective: 'REPLACE',
      Metadata: { touched: new Date().toISOString() },
      ContentType: 'application/octet-stream',
      ...this.encryption,
    }));
  }

  private async download(key: string): Promise<Readable> {
    const answer = await this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key) }));
    return answer.Body as Readable;
  }

  open(key: string): Readable {
    const out = new PassThrough();
    this.download(key).then(
      (body) => pipeline(body, out, () => undefined),
      (error: unknown) => {
        const missing = isNotFound(error);
        out.destroy(Object.assign(new Error(missing ? `no stored object ${key}` : (error as Error).message), missing ? { code: 'ENOENT' } : {}));
      },
    );
    return out;
  }

  async localPath(key: string): Promise<string> {
    this.objectKey(key);
    return this.cache.pathOf(key, () => this.download(key));
  }

  async exists(key: string): Promise<boolean> {
    return (await this.touchedAt(key)) !== undefined;
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key) }));
    await this.cache.forget(key);
  }

  async touchedAt(key: string): Promise<Date | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key) }));
      // The later of LastModified and the `touched` metadata of a re-use (see touch(): not every store renews LastModified on a self-copy).
      const touched = head.Metadata?.touched ? new Date(head.Metadata.touched) : undefined;
      const modified = head.LastModified ?? new Date(0);
      return touched && touched > modified ? touched : modified;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async *keys(): AsyncIterable<string> {
    const { prefix } = this.config;
    let ContinuationToken: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.config.bucket, Prefix: prefix, Delimiter: '/', ContinuationToken }));
      for (const object of page.Contents ?? []) {
        const name = object.Key?.slice(prefix.length) ?? '';
        if (KEY.test(name)) yield name;
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  async removeStaleTemp(before: Date): Promise<number> {
    const Bucket = this.config.bucket;
    const Prefix = this.tmpPrefix;
    let removed = 0;
    let ContinuationToken: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket, Prefix, ContinuationToken }));
      for (const object of page.Contents ?? []) {
        if (object.Key && object.LastModified && object.LastModified < before) {
          await this.client.send(new DeleteObjectCommand({ Bucket, Key: object.Key }));
          removed += 1;
        }
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    let KeyMarker: string | undefined;
    let UploadIdMarker: string | undefined;
    do {
      const page = await this.client.send(new ListMultipartUploadsCommand({ Bucket, Prefix, KeyMarker, UploadIdMarker }));
      for (const upload of page.Uploads ?? []) {
        if (upload.Key && upload.UploadId && upload.Initiated && upload.Initiated < before) {
          await this.client.send(new AbortMultipartUploadCommand({ Bucket, Key: upload.Key, UploadId: upload.UploadId }));
          removed += 1;
        }
      }
      [KeyMarker, UploadIdMarker] = page.IsTruncated ? [page.NextKeyMarker, page.NextUploadIdMarker] : [undefined, undefined];
    } while (KeyMarker);
    return removed;
  }
}
