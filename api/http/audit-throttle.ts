/**
 * Which repeated events reach the audit chain. Every append takes the chain's
 * one lock (platform/audit/audit-log.ts), so auditing each repetition — a
 * gallery re-rendering thumbnails, a browser revalidating its cache, a client
 * retrying a refused submission in a loop — would serialise requests behind
 * writes and let anyone who sees a job grow its trail without bound.
 *
 * The rule: of the events with the same key (e.g. user + file for downloads;
 * user + job + step + refusal code for refusals), the first in each window
 * (an hour) is audited; the audit row then stands for "this happened, possibly
 * again, within the hour". A 304 Not Modified is never audited (no bytes left
 * the server). Kept in this process's memory (bounded): with N API replicas a
 * key is audited at most N times an hour, and after a restart its next event is
 * audited again — erring towards more records, never fewer than one per hour.
 */
export const AUDIT_THROTTLE_WINDOW_MS = 60 * 60 * 1000;
const MAX_REMEMBERED = 50_000;

export interface AuditThrottle {
  /** True when this event should be audited (and remembers its key as audited now). */
  shouldAudit(...key: string[]): boolean;
}

export function createAuditThrottle(now: () => number = Date.now, windowMs = AUDIT_THROTTLE_WINDOW_MS): AuditThrottle {
  // Insertion order is audit order: the oldest entries are first, so expiry and the size cap trim from the front.
  const audited = new Map<string, number>();
  return {
    shouldAudit(...keyParts) {
      const at = now();
      for (const [key, when] of audited) {
        if (at - when < windowMs && audited.size < MAX_REMEMBERED) break;
        audited.delete(key);
      }
      const key = keyParts.join('\u0000');
      const last = audited.get(key);
      if (last !== undefined && at - last < windowMs) return false;
      audited.delete(key);
      audited.set(key, at);
      return true;
    },
  };
}
