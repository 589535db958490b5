/**
 * The database signal behind the live event stream (api/live/): writers of
 * what a reader sees change `NOTIFY sop_events` inside their transaction
 * (delivered at commit, dropped at rollback); every API process LISTENs on a
 * connection of its own and reads what changed. Payloads carry no data a
 * listener could not read anyway, only what to look at:
 *
 * - `a`: audit events were appended (platform/audit/audit-log.ts); the
 *   listener reads rows after the last `seq` it saw, so one signal per
 *   transaction is enough however many rows it wrote.
 * - `i:<userId>`: an inbox notice for that user was written
 *   (platform/notifications/outbox-insert.ts).
 * - `c:<json {jobId,nodeId,round}>`: a check result was stored
 *   (activities/run-check.ts); not in the audit trail, so not resumable
 *   (the check step's completion, which is, follows).
 *
 * A lost signal is never lost data: the listener also reads the audit trail
 * on a timer, and the UI keeps polling, more slowly, as a fallback.
 */
export const LIVE_CHANNEL = 'sop_events';

/** SQL expression that queues the audit signal (used inside the audit lock's statement). */
export const AUDIT_SIGNAL_SQL = `pg_notify('${LIVE_CHANNEL}', 'a')::text`;

/** The payload of a stored check result. */
export function checkSignal(jobId: string, nodeId: string, round: number): string {
  return `c:${JSON.stringify({ jobId, nodeId, round })}`;
}

export type LiveSignal =
  | { kind: 'audit' }
  | { kind: 'inbox'; userId: string }
  | { kind: 'check'; jobId: string; nodeId: string; round: number };

/** Parses a notification payload; undefined for anything else (ignored). */
export function parseLiveSignal(payload: string | undefined): LiveSignal | undefined {
  if (payload === 'a') return { kind: 'audit' };
  if (payload?.startsWith('i:') && payload.length > 2) return { kind: 'inbox', userId: payload.slice(2) };
  if (payload?.startsWith('c:')) {
    try {
      const v = JSON.parse(payload.slice(2)) as { jobId?: unknown; nodeId?: unknown; round?: unknown };
      if (typeof v.jobId === 'string' && typeof v.nodeId === 'string' && Number.isInteger(v.round)) return { kind: 'check', jobId: v.jobId, nodeId: v.nodeId, round: v.round as number };
    } catch {
      return undefined;
    }
  }
  return undefined;
}
