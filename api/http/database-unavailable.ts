/**
 * Recognises "the database is not there right now" (server restarting after a
 * crash, connection refused or cut, recovery in progress) anywhere in an
 * error's cause chain, so the API answers 503 with Retry-After — a retryable
 * answer clients and load balancers understand — instead of a 500. So does a
 * pool with no free connection for a transaction within Prisma's wait (a burst
 * of job starts on a loaded machine): nothing was written, a retry is safe.
 */

/** SQLSTATEs and socket codes of an unreachable or restarting server; Prisma's P1001/P1017. */
const CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT',
  '57P01', '57P02', '57P03', // admin_shutdown, crash_shutdown, cannot_connect_now
  '08000', '08001', '08003', '08006', // connection exceptions
  'P1001', 'P1017',
]);

/** Driver-adapter error kinds (Prisma 7) meaning the same. */
const KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout']);

/**
 * The same in messages, for errors that carry the SQLSTATE only in their text (Prisma's
 * driver adapter: "Database error. Code: `57P03`. Message: `…`") or none at all (node-postgres
 * on a client whose connection broke).
 */
const MESSAGES = /Connection terminated|connect ECONNREFUSED|terminating connection due to (administrator command|unexpected postmaster exit)|the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)|Can't reach database server|Server has closed the connection|Client has encountered a connection error and is not queryable|Code: `(57P0[123]|08\d{3})`|Unable to start a transaction in the given time/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const e = current as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; originalCode?: unknown };
    if (typeof e.code === 'string' && CODES.has(e.code)) return true;
    if (typeof e.originalCode === 'string' && CODES.has(e.originalCode)) return true;
    if (typeof e.kind === 'string' && KINDS.has(e.kind)) return true;
    if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
    current = e.cause;
  }
  return false;
}
