/**
 * Dispatcher options, read once from the environment with every default here.
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | `NOTIFY_DISPATCHER` | `on` | `off`: this worker process sends nothing (another one does) |
 * | `NOTIFY_POLL_MS` | 250 | how often an idle dispatcher looks for due rows |
 * | `NOTIFY_BATCH` | 100 | rows claimed at once |
 * | `NOTIFY_CONCURRENCY` | 32 | sends in flight per dispatcher |
 * | `NOTIFY_SMTP_CONNECTIONS` | 8 | pooled SMTP connections per e-mail config and dispatcher |
 * | `NOTIFY_MAX_ATTEMPTS` | 8 | attempts before a row is `failed` |
 * | `NOTIFY_BACKOFF_MS` | 2000 | first retry delay; doubles per attempt (±10 % jitter) |
 * | `NOTIFY_BACKOFF_MAX_MS` | 600000 | longest retry delay |
 * | `NOTIFY_LEASE_MS` | 60000 | a claimed row is re-sent by anyone after this (crashed dispatcher) |
 * | `NOTIFY_TIMEOUT_MS` | 10000 | per request (HTTP) / per SMTP stage |
 */
export interface NotificationSettings {
  enabled: boolean;
  pollMs: number;
  batchSize: number;
  concurrency: number;
  smtpConnections: number;
  maxAttempts: number;
  backoffMs: number;
  backoffMaxMs: number;
  leaseMs: number;
  timeoutMs: number;
}

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  enabled: true,
  pollMs: 250,
  batchSize: 100,
  concurrency: 32,
  smtpConnections: 8,
  maxAttempts: 8,
  backoffMs: 2000,
  backoffMaxMs: 600_000,
  leaseMs: 60_000,
  timeoutMs: 10_000,
};

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer (found "${raw}")`);
  return value;
}

export function loadNotificationSettings(env: NodeJS.ProcessEnv = process.env): NotificationSettings {
  const d = DEFAULT_NOTIFICATION_SETTINGS;
  const flag = (env.NOTIFY_DISPATCHER ?? 'on').trim().toLowerCase();
  if (!['on', 'off', ''].includes(flag)) throw new Error(`NOTIFY_DISPATCHER must be on or off (found "${env.NOTIFY_DISPATCHER}")`);
  return {
    enabled: flag !== 'off',
    pollMs: positive(env, 'NOTIFY_POLL_MS', d.pollMs),
    batchSize: positive(env, 'NOTIFY_BATCH', d.batchSize),
    concurrency: positive(env, 'NOTIFY_CONCURRENCY', d.concurrency),
    smtpConnections: positive(env, 'NOTIFY_SMTP_CONNECTIONS', d.smtpConnections),
    maxAttempts: positive(env, 'NOTIFY_MAX_ATTEMPTS', d.maxAttempts),
    backoffMs: positive(env, 'NOTIFY_BACKOFF_MS', d.backoffMs),
    backoffMaxMs: positive(env, 'NOTIFY_BACKOFF_MAX_MS', d.backoffMaxMs),
    leaseMs: positive(env, 'NOTIFY_LEASE_MS', d.leaseMs),
    timeoutMs: positive(env, 'NOTIFY_TIMEOUT_MS', d.timeoutMs),
  };
}

/** Delay before attempt `attempt + 1`: backoffMs · 2^(attempt-1), capped, ±10 % jitter. */
export function backoffDelay(settings: Pick<NotificationSettings, 'backoffMs' | 'backoffMaxMs'>, attempt: number, random = Math.random): number {
  const base = Math.min(settings.backoffMaxMs, settings.backoffMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.9 + 0.2 * random()));
}
