import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useLiveEvents, type LiveEvent } from './live-events';
import { invalidateScopes, scopesForEvent, type Scope } from './query-scopes';

/** Events arriving within this many ms invalidate together (a submission brings a step, a check, an inbox event…). */
export const LIVE_BATCH_MS = 100;

/**
 * Turns the live event stream into cache invalidation: each event marks the reads it
 * affects stale (a `check` of job X: job X's reads and the task lists), and the ones
 * on screen are read again. Mount once, inside both the query and the live providers.
 */
export function LiveQuerySync(): null {
  const client = useQueryClient();
  const { subscribe } = useLiveEvents();
  useEffect(() => {
    let pending: Scope[] = [];
    let timer: number | undefined;
    const off = subscribe({}, (event: LiveEvent) => {
      pending.push(...scopesForEvent(event));
      if (timer !== undefined) return;
      timer = window.setTimeout(() => {
        timer = undefined;
        const scopes = pending;
        pending = [];
        void invalidateScopes(client, scopes);
      }, LIVE_BATCH_MS);
    });
    return () => {
      off();
      window.clearTimeout(timer);
    };
  }, [client, subscribe]);
  return null;
}
