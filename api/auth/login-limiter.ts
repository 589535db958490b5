/**
 * Login attempt limits, kept in PostgreSQL (table `login_attempts`) by
 * rate-limiter-flexible's PostgreSQL store, so every API process shares them
 * and a restart forgets nothing.
 *
 * An attempt is counted *before* the password is checked (one atomic
 * `INSERT … ON CONFLICT DO UPDATE … RETURNING`), so concurrent requests cannot
 * slip past the budget while argon2 runs: of N parallel attempts exactly
 * `perAccountAddress` reach the password check. Two counters:
 *
 * - account + client address (default 5 per 15 min): guessing one account's
 *   password; a login from another address is not affected, so nobody can lock
 *   a named account out by failing on purpose.
 * - client address (default 100 per 15 min): one address trying many accounts.
 *
 * A successful login clears its account+address counter and gives the
 * address's point back (an office behind one NAT address is not limited by
 * its own colleagues' logins). Keys are SHA-256 hashes: no e-mail address or IP
 * is stored in the table.
 */
import { createHash, randomBytes } from 'node:crypto';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Database } from '../../platform/db/database';

export interface LoginSubject {
  /** The lower-cased e-mail address tried (known account or not). */
  account: string;
  /** The client address (req.ip, see TRUST_PROXY). */
  address: string;
}

export interface LoginLimiter {
  /** Counts one attempt; answers 0 when it may go on, or the seconds to wait (the attempt is refused). */
  take(subject: LoginSubject): Promise<number>;
  /** The password was right: forget this account+address's failures and give the address its point back. */
  succeeded(subject: LoginSubject): Promise<void>;
}

export interface LoginLimits {
  perAccountAddress: number;
  perAddress: number;
  windowSeconds: number;
  /**
   * Separates independent limiters on one database (tests); every API process of
   * one deployment must use the same value (the default) to share the budget.
   */
  namespace: string;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perAccountAddress: 5, perAddress: 100, windowSeconds: 15 * 60, namespace: 'login' };

const hashed = (...parts: string[]) => createHash('sha256').update(parts.join('\n')).digest('hex');

/** rate-limiter-flexible's store client, on the application's `pg` pool through Database.query. */
function storeClientOf(db: Database) {
  return {
    async query(q: { text: string; values?: unknown[] }) {
      const rows = await db.query<Record<string, unknown>>(q.text, q.values ?? []);
      return { rows, rowCount: rows.length };
    },
  };
}

export function createLoginLimiter(db: Database, limits: Partial<LoginLimits> = {}): LoginLimiter {
  const { perAccountAddress, perAddress, windowSeconds, namespace } = { ...DEFAULT_LOGIN_LIMITS, ...limits };
  const common = { storeClient: storeClientOf(db), storeType: 'client', tableName: 'login_attempts', tableCreated: true, duration: windowSeconds };
  const byAccountAddress = new RateLimiterPostgres({ ...common, keyPrefix: `${namespace}-aa`, points: perAccountAddress });
  const byAddress = new RateLimiterPostgres({ ...common, keyPrefix: `${namespace}-a`, points: perAddress });
  const keys = (s: LoginSubject) => ({ aa: hashed(s.account, s.address), a: hashed(s.address) });
  return {
    async take(subject) {
      const { aa, a } = keys(subject);
      const results = await Promise.allSettled([byAccountAddress.consume(aa), byAddress.consume(a)]);
      let waitMs = 0;
      for (const result of results) {
        if (result.status === 'fulfilled') continue;
        // The library rejects with a RateLimiterRes when over the limit, with an Error when the store failed.
        if (!(result.reason instanceof RateLimiterRes)) throw result.reason;
        waitMs = Math.max(waitMs, result.reason.msBeforeNext, 1000);
      }
      return Math.ceil(waitMs / 1000);
    },
    async succeeded(subject) {
      const { aa, a } = keys(subject);
      await Promise.all([byAccountAddress.delete(aa), byAddress.reward(a, 1)]);
    },
  };
}

/** A limiter of its own on `db` (tests: a second app that must not share the first one's counters). */
export function createIsolatedLoginLimiter(db: Database, limits: Partial<Omit<LoginLimits, 'namespace'>> = {}): LoginLimiter {
  return createLoginLimiter(db, { ...limits, namespace: `login-${randomBytes(4).toString('hex')}` });
}
