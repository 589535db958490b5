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
 *
 * Lookups are single-flight ({@link SessionCache.lookup}): when an entry expires
 * under load, the requests that miss it together share one database read instead
 * of each making its own (50 connections with one token made 50 reads every 2 s).
 * An eviction drops the reads in flight: a request after a logout never joins a
 * read that started before it, and such a read's answer is not cached.
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
  /** Reads in flight by token hash; {@link generation} tells whether an eviction happened since one started. */
  private readonly pending = new Map<string, Promise<Entry['value'] | undefined>>();
  private generation = 0;

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

  /**
   * The cached value, or `load`'s answer — one `load` at a time per token hash: concurrent misses wait for the same
   * read. A live answer is cached until `expiresAt` (or the TTL), unless an eviction happened while it was read.
   */
  lookup(tokenHash: string, load: () => Promise<{ value: Entry['value']; expiresAt: Date } | undefined>): Promise<Entry['value'] | undefined> {
    const cached = this.get(tokenHash);
    if (cached) return Promise.resolve(cached);
    const inFlight = this.pending.get(tokenHash);
    if (inFlight) return inFlight;
    const started = this.generation;
    const read = load().then(
      (found) => {
        if (this.pending.get(tokenHash) === read) this.pending.delete(tokenHash);
        if (found && this.generation === started) this.set(tokenHash, found.value, found.expiresAt);
        return found?.value;
      },
      (error: unknown) => {
        if (this.pending.get(tokenHash) === read) this.pending.delete(tokenHash);
        throw error;
      },
    );
    this.pending.set(tokenHash, read);
    return read;
  }

  /** Forgets every session of the user (roles, preferences or the account changed: the next request reads them again). */
  evictUser(userId: string): void {
    this.dropInFlight();
    for (const [key, entry] of this.entries) if (entry.value.user.id === userId) this.entries.delete(key);
  }

  /** Forgets the session (logout). */
  evictSession(sessionId: string): void {
    this.dropInFlight();
    for (const [key, entry] of this.entries) if (entry.value.sessionId === sessionId) this.entries.delete(key);
  }

  /** Reads in flight may predate the change an eviction stands for: later requests read anew, their answers are not cached. */
  private dropInFlight(): void {
    this.generation += 1;
    this.pending.clear();
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
