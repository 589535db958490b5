/**
 * The live event hub of one API process: ONE dedicated PostgreSQL connection
 * that `LISTEN`s on `sop_events` (platform/live/live-signal.ts), reads what the
 * signals point at, and fans it out to this process's open streams, each
 * filtered by its reader's scope (vendors: their organisation's jobs only).
 *
 * - Audit signals: rows of the audit trail after the last `seq` read, in
 *   batches, joined to their job's vendor organisation. Each job-bound row
 *   becomes one event whose id is its `seq` (so `Last-Event-ID` resumes).
 *   The trail is also read on a timer (`pollMs`), so a signal lost while the
 *   connection was down delays events, never drops them.
 * - Inbox signals go to the streams of that user; check signals to the
 *   streams that may see the job. Neither is resumable: after a lost LISTEN
 *   connection every stream gets `resync` (the client refetches).
 *
 * The connection is opened with the first stream and closed `idleMs` after
 * the last one ends; it reconnects with backoff (1 s → 30 s). Nothing of the
 * audit `data` leaves here, and staff-only events (internal comments) never reach a
 * vendor's stream: an event says what changed (type, job, step,
 * round, seq, time), the client reads the change through the scoped routes.
 */
import { Client } from 'pg';
import type { Database } from '../../platform/db/database';
import { LIVE_CHANNEL, parseLiveSignal, type LiveSignal } from '../../platform/live/live-signal';
import { canSeeJobOf } from '../access/job-scope';
import { STAFF_ONLY_EVENT_TYPES, canReadEventType } from '../comments/comment-scope';
import type { AuthUser } from '../auth/auth-user';

export const LIVE_EVENT_NAMES = ['job', 'step', 'submission', 'review', 'comment', 'check', 'inbox', 'ready', 'resync'] as const;
export type LiveEventName = (typeof LIVE_EVENT_NAMES)[number];

export interface LiveEvent {
  name: LiveEventName;
  /** The audit `seq` (resumable events only). */
  id?: number;
  data: Record<string, unknown>;
}

/** One open stream, as the hub sees it. */
export interface LiveSubscriber {
  /** The reader; replaced when a recheck finds new roles or organisation. */
  user: AuthUser;
  send(event: LiveEvent): void;
}

export interface LiveHubOptions {
  db: Database;
  log?: (line: string) => void;
  /** Trail read on a timer while streams are open (default 5 s): the fallback for lost signals. */
  pollMs?: number;
  /** The LISTEN connection stays this long after the last stream ended (default 30 s). */
  idleMs?: number;
  /** Most audit rows read per statement (default 500). */
  batch?: number;
}

export interface LiveHub {
  /**
   * Registers a stream unless its user already has `maxPerUser` open here (then resolves
   * `too-many`); resolves with the newest audit `seq` (the `ready` event's id). Events
   * with a higher seq reach it.
   */
  subscribe(subscriber: LiveSubscriber, maxPerUser: number): Promise<{ head: number; unsubscribe(): void } | 'too-many'>;
  /** Streams open in this process for `userId`. */
  openStreams(userId: string): number;
  /**
   * Job-bound audit events after `afterSeq` the user may see, oldest first, at
   * most `limit`; `complete` false when there were more (the client then resyncs).
   */
  replay(user: AuthUser, afterSeq: number, limit: number): Promise<{ events: LiveEvent[]; complete: boolean }>;
  /** Ends every stream (their `onClose`) and the LISTEN connection. */
  close(): Promise<void>;
  /** Called when the hub closes: streams end their responses. */
  onClose(listener: () => void): () => void;
}

interface AuditRow {
  seq: number;
  type: string;
  jobId: string | null;
  at: Date;
  nodeId: string | null;
  round: string | null;
  vendorOrgId: string | null;
}

const CATEGORY: Record<string, LiveEventName> = { job: 'job', step: 'step', submission: 'submission', review: 'review', comment: 'comment', check: 'check' };

/** The stream event of a job-bound audit row: what changed, never the row's data. */
export function auditLiveEvent(row: Pick<AuditRow, 'seq' | 'type' | 'jobId' | 'at' | 'nodeId' | 'round'>): LiveEvent {
  const category = CATEGORY[row.type.split('.')[0] ?? ''] ?? 'job';
  const data: Record<string, unknown> = { seq: row.seq, type: row.type, jobId: row.jobId, at: new Date(row.at).toISOString() };
  if (row.nodeId !== null) data.nodeId = row.nodeId;
  const round = row.round === null ? NaN : Number(row.round);
  if (Number.isInteger(round)) data.round = round;
  return { name: category, id: row.seq, data };
}

const AUDIT_COLUMNS = `e.seq, e.type, e."jobId", e.at, e.data->>'nodeId' AS "nodeId", e.data->>'round' AS "round", j."vendorOrgId"`;
const READ_AFTER = `SELECT ${AUDIT_COLUMNS} FROM "AuditEvent" e LEFT JOIN "Job" j ON j.id = e."jobId" WHERE e.seq > $1 ORDER BY e.seq LIMIT $2`;
// A vendor's replay: their organisation's jobs, without staff-only events (internal comments, api/comments/comment-scope.ts).
const REPLAY_AFTER = `SELECT ${AUDIT_COLUMNS} FROM "AuditEvent" e JOIN "Job" j ON j.id = e."jobId"
  WHERE e.seq > $1 AND ($2::text IS NULL OR (j."vendorOrgId" = $2::text AND NOT (e.type = ANY($4::text[])))) ORDER BY e.seq LIMIT $3`;
const HEAD = `SELECT COALESCE(MAX(seq), 0)::int AS head FROM "AuditEvent"`;
const VENDOR_OF = `SELECT "vendorOrgId" FROM "Job" WHERE id = $1`;

export function createLiveHub(options: LiveHubOptions): LiveHub {
  const { db } = options;
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const pollMs = options.pollMs ?? 5000;
  const idleMs = options.idleMs ?? 30_000;
  const batch = options.batch ?? 500;

  const subscribers = new Set<LiveSubscriber>();
  const closeListeners = new Set<() => void>();
  let lastSeq: number | undefined;
  let listening: Promise<void> | undefined;
  let stopping = false;
  let closed = false;
  let poller: NodeJS.Timeout | undefined;
  let idleTimer: NodeJS.Timeout | undefined;

  function openStreams(userId: string): number {
    let n = 0;
    for (const s of subscribers) if (s.user.id === userId) n += 1;
    return n;
  }

  let pumping: Promise<void> | undefined;
  let again = false;

  function deliver(event: LiveEvent, visible: (user: AuthUser) => boolean): void {
    for (const s of subscribers) {
      if (!visible(s.user)) continue;
      try {
        s.send(event);
      } catch (error) {
        log(`[live] stream send failed: ${(error as Error).message}`);
      }
    }
  }

  async function readTrail(): Promise<void> {
    for (;;) {
      if (lastSeq === undefined) return;
      const rows = await db.query<AuditRow>(READ_AFTER, [lastSeq, batch]);
      for (const row of rows) {
        lastSeq = Math.max(lastSeq, row.seq);
        if (row.jobId === null || row.vendorOrgId === null) continue;
        const vendorOrgId = row.vendorOrgId;
        deliver(auditLiveEvent(row), (user) => canSeeJobOf(user, vendorOrgId) && canReadEventType(user, row.type));
      }
      if (rows.length < batch) return;
    }
  }

  /** Reads the trail once now, or once more after the read in progress. */
  function pump(): Promise<void> {
    if (pumping) {
      again = true;
      return pumping;
    }
    pumping = (async () => {
      try {
        do {
          again = false;
          await readTrail();
        } while (again);
      } catch (error) {
        log(`[live] cannot read the audit trail: ${(error as Error).message}`);
      } finally {
        pumping = undefined;
      }
    })();
    return pumping;
  }

  async function onSignal(signal: LiveSignal): Promise<void> {
    if (signal.kind === 'audit') return pump();
    if (signal.kind === 'inbox') {
      deliver({ name: 'inbox', data: { userId: signal.userId } }, (user) => user.id === signal.userId);
      return;
    }
    const [job] = await db.query<{ vendorOrgId: string }>(VENDOR_OF, [signal.jobId]);
    if (!job) return;
    deliver({ name: 'check', data: { jobId: signal.jobId, nodeId: signal.nodeId, round: signal.round } }, (user) => canSeeJobOf(user, job.vendorOrgId));
  }

  /** Resolves when stop() is called: every wait of the listen loop races it. */
  let stopRequested: Promise<void> = new Promise(() => undefined);
  let requestStop: () => void = () => undefined;

  /** Ends `client` once its connect settled; waits at most 5 s (a server that does not answer). */
  async function closeClient(client: Client, connecting: Promise<unknown>): Promise<void> {
    const ended = connecting.then(() => client.end(), () => undefined).catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([ended, new Promise<void>((resolve) => (timer = setTimeout(resolve, 5000)))]);
    clearTimeout(timer);
  }

  async function listen(): Promise<void> {
    let delay = 1000;
    let connectedBefore = false;
    while (!stopping) {
      const client = new Client({ connectionString: db.url, connectionTimeoutMillis: 10_000 });
      const lost = new Promise<void>((resolve) => {
        client.on('error', (error) => {
          if (!stopping) log(`[live] LISTEN connection lost: ${error.message}`);
          resolve();
        });
        client.once('end', () => resolve());
      });
      // end() while pg is still connecting may leave connect() unsettled: never call it then, only race it.
      const connecting = client.connect();
      try {
        await Promise.race([connecting, stopRequested]);
        if (stopping) {
          await closeClient(client, connecting);
          break;
        }
        client.on('notification', (message) => {
          if (message.channel !== LIVE_CHANNEL) return;
          const signal = parseLiveSignal(message.payload);
          if (signal) onSignal(signal).catch((error: Error) => log(`[live] signal not handled: ${error.message}`));
        });
        await client.query(`LISTEN ${LIVE_CHANNEL}`);
        delay = 1000;
        if (connectedBefore) deliver({ name: 'resync', data: { reason: 'reconnected' } }, () => true);
        connectedBefore = true;
        void pump(); // what was written while not listening
        await Promise.race([lost, stopRequested]);
      } catch (error) {
        if (!stopping) log(`[live] cannot LISTEN ${LIVE_CHANNEL}: ${(error as Error).message}`);
      }
      await closeClient(client, connecting);
      if (stopping) break;
      await Promise.race([new Promise<void>((resolve) => setTimeout(resolve, delay).unref()), stopRequested]);
      delay = Math.min(delay * 2, 30_000);
    }
  }

  function start(head: number): void {
    if (idleTimer) {
      clearTimeout(idleTimer);
      idleTimer = undefined;
    }
    if (listening) return;
    stopping = false;
    stopRequested = new Promise<void>((resolve) => {
      requestStop = resolve;
    });
    lastSeq = head;
    listening = listen();
    poller = setInterval(() => void pump(), pollMs);
    poller.unref();
  }

  let stopped: Promise<void> | undefined;
  /** Stops listening; concurrent callers share one stop. */
  function stop(): Promise<void> {
    stopped ??= (async () => {
      stopping = true;
      requestStop();
      if (poller) clearInterval(poller);
      poller = undefined;
      await listening;
      await pumping;
      listening = undefined;
      lastSeq = undefined;
      stopped = undefined;
    })();
    return stopped;
  }

  function scheduleIdleStop(): void {
    if (subscribers.size > 0 || !listening || idleTimer) return;
    idleTimer = setTimeout(() => {
      idleTimer = undefined;
      if (subscribers.size === 0) void stop();
    }, idleMs);
    idleTimer.unref();
  }

  return {
    async subscribe(subscriber, maxPerUser) {
      if (closed) throw new Error('the live event hub is closed');
      // Counted and added in one step (no await between): concurrent opens cannot pass the limit together.
      if (openStreams(subscriber.user.id) >= maxPerUser) return 'too-many';
      subscribers.add(subscriber);
      const unsubscribe = () => {
        subscribers.delete(subscriber);
        scheduleIdleStop();
      };
      try {
        const [row] = await db.query<{ head: number }>(HEAD, []);
        const head = Number(row?.head ?? 0);
        // A hub that stopped while idle starts again; one already running keeps its own position (rows before it were read or are being read).
        if (stopped) await stopped;
        start(lastSeq ?? head);
        return { head, unsubscribe };
      } catch (error) {
        unsubscribe();
        throw error;
      }
    },
    openStreams,
    async replay(user, afterSeq, limit) {
      const rows = await db.query<AuditRow>(REPLAY_AFTER, [afterSeq, user.orgKind === 'vendor' ? user.orgId : null, limit + 1, [...STAFF_ONLY_EVENT_TYPES]]);
      return { events: rows.slice(0, limit).map(auditLiveEvent), complete: rows.length <= limit };
    },
    async close() {
      closed = true;
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = undefined;
      for (const listener of [...closeListeners]) listener();
      subscribers.clear();
      await stop();
    },
    onClose(listener) {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
  };
}
