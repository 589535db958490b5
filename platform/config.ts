import path from 'node:path';
import type { S3StorageConfig } from './storage/s3-file-storage';

/**
 * Runtime configuration, read once from the environment with every default in
 * this one place. Names are a stable public surface (see docs and API.md).
 */
export interface AppConfig {
  /** HTTP port of API + web UI. */
  port: number;
  /** Embedded database, Temporal dev-server file, stored files. */
  dataDir: string;
  /** `postgres://…` for an external PostgreSQL server; undefined = the embedded server under `dataDir` (platform/db/database-url.ts). */
  databaseUrl?: string;
  /** `host:port` of an existing Temporal service; undefined = `npm start` launches a dev server. */
  temporalAddress?: string;
  temporalNamespace: string;
  taskQueue: string;
  /** Password of the seeded demo accounts; undefined = generated and printed at start. */
  demoPassword?: string;
  /**
   * Demo mode (`SOP_DEMO=1`, set by `npm start`): the demo tenant may be seeded and
   * the login page names the demo accounts. Off everywhere else (production).
   */
  demoMode: boolean;
  /**
   * Express `trust proxy` (`TRUST_PROXY`): false (default) = the client address is the
   * socket's; a hop count or a list of proxy addresses/subnets = read X-Forwarded-For
   * through those proxies. Login limits count per client address, so set it behind a proxy.
   */
  trustProxy: boolean | number | string[];
  /** Public base URL used in links (notifications, invitations). */
  publicUrl: string;
  /** `METRICS_TOKEN`: a bearer token that opens `/metrics` to non-loopback callers; undefined = loopback only. */
  metricsToken?: string;
  /** `WORKER_METRICS_PORT`: a worker's HTTP port for /metrics, /livez, /readyz; undefined = no HTTP server (`npm start` picks a free one). */
  workerMetricsPort?: number;
  /** `OTEL_EXPORTER_OTLP_ENDPOINT`: where OpenTelemetry traces go (OTLP over HTTP); undefined = no tracing. */
  otlpEndpoint?: string;
  /**
   * Open jobs a worker keeps in memory (Temporal's workflow cache). Jobs beyond
   * it cost nothing until their next event, when they are replayed from history.
   */
  maxCachedWorkflows: number;
  /**
   * Workflow tasks a worker runs at once (`WORKER_WORKFLOW_TASK_SLOTS`) and local activities
   * (`WORKER_LOCAL_ACTIVITY_SLOTS`). A job's bookkeeping write is a local activity that keeps
   * its workflow task's slot until the database answers, so the SDK's 40 slots let only 40
   * jobs write at once: 1,000 deadlines on one instant queued for seconds behind them
   * (bench/escalation.bench.ts). More slots let the group commit (platform/audit/group-commit.ts)
   * write them in a few large transactions. Capped at `maxCachedWorkflows` (the SDK's rule).
   */
  workflowTaskSlots: number;
  localActivitySlots: number;
  /**
   * Workflow task polls a worker keeps open (`WORKER_WORKFLOW_TASK_POLLS`; the SDK's 10). Each poll
   * brings one task, so when many timers fire together the tasks wait on the server until a poll
   * asks for them: 10 polls gave about 20 tasks a second on a loaded dev server.
   */
  workflowTaskPolls: number;
  /** Where stored files live (`STORAGE`): the local folder `<dataDir>/files` (default) or an S3-compatible bucket. */
  storage: StorageConfig;
  /** Upload limits (api/files/): the largest request body, and each organisation's storage quota (undefined = none). */
  uploads: { maxRequestBytes: number; orgQuotaBytes?: number; perOrg: number };
  /** The collector of unreferenced blobs (platform/storage/file-gc.ts), run by every worker. */
  fileGc: FileGcConfig;
  /** Backups: where they go (`BACKUP_DIR`, default `<dataDir>/backups`), how many the nightly schedule keeps, and when it runs. */
  backup: {
    dir: string;
    keep: number;
    /** Cron expression of the nightly backup schedule (`BACKUP_CRON`, e.g. `0 3 * * *`); `off` or unset = no schedule. */
    cron?: string;
    /** IANA time zone the cron expression is read in (`BACKUP_TIMEZONE`, default UTC). */
    timezone: string;
  };
}

export type StorageConfig = { kind: 'local'; dir: string } | ({ kind: 's3' } & S3StorageConfig);

export interface FileGcConfig {
  /** `FILE_GC=off` stops the periodic run in workers (`npm run files:gc` still works). */
  enabled: boolean;
  /** A blob written or re-used more recently than this is never collected (`FILE_GC_GRACE_MS`, default 24 h). */
  graceMs: number;
  /** Pause between runs in a worker (`FILE_GC_INTERVAL_MS`, default 1 h). */
  intervalMs: number;
}

/** Uploads one organisation may stream into one API process at once (api/files/org-upload-limit.ts). */
export const DEFAULT_UPLOADS_PER_ORG = 8;
export const DEFAULT_UPLOAD_MAX_REQUEST_BYTES = 200 * 1024 * 1024;
export const DEFAULT_ORG_STORAGE_QUOTA_BYTES = 10 * 1024 * 1024 * 1024;
export const DEFAULT_S3_CACHE_BYTES = 1024 * 1024 * 1024;
/** Uploads to S3 streaming at once per process (about 10 MB of buffers each); the rest wait their turn. */
export const DEFAULT_S3_MAX_UPLOADS = 16;
export const DEFAULT_FILE_GC_GRACE_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_FILE_GC_INTERVAL_MS = 60 * 60 * 1000;

/** ~420 KB per cached job (docs/BENCHMARKS.md): 500 keep a worker near 500 MB. */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 500;
/** See AppConfig.workflowTaskSlots (the SDK's defaults are 40 and 100). */
export const DEFAULT_WORKFLOW_TASK_SLOTS = 250;
export const DEFAULT_LOCAL_ACTIVITY_SLOTS = 250;
export const DEFAULT_WORKFLOW_TASK_POLLS = 50;

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new Error(`${name} must be a port number 0-65535 (found "${raw}")`);
  }
  return value;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number ≥ 1 (found "${raw}")`);
  return value;
}

/** A byte count or duration: a whole number ≥ 1; `off` (when allowed) = undefined. */
function bytesOrOff(env: NodeJS.ProcessEnv, name: string, fallback: number): number | undefined {
  const raw = nonEmpty(env[name]);
  if (raw?.toLowerCase() === 'off') return undefined;
  return positiveInt(env, name, fallback);
}

/** The file collector's settings (also read by `npm run files:gc`). */
export function loadFileGcConfig(env: NodeJS.ProcessEnv = process.env): FileGcConfig {
  return {
    enabled: nonEmpty(env.FILE_GC)?.toLowerCase() !== 'off',
    graceMs: positiveInt(env, 'FILE_GC_GRACE_MS', DEFAULT_FILE_GC_GRACE_MS),
    intervalMs: positiveInt(env, 'FILE_GC_INTERVAL_MS', DEFAULT_FILE_GC_INTERVAL_MS),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function backupCron(raw: string | undefined): string | undefined {
  if (raw === undefined || raw.toLowerCase() === 'off') return undefined;
  if (raw.split(/\s+/).length !== 5) throw new Error(`BACKUP_CRON must be a cron expression of 5 fields, e.g. "0 3 * * *" (found "${raw}")`);
  return raw;
}

function demoModeFrom(raw: string | undefined): boolean {
  if (raw === undefined || raw === '' || raw === '0' || raw.toLowerCase() === 'off') return false;
  if (raw === '1' || raw.toLowerCase() === 'on') return true;
  throw new Error(`SOP_DEMO must be 1 (demo mode) or 0 (found "${raw}")`);
}

/** TRUST_PROXY: off (default), a hop count (1, 2, …), or proxy addresses/subnets (`10.0.0.0/8,loopback`). */
export function trustProxyFrom(raw: string | undefined): boolean | number | string[] {
  if (raw === undefined || raw === '' || ['off', 'false', '0'].includes(raw.toLowerCase())) return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  if (raw.toLowerCase() === 'true') {
    throw new Error('TRUST_PROXY=true would let any client choose its address; give the number of proxies (e.g. 1) or their addresses (e.g. 10.0.0.5,loopback)');
  }
  const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = list.filter((s) => !/^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/.test(s));
  if (bad.length > 0) throw new Error(`TRUST_PROXY must be off, a hop count, or addresses/subnets (found "${bad.join(', ')}")`);
  return list;
}

/** METRICS_TOKEN: at least 16 characters, so it cannot be guessed by trying. */
function metricsTokenFrom(raw: string | undefined): string | undefined {
  if (raw !== undefined && raw.length < 16) throw new Error('METRICS_TOKEN must be at least 16 characters (e.g. `openssl rand -hex 24`)');
  return raw;
}

function onOff(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = nonEmpty(env[name])?.toLowerCase();
  if (raw === undefined || ['0', 'false', 'off'].includes(raw)) return false;
  if (['1', 'true', 'on'].includes(raw)) return true;
  throw new Error(`${name} must be 1 or 0 (found "${env[name]}")`);
}

/** STORAGE=local (default) or STORAGE=s3 with S3_BUCKET and the other S3_* settings; credentials are the standard AWS variables. */
export function storageFrom(env: NodeJS.ProcessEnv, dataDir: string): StorageConfig {
  const kind = nonEmpty(env.STORAGE)?.toLowerCase() ?? 'local';
  if (kind === 'local') return { kind, dir: path.join(dataDir, 'files') };
  if (kind !== 's3') throw new Error(`STORAGE must be local or s3 (found "${env.STORAGE}")`);
  const bucket = nonEmpty(env.S3_BUCKET);
  if (!bucket) throw new Error('STORAGE=s3 needs S3_BUCKET (the bucket name)');
  const endpoint = nonEmpty(env.S3_ENDPOINT);
  // Credentials come from the AWS variables, never the URL: an endpoint with user:password@ is refused without echoing it.
  if (endpoint && /^https?:\/\/[^/\s]*@/.test(endpoint)) {
    throw new Error('S3_ENDPOINT must not carry credentials (user:password@): set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead');
  }
  if (endpoint && !/^https?:\/\/[^/\s]+\/?$/.test(endpoint)) {
    throw new Error(`S3_ENDPOINT must be an http(s) URL without a path, e.g. https://oss-cn-hangzhou.aliyuncs.com (found "${endpoint}")`);
  }
  const sseRaw = nonEmpty(env.S3_SSE);
  if (sseRaw && !['AES256', 'aws:kms', 'off'].includes(sseRaw)) throw new Error(`S3_SSE must be AES256, aws:kms or off (found "${sseRaw}")`);
  const type = sseRaw === 'AES256' || sseRaw === 'aws:kms' ? sseRaw : undefined;
  const kmsKeyId = nonEmpty(env.S3_SSE_KMS_KEY_ID);
  if (kmsKeyId && type !== 'aws:kms') throw new Error('S3_SSE_KMS_KEY_ID needs S3_SSE=aws:kms');
  const prefixRaw = (nonEmpty(env.S3_PREFIX) ?? '').replace(/^\/+|\/+$/g, '');
  if (prefixRaw.split('/').some((part) => part === '.' || part === '..') || /\/\//.test(prefixRaw)) {
    throw new Error(`S3_PREFIX must be a plain key prefix such as "sop/files" (found "${env.S3_PREFIX}")`);
  }
  return {
    kind,
    bucket,
    endpoint: endpoint?.replace(/\/$/, ''),
    region: nonEmpty(env.S3_REGION) ?? nonEmpty(env.AWS_REGION) ?? 'us-east-1',
    forcePathStyle: onOff(env, 'S3_FORCE_PATH_STYLE'),
    prefix: prefixRaw ? `${prefixRaw}/` : '',
    sse: type ? { type, ...(kmsKeyId ? { kmsKeyId } : {}) } : undefined,
    cache: { dir: path.join(dataDir, 's3-cache'), maxBytes: positiveInt(env, 'S3_CACHE_BYTES', DEFAULT_S3_CACHE_BYTES) },
    maxConcurrentUploads: positiveInt(env, 'S3_MAX_UPLOADS', DEFAULT_S3_MAX_UPLOADS),
  };
}

/** Reads the configuration from `env` (default `process.env`). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = intFrom(env, 'PORT', 3000);
  const databaseUrl = nonEmpty(env.DATABASE_URL);
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const dataDir = path.resolve(nonEmpty(env.DATA_DIR) ?? './.data');
  return {
    port,
    dataDir,
    databaseUrl,
    temporalAddress: nonEmpty(env.TEMPORAL_ADDRESS),
    temporalNamespace: nonEmpty(env.TEMPORAL_NAMESPACE) ?? 'default',
    taskQueue: nonEmpty(env.TEMPORAL_TASK_QUEUE) ?? 'sop-jobs',
    demoPassword: nonEmpty(env.DEMO_PASSWORD),
    demoMode: demoModeFrom(nonEmpty(env.SOP_DEMO)),
    trustProxy: trustProxyFrom(nonEmpty(env.TRUST_PROXY)),
    publicUrl: nonEmpty(env.PUBLIC_URL) ?? `http://localhost:${port}`,
    metricsToken: metricsTokenFrom(nonEmpty(env.METRICS_TOKEN)),
    workerMetricsPort: nonEmpty(env.WORKER_METRICS_PORT) === undefined ? undefined : intFrom(env, 'WORKER_METRICS_PORT', 0),
    otlpEndpoint: nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT),
    maxCachedWorkflows: positiveInt(env, 'WORKER_MAX_CACHED_WORKFLOWS', DEFAULT_MAX_CACHED_WORKFLOWS),
    workflowTaskSlots: positiveInt(env, 'WORKER_WORKFLOW_TASK_SLOTS', DEFAULT_WORKFLOW_TASK_SLOTS),
    localActivitySlots: positiveInt(env, 'WORKER_LOCAL_ACTIVITY_SLOTS', DEFAULT_LOCAL_ACTIVITY_SLOTS),
    workflowTaskPolls: positiveInt(env, 'WORKER_WORKFLOW_TASK_POLLS', DEFAULT_WORKFLOW_TASK_POLLS),
    storage: storageFrom(env, dataDir),
    uploads: {
      maxRequestBytes: positiveInt(env, 'UPLOAD_MAX_REQUEST_BYTES', DEFAULT_UPLOAD_MAX_REQUEST_BYTES),
      orgQuotaBytes: bytesOrOff(env, 'ORG_STORAGE_QUOTA_BYTES', DEFAULT_ORG_STORAGE_QUOTA_BYTES),
      perOrg: positiveInt(env, 'UPLOAD_MAX_PER_ORG', DEFAULT_UPLOADS_PER_ORG),
    },
    fileGc: loadFileGcConfig(env),
    backup: {
      dir: path.resolve(nonEmpty(env.BACKUP_DIR) ?? path.join(dataDir, 'backups')),
      keep: positiveInt(env, 'BACKUP_KEEP', 7),
      cron: backupCron(nonEmpty(env.BACKUP_CRON)),
      timezone: nonEmpty(env.BACKUP_TIMEZONE) ?? 'UTC',
    },
  };
}
