/**
 * Login rate limiting: after `maxFailures` failed logins for one e-mail (or
 * from one address) within `windowMs`, further attempts are refused until the
 * window passes. In memory, per API process; behind several API processes
 * each limits on its own (documented).
 */
export interface LoginLimiter {
  /** Seconds to wait, or 0 when an attempt is allowed now. */
  retryAfter(keys: string[], now?: number): number;
  fail(keys: string[], now?: number): void;
  succeed(keys: string[]): void;
}

export function createLoginLimiter(maxFailures = 5, windowMs = 15 * 60_000): LoginLimiter {
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number): number[] => (failures.get(key) ?? []).filter((t) => now - t < windowMs);
  return {
    retryAfter(keys, now = Date.now()) {
      let wait = 0;
      for (const key of keys) {
        const times = recent(key, now);
        if (times.length >= maxFailures) wait = Math.max(wait, Math.ceil((times[0]! + windowMs - now) / 1000));
      }
      return wait;
    },
    fail(keys, now = Date.now()) {
      for (const key of keys) failures.set(key, [...recent(key, now), now]);
      if (failures.size > 10_000) {
        for (const [key, times] of failures) if (times.every((t) => now - t >= windowMs)) failures.delete(key);
      }
    },
    succeed(keys) {
      for (const key of keys) failures.delete(key);
    },
  };
}
