/**
 * Signatures and stable ids for outgoing messages. Pure functions over
 * `node:crypto`; the receivers' side (`verifyWebhookSignature`) is exported for
 * integrators and for the tests' loopback receivers.
 *
 * - DingTalk robot: `sign = base64(HMAC-SHA256(key = secret, timestamp + "\n" + secret))`,
 *   `timestamp` in milliseconds, both in the query string.
 * - Feishu robot: `sign = base64(HMAC-SHA256(key = timestamp + "\n" + secret, ""))`,
 *   `timestamp` in seconds, both in the JSON body.
 * - Generic webhook: `X-SOP-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** How far a generic webhook's timestamp may be from the receiver's clock (5 minutes). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export const SIGNATURE_HEADER = 'X-SOP-Signature';
export const EVENT_ID_HEADER = 'X-SOP-Event-Id';
export const EVENT_TYPE_HEADER = 'X-SOP-Event-Type';

/** 32 hex characters of sha256(idempotency key): the same for every resend of one outbox row. */
export function stableDigest(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
}

/** The generic webhook's event id (`X-SOP-Event-Id`, also `id` in the body). */
export function eventIdFor(idempotencyKey: string): string {
  return `evt_${stableDigest(idempotencyKey)}`;
}

/** An RFC 5322 Message-ID, stable per outbox row, so a resent e-mail is recognisably the same message. */
export function messageIdFor(idempotencyKey: string, domain: string): string {
  return `<${stableDigest(idempotencyKey)}@${domain}>`;
}

export function dingTalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

/** The `X-SOP-Signature` header value for `body` sent at `timestampSeconds`. */
export function signWebhook(secret: string, body: string, timestampSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${v1}`;
}

export type WebhookVerification =
  | { ok: true; timestamp: number }
  | { ok: false; reason: 'missing-header' | 'malformed-header' | 'outside-tolerance' | 'signature-mismatch' };

export interface VerifyWebhookOptions {
  /** The shared secret of the endpoint (more than one while rotating: any may match). */
  secret: string | string[];
  /** The raw request body, exactly as received (not re-serialised JSON). */
  body: string | Buffer;
  /** The `X-SOP-Signature` header. */
  header: string | undefined;
  /** Replay window in seconds (default 300). */
  toleranceSeconds?: number;
  /** The receiver's clock in ms (default `Date.now()`). */
  now?: number;
}

/**
 * Checks a generic webhook on the receiving side: the header parses, its
 * timestamp is within the replay window and one `v1` equals
 * HMAC-SHA256(secret, `${t}.${body}`) (constant-time compare). Receivers
 * should also remember `X-SOP-Event-Id`s for the window and drop repeats:
 * a message may be delivered more than once, never with a different id.
 */
export function verifyWebhookSignature(options: VerifyWebhookOptions): WebhookVerification {
  if (!options.header) return { ok: false, reason: 'missing-header' };
  let timestamp: number | undefined;
  const candidates: string[] = [];
  for (const part of options.header.split(',')) {
    const [name, value] = part.trim().split('=', 2);
    if (name === 't' && value !== undefined && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    if (name === 'v1' && value !== undefined && /^[0-9a-f]{64}$/.test(value)) candidates.push(value);
  }
  if (timestamp === undefined || candidates.length === 0) return { ok: false, reason: 'malformed-header' };
  const nowSeconds = Math.floor((options.now ?? Date.now()) / 1000);
  if (Math.abs(nowSeconds - timestamp) > (options.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS)) return { ok: false, reason: 'outside-tolerance' };
  const body = typeof options.body === 'string' ? options.body : options.body.toString('utf8');
  const secrets = Array.isArray(options.secret) ? options.secret : [options.secret];
  for (const secret of secrets) {
    const expected = Buffer.from(createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex'));
    if (candidates.some((c) => timingSafeEqual(Buffer.from(c), expected))) return { ok: true, timestamp };
  }
  return { ok: false, reason: 'signature-mismatch' };
}
