import type { StorageConfig } from '../config';
import { LocalFileStorage, type FileStorage } from './file-storage';
import { S3FileStorage, s3ClientFor } from './s3-file-storage';

/** The configured store (platform/config.ts `storage`): the local folder, or an S3-compatible bucket. */
export function openFileStorage(config: StorageConfig): FileStorage {
  if (config.kind === 'local') return new LocalFileStorage(config.dir);
  const { kind: _kind, ...s3 } = config;
  return new S3FileStorage(s3ClientFor(s3), s3);
}

/** {@link openFileStorage}, and for S3 a check that the bucket answers (wrong settings stop the start with the reason). */
export async function openVerifiedFileStorage(config: StorageConfig): Promise<FileStorage> {
  const storage = openFileStorage(config);
  if (storage instanceof S3FileStorage) await storage.verifyBucket();
  return storage;
}
