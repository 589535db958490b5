import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useLiveEvents, type LiveEvent } from './live-events';
import { createLiveBatcher } from './live-batch';
import { invalidateScopesLive, scopesForEvent, type Scope } from './query-scopes';

/**
 * Events are gathered until the stream has been quiet this many ms (lib/live-batch.ts)… It was
 * a fixed 100 ms after the first event of every burst: most of the time between the verdict's
 * event and the verdict on screen.
 */
export const LIVE_QUIET_MS = 15;
/** …but never longer than this after the first of them. A read still in flight is not aborted: it is read once more when it settles. */
export const LIVE_MAX_WAIT_MS = 100;

/**
 * Turns the live event stream into cache invalidation: each event marks the reads it
 * affects stale (a `check` of job X: job X's reads and the task lists), and the ones
 * on screen are read again. Mount once, inside both the query and the live providers.
 */
export function LiveQuerySync(): null {
  const client = useQueryClient();
  const { subscribe } = useLiveEvents();
  useEffect(() => {
    const batcher = createLiveBatcher<Scope>((scopes) => void invalidateScopesLive(client, scopes), LIVE_QUIET_MS, LIVE_MAX_WAIT_MS);
    const off = subscribe({}, (event: LiveEvent) => batcher.add(scopesForEvent(event)));
    return () => {
      off();
      batcher.stop();
    };
  }, [client, subscribe]);
  return null;
}
