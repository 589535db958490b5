/**
 * A failed delivery attempt. `permanent` failures (a refused signature, an
 * unknown mailbox, a 4xx) fail the outbox row at once, for an admin to fix and
 * retry; transient ones (connection refused, timeouts, 5xx, rate limits) are
 * retried with backoff. Match with `isPermanentFailure`, not `instanceof`.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export function isPermanentFailure(error: unknown): boolean {
  const e = error as { name?: string; permanent?: boolean } | null;
  return e?.name === 'DeliveryError' && e.permanent === true;
}

/** HTTP statuses worth retrying: server errors, 408 and 429. */
export function transientStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/** Longest receiver text quoted in a delivery error (a foreign server's answer is not ours to show at length). */
export const EXCERPT_LIMIT = 120;
/** Longest reason stored with a delivery and shown under Deliveries. */
export const REASON_LIMIT = 300;

/**
 * Text safe to show in one line: control and invisible formatting characters
 * (bidi overrides, zero-width) removed, whitespace runs as one space, cut to
 * `max` characters with an ellipsis.
 */
export function oneLine(text: string, max: number): string {
  const clean = text.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+/gu, ' ').replace(/\s+/g, ' ').trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1)}…`;
}

/** A receiver's answer, quoted briefly in an error message. */
export const excerpt = (text: string) => oneLine(text, EXCERPT_LIMIT);

/** A delivery's failure reason as stored and listed. */
export const shortReason = (text: string) => oneLine(text, REASON_LIMIT);
