/**
 * Which downloads reach the audit chain. Every append takes the chain's one
 * lock (platform/audit/audit-log.ts), so auditing each GET of a file — a
 * gallery re-rendering thumbnails, a browser revalidating its cache — would
 * serialise reads behind writes. The rule: a 304 Not Modified is never audited
 * (no bytes left the server), and of the downloads that send bytes, the first
 * per user and file in each hour is (`file.downloaded` then stands for "this
 * person fetched this file, possibly again, within the hour"). Kept in this
 * process's memory (bounded): with N API replicas a user+file pair is audited
 * at most N times an hour, and after a restart its next download is audited
 * again — erring towards more records, never fewer than one per hour.
 */
export const DOWNLOAD_AUDIT_WINDOW_MS = 60 * 60 * 1000;
const MAX_REMEMBERED = 50_000;

export interface DownloadAuditThrottle {
  /** True when this download should be audited (and remembers it as audited now). */
  shouldAudit(userId: string, fileId: string): boolean;
}

export function createDownloadAuditThrottle(now: () => number = Date.now, windowMs = DOWNLOAD_AUDIT_WINDOW_MS): DownloadAuditThrottle {
  // Insertion order is audit order: the oldest entries are first, so expiry and the size cap trim from the front.
  const audited = new Map<string, number>();
  return {
    shouldAudit(userId, fileId) {
      const at = now();
      for (const [key, when] of audited) {
        if (at - when < windowMs && audited.size < MAX_REMEMBERED) break;
        audited.delete(key);
      }
      const key = `${userId}\u0000${fileId}`;
      const last = audited.get(key);
      if (last !== undefined && at - last < windowMs) return false;
      audited.delete(key);
      audited.set(key, at);
      return true;
    },
  };
}
