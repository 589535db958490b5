import type { Database } from '../platform/db/database';
import type { FileStorage } from '../platform/storage/file-storage';
import type { OcrPool } from '../checks/ocr-pool';

/** What activities are built from (see createActivities). */
export interface ActivityDeps {
  db: Database;
  storage: FileStorage;
  /** OCR workers, created lazily on first use. */
  ocrPool: () => OcrPool;
  publicUrl: string;
}
