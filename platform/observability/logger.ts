/**
 * Structured logs: one JSON object per line (pino) on stdout, or readable
 * lines when `LOG_FORMAT=pretty` (the default of `npm start` on a terminal).
 * Every line written inside a request or an activity carries its
 * `requestId`. Credentials never reach a line: authorization and cookie
 * headers, API keys, passwords, tokens and secrets are redacted wherever the
 * logged object puts them (first two levels), and request URLs are logged
 * without their query string (stream tickets travel there).
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import { currentRequestId } from './request-context';

export type { Logger } from 'pino';

const SECRET_KEYS = ['password', 'currentPassword', 'newPassword', 'token', 'accessToken', 'refreshToken', 'secret', 'apiKey', 'authorization', 'cookie', 'ticket'];

/** pino redact paths: the secret keys at the top level, one and two levels down, and the request/response headers that carry credentials. */
export const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  ...SECRET_KEYS.map((k) => `*.*.${k}`),
  'req.headers["x-api-key"]',
  // The UI's own pages for reset and invitation links carry the one-time token in their path, so the
  // requests they make next carry it in Referer.
  'req.headers.referer',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
];

/** Path segments that are one-time secrets: reset and invitation tokens, in the API's and the UI's paths. */
const SECRET_SEGMENT = /\/(reset-password|invite|password-reset|invitations)\/[^/]+/g;

/**
 * A request path fit for a log line: the segment after `reset-password`,
 * `invite`, `password-reset` or `invitations` is replaced by `[Redacted]`
 * (a password-reset or invitation token would let a log reader take the account).
 */
export function loggablePath(path: string): string {
  return path.replace(SECRET_SEGMENT, '/$1/[Redacted]');
}

export type LogFormat = 'json' | 'pretty';

export interface LoggerOptions {
  /** `LOG_LEVEL`: fatal, error, warn, info (default), debug, trace or silent. */
  level?: string;
  /** `LOG_FORMAT`: json (default) or pretty. */
  format?: LogFormat;
  /** Where lines go (default stdout); tests capture them here. */
  destination?: DestinationStream;
  /** Fields on every line, e.g. `{ service: 'api' }`. */
  base?: Record<string, unknown>;
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** LOG_LEVEL and LOG_FORMAT from the environment, checked. */
export function logSettingsFrom(env: NodeJS.ProcessEnv = process.env): { level: string; format: LogFormat } {
  const level = (env.LOG_LEVEL ?? '').trim().toLowerCase() || 'info';
  if (!LEVELS.includes(level)) throw new Error(`LOG_LEVEL must be one of ${LEVELS.join(', ')} (found "${env.LOG_LEVEL}")`);
  const rawFormat = (env.LOG_FORMAT ?? '').trim().toLowerCase();
  const format = rawFormat === '' ? (env.NODE_ENV === 'development' ? 'pretty' : 'json') : rawFormat;
  if (format !== 'json' && format !== 'pretty') throw new Error(`LOG_FORMAT must be json or pretty (found "${env.LOG_FORMAT}")`);
  return { level, format };
}

/** The readable stream of pino-pretty (a development dependency): JSON when it is not installed. */
function prettyStream(): DestinationStream | undefined {
  try {
    const pretty = require('pino-pretty') as (options: Record<string, unknown>) => DestinationStream;
    return pretty({ colorize: process.stdout.isTTY === true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
  } catch {
    return undefined;
  }
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? (options.format === 'pretty' ? prettyStream() : undefined) ?? pino.destination({ fd: 1, sync: true });
  return pino(
    {
      level: options.level ?? 'info',
      base: { ...options.base },
      redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin() {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
    },
    destination,
  );
}

/** The `(line) => void` log function most modules take, writing info lines to `logger` (warn for lines that say something failed). */
export function lineLog(logger: Logger): (line: string) => void {
  return (line) => {
    if (/\b(failed|cannot|could not|unavailable|did not)\b/i.test(line)) logger.warn(line);
    else logger.info(line);
  };
}
