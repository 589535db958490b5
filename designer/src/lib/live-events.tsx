import { createContext, useCallback, useContext, useEffect, useEffectEvent, useMemo, useRef, useState, type ReactNode } from 'react';
import { apiRequest } from './api-client';
import { ApiError } from './problem';

/**
 * The live event stream of the API (`GET /api/events`, server-sent events):
 * one EventSource per tab, opened with a one-use ticket (the bearer token
 * never goes into a URL), reopened with a new ticket and the last event id
 * after an error (backoff 1 s → 30 s). The query cache listens to every event
 * and invalidates the reads it affects (live-query-sync); data hooks poll only
 * while the stream is not connected (use-resource's `usePollInterval`).
 */

export const LIVE_EVENT_NAMES = ['job', 'step', 'submission', 'review', 'comment', 'check', 'inbox', 'ready', 'resync'] as const;
export type LiveEventName = (typeof LIVE_EVENT_NAMES)[number];

export interface LiveEvent {
  name: LiveEventName;
  /** `jobId`, `type`, `nodeId`, `round`, `seq`, `at`, … as the server sent them. */
  data: { jobId?: string; type?: string; nodeId?: string; round?: number; userId?: string; [key: string]: unknown };
}

export interface LiveFilter {
  /** Only events of this job (`resync` always passes). */
  jobId?: string;
  /** Only these event names (`resync` always passes). */
  names?: readonly LiveEventName[];
}

export interface LiveEvents {
  connected: boolean;
  subscribe(filter: LiveFilter, listener: (event: LiveEvent) => void): () => void;
}

const LiveContext = createContext<LiveEvents>({ connected: false, subscribe: () => () => undefined });

export const RECONNECT_DELAYS_MS = [1000, 2000, 5000, 10_000, 30_000];

export function matches(filter: LiveFilter, event: LiveEvent): boolean {
  if (event.name === 'resync') return true;
  if (filter.names && !filter.names.includes(event.name)) return false;
  if (filter.jobId !== undefined && event.data.jobId !== filter.jobId) return false;
  return true;
}

/** Opens the stream while mounted (mount it for a signed-in session only). */
export function LiveEventsProvider({ children }: { children: ReactNode }) {
  const [connected, setConnected] = useState(false);
  const listeners = useRef(new Set<{ filter: LiveFilter; listener: (event: LiveEvent) => void }>());

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let source: EventSource | undefined;
    let timer: number | undefined;
    let failures = 0;
    let lastEventId: string | undefined;
    let opened = false;
    let stopped = false;
    const dispatch = (event: LiveEvent) => {
      for (const { filter, listener } of [...listeners.current]) if (matches(filter, event)) listener(event);
    };
    const retry = () => {
      if (stopped) return;
      const delay = RECONNECT_DELAYS_MS[Math.min(failures, RECONNECT_DELAYS_MS.length - 1)]!;
      failures += 1;
      timer = window.setTimeout(() => void open(), delay);
    };
    const open = async () => {
      let ticket: string;
      try {
        ticket = (await apiRequest<{ ticket: string }>('/events/ticket', { method: 'POST' })).ticket;
      } catch (error) {
        // Signed out (401) or not allowed: no stream; the pages keep polling.
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return;
        retry();
        return;
      }
      if (stopped) return;
      const query = new URLSearchParams({ ticket });
      if (lastEventId) query.set('lastEventId', lastEventId);
      const es = new EventSource(`/api/events?${query.toString()}`);
      source = es;
      for (const name of LIVE_EVENT_NAMES) {
        es.addEventListener(name, (message) => {
          const m = message as MessageEvent<string>;
          if (m.lastEventId) lastEventId = m.lastEventId;
          let data: LiveEvent['data'] = {};
          try {
            data = JSON.parse(m.data) as LiveEvent['data'];
          } catch {
            return;
          }
          if (name === 'ready') {
            failures = 0;
            setConnected(true);
            // Events that carry no id (checks, inbox) may have been missed while away: pages look again once.
            if (opened) dispatch({ name: 'resync', data: { reason: 'reconnected' } });
            opened = true;
            return;
          }
          dispatch({ name, data });
        });
      }
      es.onerror = () => {
        // The ticket is used up: reconnecting means a new ticket, so the browser's own retry is not wanted.
        es.close();
        if (source === es) source = undefined;
        setConnected(false);
        retry();
      };
    };
    void open();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      source?.close();
      setConnected(false);
    };
  }, []);

  const subscribe = useCallback((filter: LiveFilter, listener: (event: LiveEvent) => void) => {
    const entry = { filter, listener };
    listeners.current.add(entry);
    return () => {
      listeners.current.delete(entry);
    };
  }, []);
  const value = useMemo(() => ({ connected, subscribe }), [connected, subscribe]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLiveEvents(): LiveEvents {
  return useContext(LiveContext);
}

/**
 * Calls `reload` when an event matching `filter` arrives (several in a burst
 * become one call, `delayMs` after the first). `jobId`/`names` are the filter;
 * a null jobId subscribes to nothing.
 */
export function useLiveReload(filter: { jobId?: string | null; names?: readonly LiveEventName[] }, reload: () => void, delayMs = 300): void {
  const { subscribe } = useLiveEvents();
  const onEvent = useEffectEvent(reload);
  const { jobId } = filter;
  const names = filter.names?.join(',');
  useEffect(() => {
    if (jobId === null) return;
    let timer: number | undefined;
    const off = subscribe({ jobId, names: names ? (names.split(',') as LiveEventName[]) : undefined }, () => {
      if (timer !== undefined) return;
      timer = window.setTimeout(() => {
        timer = undefined;
        onEvent();
      }, delayMs);
    });
    return () => {
      off();
      window.clearTimeout(timer);
    };
  }, [subscribe, jobId, names, delayMs]);
}
