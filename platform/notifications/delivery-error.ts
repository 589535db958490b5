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
