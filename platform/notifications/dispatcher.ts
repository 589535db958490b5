/**
 * Delivers pending outbox rows (Notification) on every channel but the inbox
 * (inbox rows are delivered by being written). Several dispatchers may run
 * against one PostgreSQL database: a claim is one statement that picks due
 * rows `FOR UPDATE SKIP LOCKED`, counts the attempt and pushes `nextAttemptAt`
 * one lease ahead, so no two dispatchers send a row at once and a dispatcher
 * that dies mid-send leaves the row to be re-sent after the lease. On PGlite
 * (one connection) the same statement simply runs alone.
 *
 * Delivery is at-least-once: a crash between a receiver's acknowledgment and
 * marking the row sent sends it again, with the same `Message-ID` /
 * `X-SOP-Event-Id` (docs/ARCHITECTURE.md, Notifications: who can deduplicate).
 */
import type { Database } from '../db/database';
import type { NotificationChannel } from '../db/prisma-types';
import { redact } from './channel-config';
import { emailSender } from './channels/email-sender';
import { robotSenders } from './channels/robot-senders';
import type { OutboxMessage, Sender } from './channels/sender';
import { webhookSender } from './channels/webhook-sender';
import { isPermanentFailure } from './delivery-error';
import { relayAuditEvents } from './event-relay';
import { backoffDelay, DEFAULT_NOTIFICATION_SETTINGS, type NotificationSettings } from './notification-settings';
import type { OutboxPayload } from './outbox-payload';

export interface DispatcherOptions extends Partial<NotificationSettings> {
  db: Database;
  /** Base URL of the web UI, for links in webhook events. */
  publicUrl: string;
  log?: (line: string) => void;
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
  /** Starts polling (idempotent). */
  start(): void;
  /** Relays new audit events, then claims and sends one batch of due rows. */
  runOnce(): Promise<DispatchRound>;
  /** Polls now instead of after the idle interval. */
  wake(): void;
  /** Stops polling and waits for sends in flight (up to `stopTimeoutMs`), then closes SMTP connections. */
  stop(): Promise<void>;
}

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const settings: NotificationSettings = { ...DEFAULT_NOTIFICATION_SETTINGS, ...definedOnly(options) };
  const prisma = options.db.prisma;
  const log = options.log ?? (() => undefined);
  const email = emailSender({ timeoutMs: settings.timeoutMs });
  const senders: Partial<Record<NotificationChannel, Sender>> = {
    email: email.send,
    webhook: webhookSender({ timeoutMs: settings.timeoutMs }),
    ...robotSenders({ timeoutMs: settings.timeoutMs }),
    ...options.senders,
  };
  let loop: Promise<void> | undefined;
  let stopping = false;
  let wakeUp: (() => void) | undefined;

  async function claim(): Promise<Array<{ id: string; attempts: number }>> {
    const now = new Date();
    const leaseEnd = new Date(now.getTime() + settings.leaseMs);
    return prisma.$queryRaw<Array<{ id: string; attempts: number }>>`
      UPDATE "Notification" SET "nextAttemptAt" = ${leaseEnd}, "attempts" = "attempts" + 1
      WHERE "id" IN (
        SELECT "id" FROM "Notification"
        WHERE "status" = 'pending' AND "nextAttemptAt" <= ${now}
        ORDER BY "nextAttemptAt" LIMIT ${settings.batchSize}
        FOR UPDATE SKIP LOCKED)
      RETURNING "id", "attempts"`;
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
      await prisma.notification.updateMany({ where: { id: { in: batch.map((b) => b.id) }, status: 'pending' }, data: { status: 'sent', sentAt: new Date() } });
    } catch (error) {
      // Left pending: re-sent after the lease, with the same Message-ID / event id.
      log(`[notify] could not record ${batch.length} sent rows: ${(error as Error).message}`);
    } finally {
      for (const b of batch) b.done();
    }
  };
  const markSent = (id: string) =>
    new Promise<void>((resolve) => {
      acknowledged.push({ id, done: resolve });
      if (acknowledged.length >= 100) void flush();
      else flushTimer ??= setTimeout(() => void flush(), 50);
    });

  async function deliver(message: OutboxMessage): Promise<'sent' | 'retrying' | 'failed'> {
    try {
      const send = senders[message.channel];
      if (!send) throw Object.assign(new Error(`no sender for channel ${message.channel}`), { name: 'DeliveryError', permanent: true });
      await send(message);
      if (options.afterSend) await options.afterSend(message);
      await markSent(message.id);
      return 'sent';
    } catch (error) {
      const reason = redact((error as Error).message ?? String(error), message.config).slice(0, 1000);
      const final = isPermanentFailure(error) || message.attempt >= settings.maxAttempts;
      const data = final
        ? { status: 'failed' as const, lastError: reason }
        : { lastError: reason, nextAttemptAt: new Date(Date.now() + backoffDelay(settings, message.attempt)) };
      await prisma.notification.updateMany({ where: { id: message.id, status: 'pending', attempts: message.attempt }, data });
      log(`[notify] ${message.channel} ${message.id} attempt ${message.attempt}${final ? ' failed for good' : ', will retry'}: ${reason}`);
      return final ? 'failed' : 'retrying';
    }
  }

  async function runOnce(): Promise<DispatchRound> {
    // Catch up with the audit trail (500 events a pass) before claiming.
    for (let pass = 0; pass < 20 && (await relayAuditEvents(prisma, { publicUrl: options.publicUrl, batch: 500 })) > 0; pass += 1);
    const claimed = await claim();
    const round: DispatchRound = { claimed: claimed.length, sent: 0, retrying: 0, failed: 0 };
    if (claimed.length === 0) return round;
    const attempts = new Map(claimed.map((c) => [c.id, Number(c.attempts)]));
    const rows = await prisma.notification.findMany({ where: { id: { in: [...attempts.keys()] } }, include: { config: true } });
    const queue: OutboxMessage[] = rows.map((r) => ({
      id: r.id, idempotencyKey: r.idempotencyKey, channel: r.channel, payload: r.payload as OutboxPayload, config: r.config, attempt: attempts.get(r.id)!,
    }));
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) round[await deliver(next)] += 1;
    };
    await Promise.all(Array.from({ length: Math.min(settings.concurrency, queue.length) }, worker));
    return round;
  }

  async function run(): Promise<void> {
    while (!stopping) {
      let full = false;
      try {
        full = (await runOnce()).claimed >= settings.batchSize;
      } catch (error) {
        log(`[notify] dispatcher round failed: ${(error as Error).message}`);
      }
      if (!full && !stopping) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, settings.pollMs);
          wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wakeUp = undefined;
      }
    }
  }

  return {
    start() {
      if (!settings.enabled || loop) return;
      stopping = false;
      loop = run();
    },
    runOnce,
    wake() {
      wakeUp?.();
    },
    async stop() {
      stopping = true;
      wakeUp?.();
      if (loop) {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, options.stopTimeoutMs ?? 15_000);
        });
        await Promise.race([loop, timeout]);
        clearTimeout(timer);
        loop = undefined;
      }
      email.close();
    },
  };
}

function definedOnly(options: DispatcherOptions): Partial<NotificationSettings> {
  const keys: Array<keyof NotificationSettings> = ['enabled', 'pollMs', 'batchSize', 'concurrency', 'maxAttempts', 'backoffMs', 'backoffMaxMs', 'leaseMs', 'timeoutMs'];
  return Object.fromEntries(keys.filter((k) => options[k] !== undefined).map((k) => [k, options[k]]));
}
