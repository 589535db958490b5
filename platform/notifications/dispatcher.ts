/**
 * Delivers pending outbox rows (Notification) on every channel but the inbox
 * (inbox rows are delivered by being written). Several dispatchers may run
 * against one PostgreSQL database: a claim is one statement that picks due
 * rows `FOR UPDATE SKIP LOCKED`, counts the attempt and pushes `nextAttemptAt`
 * one lease ahead, so no two dispatchers send a row at once and a dispatcher
 * that dies mid-send leaves the row to be re-sent after the lease.
 *
 * A pipeline, not rounds: up to `concurrency` sends are in flight; a slot
 * that frees takes the next claimed row at once, and the dispatcher claims
 * more while the previous rows are still being sent. Rows acknowledged by
 * their receiver are recorded as sent in one statement per 100 rows or 50 ms,
 * without holding up the next send. Idle, it sleeps until woken — by the
 * writer in this process, by `NOTIFY sop_outbox` from other processes
 * (with `listenUrl`), see outbox-signal.ts — or until the next
 * poll (`pollMs`), which stays the fallback for retries that fall due.
 *
 * The audit relay (event-relay.ts: webhook rows for events no writer relayed
 * directly) runs beside it, every `pollMs`, off the sending path.
 *
 * Delivery is at-least-once: a crash between a receiver's acknowledgment and
 * marking the row sent sends it again, with the same `Message-ID` /
 * `X-SOP-Event-Id` (docs/ARCHITECTURE.md, Notifications: who can deduplicate).
 */
import { Client } from 'pg';
import type { Database } from '../db/database';
import type { ChannelConfig, NotificationChannel } from '../db/prisma-types';
import { redact } from './channel-config';
import { emailSender } from './channels/email-sender';
import { robotSenders } from './channels/robot-senders';
import type { OutboxMessage, Sender } from './channels/sender';
import { webhookSender } from './channels/webhook-sender';
import { isPermanentFailure, shortReason } from './delivery-error';
import { parseAllowedHosts } from './outbound/address-rules';
import { relayAuditEvents } from './event-relay';
import { backoffDelay, DEFAULT_NOTIFICATION_SETTINGS, type NotificationSettings } from './notification-settings';
import { forgetRelayed, OUTBOX_CHANNEL, registerLocalDispatcher, relayedWith } from './outbox-signal';
import type { OutboxPayload } from './outbox-payload';

export interface DispatcherOptions extends Partial<NotificationSettings> {
  db: Database;
  /** Base URL of the web UI, for links in webhook events. */
  publicUrl: string;
  /**
   * The database URL, to `LISTEN sop_outbox` on a connection of its own and
   * wake when another process writes outbox rows. Without it the dispatcher
   * wakes on writes in this process and polls otherwise.
   */
  listenUrl?: string;
  log?: (line: string) => void;
  /**
   * Hosts notifications may reach although they are internal (`NOTIFY_ALLOWED_HOSTS`:
   * host names, addresses or CIDR ranges). Default none: loopback, private,
   * link-local and other internal addresses are refused, robots post only to
   * their vendor's hosts (outbound/address-rules.ts, target-rules.ts).
   */
  allowedHosts?: readonly string[];
  /** Replace a channel's sender (tests, benchmarks). */
  senders?: Partial<Record<NotificationChannel, Sender>>;
  /** Tests: runs after the receiver acknowledged and before the row is marked sent (a crash here re-sends). */
  afterSend?: (message: OutboxMessage) => Promise<void>;
  /** How long `stop()` waits for sends in flight before giving up on them (default 15 s). */
  stopTimeoutMs?: number;
}

export interface DispatchRound {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
}

export interface Dispatcher {
  /** Starts sending, relaying and listening (idempotent). */
  start(): void;
  /** Relays new audit events, then claims one batch of due rows, sends them and records the outcome (tests, tools). */
  runOnce(): Promise<DispatchRound>;
  /** Looks for due rows now instead of at the next poll. */
  wake(): void;
  /** Stops claiming, waits for sends in flight (up to `stopTimeoutMs`), records what was sent, closes connections. */
  stop(): Promise<void>;
}

type Outcome = 'sent' | 'retrying' | 'failed';

interface ClaimedRow {
  id: string;
  idempotencyKey: string;
  channel: NotificationChannel;
  payload: unknown;
  configId: string | null;
  attempts: number;
  createdAt: Date;
}

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const settings: NotificationSettings = { ...DEFAULT_NOTIFICATION_SETTINGS, ...definedOnly(options) };
  const prisma = options.db.prisma;
  const log = options.log ?? (() => undefined);
  const allowed = parseAllowedHosts(options.allowedHosts ?? []);
  const email = emailSender({ timeoutMs: settings.timeoutMs, maxConnections: settings.smtpConnections, allowed });
  const senders: Partial<Record<NotificationChannel, Sender>> = {
    email: email.send,
    webhook: webhookSender({ timeoutMs: settings.timeoutMs, allowed }),
    ...robotSenders({ timeoutMs: settings.timeoutMs, allowed }),
    ...options.senders,
  };

  /** Claims up to `limit` due rows (one statement) and loads their configs (one more). */
  async function claim(limit: number): Promise<OutboxMessage[]> {
    const now = new Date();
    const leaseEnd = new Date(now.getTime() + settings.leaseMs);
    const claimed = await prisma.$queryRaw<ClaimedRow[]>`
      UPDATE "Notification" SET "nextAttemptAt" = ${leaseEnd}, "attempts" = "attempts" + 1
      WHERE "id" IN (
        SELECT "id" FROM "Notification"
        WHERE "status" = 'pending' AND "nextAttemptAt" <= ${now}
        ORDER BY "nextAttemptAt" LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING "id", "idempotencyKey", "channel"::text AS "channel", "payload", "configId", "attempts", "createdAt"`;
    if (claimed.length === 0) return [];
    claimed.sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime());
    const configIds = [...new Set(claimed.map((c) => c.configId).filter((id): id is string => id !== null))];
    const configs = configIds.length === 0 ? [] : await prisma.channelConfig.findMany({ where: { id: { in: configIds } } });
    const configById = new Map<string, ChannelConfig>(configs.map((c) => [c.id, c]));
    return claimed.map((r) => ({
      id: r.id,
      idempotencyKey: r.idempotencyKey,
      channel: r.channel,
      payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as OutboxPayload,
      config: (r.configId && configById.get(r.configId)) || null,
      attempt: Number(r.attempts),
    }));
  }

  // Rows acknowledged by their receiver, recorded as sent in one statement per flush (every 50 ms or 100 rows).
  let acknowledged: Array<{ id: string; done: () => void }> = [];
  let flushTimer: NodeJS.Timeout | undefined;
  const flush = async (): Promise<void> => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    const batch = acknowledged;
    acknowledged = [];
    if (batch.length === 0) return;
    try {
      await options.db.query(`UPDATE "Notification" SET "status" = 'sent', "sentAt" = now() WHERE "id" = ANY($1::text[]) AND "status" = 'pending'`, [batch.map((b) => b.id)]);
    } catch (error) {
      // Left pending: re-sent after the lease, with the same Message-ID / event id.
      log(`[notify] could not record ${batch.length} sent rows: ${(error as Error).message}`);
    } finally {
      for (const b of batch) b.done();
    }
  };
  /** Queues the row to be recorded as sent; resolves once it was (or could not be). */
  const markSent = (id: string) =>
    new Promise<void>((resolve) => {
      acknowledged.push({ id, done: resolve });
      if (acknowledged.length >= 100) void flush();
      else flushTimer ??= setTimeout(() => void flush(), 50);
    });

  /** Sends one row; resolves with the outcome and a promise that settles once the outcome is recorded. */
  async function deliver(message: OutboxMessage): Promise<{ outcome: Outcome; recorded: Promise<void> }> {
    try {
      const send = senders[message.channel];
      if (!send) throw Object.assign(new Error(`no sender for channel ${message.channel}`), { name: 'DeliveryError', permanent: true });
      await send(message);
      if (options.afterSend) await options.afterSend(message);
      return { outcome: 'sent', recorded: markSent(message.id) };
    } catch (error) {
      const reason = shortReason(redact((error as Error).message ?? String(error), message.config));
      const final = isPermanentFailure(error) || message.attempt >= settings.maxAttempts;
      const data = final
        ? { status: 'failed' as const, lastError: reason }
        : { lastError: reason, nextAttemptAt: new Date(Date.now() + backoffDelay(settings, message.attempt)) };
      try {
        await prisma.notification.updateMany({ where: { id: message.id, status: 'pending', attempts: message.attempt }, data });
      } catch (recordError) {
        // Left as claimed: tried again after the lease.
        log(`[notify] could not record the failure of ${message.id}: ${(recordError as Error).message}`);
      }
      log(`[notify] ${message.channel} ${message.id} attempt ${message.attempt}${final ? ' failed for good' : ', will retry'}: ${reason}`);
      return { outcome: final ? 'failed' : 'retrying', recorded: Promise.resolve() };
    }
  }

  // ---- the pipeline ------------------------------------------------------

  let running = false;
  let stopping = false;
  let loop: Promise<void> | undefined;
  let relayLoop: Promise<void> | undefined;
  /** Claimed rows waiting for a slot, with the end of their lease (ms). */
  const queue: Array<{ message: OutboxMessage; leaseEnd: number }> = [];
  /** A queued row whose lease ends within this margin is given back rather than sent (a send may take this long). */
  const leaseMargin = Math.min(settings.leaseMs / 2, 2 * settings.timeoutMs);
  let inFlight = 0;
  const sending = new Set<Promise<unknown>>();
  /** Set by a wake-up; cleared when a claim starts (a signal during a claim is not lost). */
  let due = true;
  let nudge: (() => void) | undefined;
  let waitingForRoom = false;
  const poke = () => {
    const n = nudge;
    nudge = undefined;
    n?.();
  };

  function pump(): void {
    const stale: OutboxMessage[] = [];
    while (!stopping && inFlight < settings.concurrency && queue.length > 0) {
      const { message, leaseEnd } = queue.shift()!;
      if (leaseEnd - Date.now() < leaseMargin) {
        stale.push(message);
        continue;
      }
      inFlight += 1;
      const p = deliver(message).then(
        () => undefined,
        (error: unknown) => log(`[notify] ${message.id}: ${(error as Error).message}`),
      ).finally(() => {
        inFlight -= 1;
        sending.delete(p);
        pump();
        if (waitingForRoom && queue.length < settings.concurrency) poke();
      });
      sending.add(p);
    }
    if (stale.length > 0) void release(stale);
  }

  /** Gives claimed rows that were never sent back (not counted as an attempt, due now). */
  async function release(messages: OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    try {
      await prisma.$executeRaw`UPDATE "Notification" AS n SET "attempts" = n."attempts" - 1, "nextAttemptAt" = now()
        FROM jsonb_to_recordset(${JSON.stringify(messages.map((m) => ({ id: m.id, attempt: m.attempt })))}::jsonb) AS r("id" text, "attempt" int)
        WHERE n."id" = r."id" AND n."status" = 'pending' AND n."attempts" = r."attempt"`;
    } catch (error) {
      log(`[notify] could not release ${messages.length} claimed rows (sent after their lease): ${(error as Error).message}`);
    }
  }

  async function run(): Promise<void> {
    try {
      await dispatchLoop();
    } finally {
      await release(queue.splice(0).map((q) => q.message));
    }
  }

  async function dispatchLoop(): Promise<void> {
    while (!stopping) {
      let full = false;
      if (queue.length < settings.concurrency) {
        due = false;
        try {
          const leaseEnd = Date.now() + settings.leaseMs;
          const claimed = await claim(settings.batchSize);
          queue.push(...claimed.map((message) => ({ message, leaseEnd })));
          full = claimed.length >= settings.batchSize;
        } catch (error) {
          log(`[notify] claiming due rows failed: ${(error as Error).message}`);
        }
        if (stopping) break;
        pump();
        if (full && queue.length < settings.concurrency) continue;
      }
      // Sleep until woken, until a slot frees while the queue is long, or until the next poll.
      waitingForRoom = queue.length >= settings.concurrency;
      if (!waitingForRoom && due) continue;
      await new Promise<void>((resolve) => {
        const timer = waitingForRoom ? undefined : setTimeout(resolve, settings.pollMs);
        nudge = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      nudge = undefined;
      waitingForRoom = false;
    }
  }

  /** Relays audit events no writer relayed directly, every poll interval. */
  async function relay(): Promise<void> {
    while (!stopping) {
      try {
        let created = 0;
        for (let pass = 0; pass < 20 && !stopping; pass += 1) {
          const r = await relayAuditEvents(prisma, { publicUrl: options.publicUrl, batch: 500, relayedWith: (seq) => relayedWith(options.db, seq) });
          forgetRelayed(options.db, r.position);
          created += r.created;
          if (r.read === 0) break;
        }
        if (created > 0) wake();
      } catch (error) {
        log(`[notify] audit relay failed: ${(error as Error).message}`);
      }
      await pause(settings.pollMs);
    }
  }

  /** Waits `ms`, or less if the dispatcher stops meanwhile. */
  const stopWaits = new Set<() => void>();
  function pause(ms: number): Promise<void> {
    if (stopping) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        stopWaits.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      stopWaits.add(done);
    });
  }

  function wake(): void {
    due = true;
    if (!waitingForRoom) poke();
  }

  /** Rows taken straight from the writer while fewer than this many wait; beyond it they are claimed as they fall due. */
  const handoffLimit = 20 * settings.batchSize;

  /** Rows the writer of this process inserted claimed for this dispatcher (outbox-signal.ts). */
  function take(messages: OutboxMessage[], leaseEnd: number): void {
    if (!running || stopping) {
      void release(messages);
      return;
    }
    queue.push(...messages.map((message) => ({ message, leaseEnd })));
    pump();
  }

  // ---- cross-process wake-ups (PostgreSQL LISTEN) ------------------------

  let listener: Client | undefined;
  let listening: Promise<void> | undefined;
  let unregister: (() => void) | undefined;

  async function listen(url: string): Promise<void> {
    while (!stopping) {
      const client = new Client({ connectionString: url });
      listener = client;
      const lost = new Promise<void>((resolve) => {
        client.on('error', (error) => {
          log(`[notify] LISTEN connection lost: ${error.message}`);
          resolve();
        });
        client.once('end', () => resolve());
      });
      try {
        await client.connect();
        client.on('notification', () => wake());
        await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
        if (!stopping) {
          log(`[notify] listening for outbox rows of other processes (LISTEN ${OUTBOX_CHANNEL})`);
          wake(); // rows written while not listening
          await lost;
        }
      } catch (error) {
        if (!stopping) log(`[notify] cannot LISTEN for outbox rows: ${(error as Error).message}`);
      }
      listener = undefined;
      await client.end().catch(() => undefined);
      await pause(Math.max(1000, settings.pollMs));
    }
  }

  async function runOnce(): Promise<DispatchRound> {
    for (let pass = 0; pass < 20 && (await relayAuditEvents(prisma, { publicUrl: options.publicUrl, batch: 500 })).read > 0; pass += 1);
    const claimed = await claim(settings.batchSize);
    const round: DispatchRound = { claimed: claimed.length, sent: 0, retrying: 0, failed: 0 };
    const recorded: Array<Promise<void>> = [];
    const worker = async () => {
      for (let next = claimed.shift(); next; next = claimed.shift()) {
        const { outcome, recorded: done } = await deliver(next);
        round[outcome] += 1;
        recorded.push(done);
      }
    };
    await Promise.all(Array.from({ length: Math.min(settings.concurrency, round.claimed) }, worker));
    await flush();
    await Promise.all(recorded);
    return round;
  }

  return {
    start() {
      if (!settings.enabled || running) return;
      running = true;
      stopping = false;
      due = true;
      unregister = registerLocalDispatcher(options.db, { leaseMs: settings.leaseMs, accepting: () => running && !stopping && queue.length < handoffLimit, take });
      loop = run();
      relayLoop = relay();
      if (options.listenUrl) listening = listen(options.listenUrl);
    },
    runOnce,
    wake,
    async stop() {
      stopping = true;
      unregister?.();
      unregister = undefined;
      poke();
      for (const done of [...stopWaits]) done();
      await listener?.end().catch(() => undefined);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, options.stopTimeoutMs ?? 15_000);
      });
      // The loop ends by giving back the claimed rows it had not started; then sends in flight finish.
      await Promise.race([Promise.all([loop, relayLoop, listening]).then(() => Promise.all([...sending])), timeout]);
      clearTimeout(timer);
      await flush();
      loop = undefined;
      relayLoop = undefined;
      listening = undefined;
      running = false;
      email.close();
    },
  };
}

function definedOnly(options: DispatcherOptions): Partial<NotificationSettings> {
  const keys: Array<keyof NotificationSettings> = ['enabled', 'pollMs', 'batchSize', 'concurrency', 'smtpConnections', 'maxAttempts', 'backoffMs', 'backoffMaxMs', 'leaseMs', 'timeoutMs'];
  return Object.fromEntries(keys.filter((k) => options[k] !== undefined).map((k) => [k, options[k]]));
}
