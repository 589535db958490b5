import type { StorageConfig } from '../config';
import { LocalFileStorage, type FileStorage } from './file-storage';
import { S3FileStorage, s3ClientFor } from './s3-file-storage';

/** The configured store (platform/config.ts `storage`): the local folder, or an S3-compatible bucket. */
export function openFileStorage(config: StorageConfig): FileStorage {
  if (config.kind === 'local') return new LocalFileStorage(config.dir);
  const { kind: _kind, ...s3 } = config;
  return new S3FileStorage(s3ClientFor(s3), s3);
}
