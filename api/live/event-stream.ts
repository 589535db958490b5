/**
 * One server-sent event stream (`GET /api/events`): registered with the hub
 * of this process, resumed from `Last-Event-ID` (the audit `seq` of the last
 * event the client got), kept alive by a comment every `heartbeatMs`, and
 * ended when the client goes, the hub closes, the send buffer backs up, or
 * the session or key no longer holds (checked every `recheckMs`).
 */
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { tooManyRequests } from '../http/problem';
import { userOf, type ApiRequest } from '../http/route';
import type { LiveEvent, LiveHub, LiveSubscriber } from './live-hub';

export interface EventStreamSettings {
  /** A comment line this often keeps proxies from closing an idle stream (default 15 s). */
  heartbeatMs: number;
  /** How often the stream checks its session or key still holds (default 30 s). */
  recheckMs: number;
  /** Open streams per user and API process (default 5); beyond: 429. */
  maxStreamsPerUser: number;
  /** Events replayed after `Last-Event-ID` at most (default 500); more missed: `resync`. */
  replayLimit: number;
  /** A `Last-Event-ID` more than this many audit events back is not replayed: `resync` (default 20,000; bounds the scan). */
  replayWindow: number;
  /** The reconnection delay the client is told (`retry:`, default 3 s). */
  retryMs: number;
  /** A client this far behind (bytes not yet sent) is dropped; it reconnects and resumes (default 1 MiB). */
  maxBufferedBytes: number;
}

export const DEFAULT_EVENT_STREAM_SETTINGS: EventStreamSettings = {
  heartbeatMs: 15_000,
  recheckMs: 30_000,
  maxStreamsPerUser: 5,
  replayLimit: 500,
  replayWindow: 20_000,
  retryMs: 3000,
  maxBufferedBytes: 1024 * 1024,
};

/** The wire form of one event. Data is one JSON line, so it never holds a raw newline. */
export function formatEvent(event: LiveEvent): string {
  return `${event.id !== undefined ? `id: ${event.id}\n` : ''}event: ${event.name}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

/** `Last-Event-ID` as a non-negative safe integer, or undefined (absent or not one of ours: no replay). */
export function lastEventIdOf(header: string | undefined): number | undefined {
  if (header === undefined || !/^\d{1,15}$/.test(header.trim())) return undefined;
  const value = Number(header.trim());
  return Number.isSafeInteger(value) ? value : undefined;
}

/**
 * Opens the stream on `res`. Throws (before anything is written) 429 when
 * the user has too many streams open here; a database failure while
 * registering also answers normally (503).
 */
export async function openEventStream(
  req: ApiRequest,
  res: Response,
  hub: LiveHub,
  recheck: () => Promise<AuthUser | undefined>,
  settings: EventStreamSettings,
): Promise<void> {
  const user = userOf(req);
  const resumeAfter = lastEventIdOf(req.get('Last-Event-ID') ?? (req.query as { lastEventId?: string }).lastEventId);
  let lastSent = 0;
  let pending: LiveEvent[] | undefined = [];
  let ended = false;
  const timers: NodeJS.Timeout[] = [];
  let unsubscribe = () => undefined as void;
  let offClose = () => undefined as unknown;

  const end = () => {
    if (ended) return;
    ended = true;
    for (const t of timers) clearInterval(t);
    unsubscribe();
    offClose();
    res.end();
  };
  const write = (text: string) => {
    if (ended) return;
    res.write(text);
    if (res.writableLength > settings.maxBufferedBytes) end();
  };
  const emit = (event: LiveEvent) => {
    if (event.id !== undefined) {
      if (event.id <= lastSent) return;
      lastSent = event.id;
    }
    write(formatEvent(event));
  };
  const subscriber: LiveSubscriber = {
    user,
    send(event) {
      if (pending) pending.push(event);
      else emit(event);
    },
  };

  const registration = await hub.subscribe(subscriber, settings.maxStreamsPerUser);
  if (registration === 'too-many') {
    throw tooManyRequests(`At most ${settings.maxStreamsPerUser} live event streams per person are open at once; close a tab or wait.`, 30);
  }
  unsubscribe = registration.unsubscribe;
  // The client may have gone while we registered.
  if (req.destroyed || res.destroyed) {
    unsubscribe();
    return;
  }
  res.on('close', end); // the client went (or the answer ended)
  res.on('error', end);
  offClose = hub.onClose(end);

  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Accel-Buffering': 'no', // nginx: do not buffer the stream
  });
  res.flushHeaders();
  write(`retry: ${settings.retryMs}\n\n`);

  try {
    if (resumeAfter !== undefined && registration.head - resumeAfter > settings.replayWindow) {
      // Too far back to be worth a scan of the trail: the client reloads instead.
      emit({ name: 'resync', data: { reason: 'too-many-missed' } });
    } else if (resumeAfter !== undefined && resumeAfter < registration.head) {
      const missed = await hub.replay(user, resumeAfter, settings.replayLimit);
      for (const event of missed.events) emit(event);
      if (!missed.complete) emit({ name: 'resync', data: { reason: 'too-many-missed' } });
    }
  } catch {
    emit({ name: 'resync', data: { reason: 'replay-failed' } });
  }
  lastSent = Math.max(lastSent, registration.head);
  // With an id: the client's Last-Event-ID is set even when nothing was replayed.
  write(formatEvent({ name: 'ready', id: lastSent, data: { head: lastSent } }));
  const buffered = pending;
  pending = undefined;
  for (const event of buffered) emit(event);

  timers.push(setInterval(() => write(': heartbeat\n\n'), settings.heartbeatMs));
  timers.push(
    setInterval(() => {
      recheck()
        .then((fresh) => {
          if (!fresh) end();
          else subscriber.user = fresh;
        })
        .catch(() => undefined); // database away: keep the stream; the next check decides
    }, settings.recheckMs),
  );
  for (const t of timers) t.unref();
}
