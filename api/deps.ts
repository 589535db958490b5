import type { Client, Connection } from '@temporalio/client';
import type { AppConfig } from '../platform/config';
import type { Database } from '../platform/db/database';
import type { FileStorage } from '../platform/storage/file-storage';
import type { Logger } from '../platform/observability/logger';
import type { LoginLimiter } from './auth/login-limiter';
import type { PasswordGate } from './auth/password-gate';
import type { EventStreamSettings } from './live/event-stream';
import type { LiveHub } from './live/live-hub';
import type { OrgUploadLimit } from './files/org-upload-limit';
import type { OcrPool } from '../checks/ocr-pool';

/** Everything the HTTP app needs, built by the caller (api/main.ts or a test). */
export interface AppDeps {
  /** `trustProxy` default false (the socket's address); `demoMode` default false. */
  config: Pick<AppConfig, 'taskQueue' | 'publicUrl'> & Partial<Pick<AppConfig, 'trustProxy' | 'demoMode'>>;
  db: Database;
  temporal: { client: Client; connection: Connection; taskQueue: string };
  storage: FileStorage;
  loginLimiter: LoginLimiter;
  /** Where the API logs server-side failures (default: stderr). */
  log?: (line: string) => void;
  /** The structured logger (api/main.ts): one `request completed` line per request, failures with their request id. Omitted = no request lines (tests). */
  logger?: Logger;
  /** `METRICS_TOKEN`: callers presenting it as a bearer token may read `/metrics` from anywhere; omitted = loopback only. */
  metricsToken?: string;
  /** True once the process has begun shutting down: `/readyz` then answers 503 so load balancers stop sending requests. */
  draining?: () => boolean;
  /** Caps concurrent argon2 work (default: a gate of this app's own, see password-gate.ts). */
  passwordGate?: PasswordGate;
  /** Folder of the built web UI (served at /); omitted = API only. */
  webRoot?: string;
  /** Session lifetime (default 12 h). */
  sessionTtlMs?: number;
  /** Largest reference/deliverable upload when the SOP does not say (default 50 MiB). */
  maxUploadBytes?: number;
  /** Largest upload request body, all parts together (default 200 MiB, `UPLOAD_MAX_REQUEST_BYTES`). */
  maxRequestBytes?: number;
  /** Uploads one organisation may stream into this process at once (`UPLOAD_MAX_PER_ORG`, default 8; api/files/org-upload-limit.ts). */
  maxUploadsPerOrg?: number;
  /** The per-organisation upload limit itself (tests share one); default: one per app of `maxUploadsPerOrg`. */
  orgUploadLimit?: OrgUploadLimit;
  /** Bytes each organisation may store (`ORG_STORAGE_QUOTA_BYTES`); omitted = no quota. */
  orgStorageQuotaBytes?: number;
  /**
   * `NOTIFY_ALLOWED_HOSTS`: internal hosts (names, addresses, CIDR ranges) channel
   * configs may point at. Default none (platform/notifications/outbound/).
   */
  notifyAllowedHosts?: readonly string[];
  /** The live event hub (api/live/live-hub.ts); default: one of this app's own, opened with the first stream. */
  liveHub?: LiveHub;
  /** Event stream timings and limits (api/live/event-stream.ts); tests shorten them. */
  liveEvents?: Partial<EventStreamSettings>;
  /** Largest image (reference or deliverable) accepted at upload, in megapixels (default 40, the checks' limit). */
  maxImageMegapixels?: number;
  /** OCR workers for the version comparison's text diff (default: the process-wide pool, checks/ocr-pool.ts, started on first use). */
  ocrPool?: () => OcrPool;
  /** How long a comparison waits for one file's OCR before answering 503 `ocr-unavailable` (default 45 s; the reading goes on and is cached). */
  compareOcrTimeoutMs?: number;
  /** How long a failed job start keeps asking the engine whether the workflow exists after all before the job row goes (default 10 s; api/jobs/job-start.ts). */
  startConfirmMs?: number;
}
