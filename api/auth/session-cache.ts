/**
 * A short-lived, per-process memory of token → session, so that a burst of
 * requests with one token costs one lookup instead of one per request.
 *
 * Correct with revocation: logging out through this process evicts the entry
 * at once (so do changes to the user made through it: roles, disabling,
 * preferences), and an entry never outlives its session's expiry. Another API
 * process that revoked the session (or disabled the user) is seen here within
 * `ttlMs` at most (default 2 s): the price of not asking the database on every
 * request. Set the TTL to 0 to ask every time.
 */
import type { AuthUser } from './auth-user';

export const DEFAULT_SESSION_CACHE_TTL_MS = 2000;
const MAX_ENTRIES = 10_000;

interface Entry {
  value: { user: AuthUser; sessionId: string };
  until: number;
}

export class SessionCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly ttlMs = DEFAULT_SESSION_CACHE_TTL_MS) {}

  get(tokenHash: string, now = Date.now()): Entry['value'] | undefined {
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (entry.until <= now) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return entry.value;
  }

  set(tokenHash: string, value: Entry['value'], sessionExpiresAt: Date, now = Date.now()): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(tokenHash, { value, until: Math.min(now + this.ttlMs, sessionExpiresAt.getTime()) });
  }

  /** Forgets every session of the user (roles, preferences or the account changed: the next request reads them again). */
  evictUser(userId: string): void {
    for (const [key, entry] of this.entries) if (entry.value.user.id === userId) this.entries.delete(key);
  }

  /** Forgets the session (logout). */
  evictSession(sessionId: string): void {
    for (const [key, entry] of this.entries) if (entry.value.sessionId === sessionId) this.entries.delete(key);
  }
}

const caches = new WeakMap<object, SessionCache>();

/** The cache of one database client (every app built on it in this process shares it, so a logout anywhere here evicts). */
export function sessionCacheFor(prisma: object): SessionCache {
  let cache = caches.get(prisma);
  if (!cache) {
    cache = new SessionCache();
    caches.set(prisma, cache);
  }
  return cache;
}
