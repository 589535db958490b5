import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { apiRequest } from './api-client';
import { useLiveEvents } from './live-events';
import { apiKey } from './query-client';

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  /** True while the read is in flight (the first one, or a refresh). */
  loading: boolean;
  reload: () => void;
}

export interface PollOptions {
  /** Poll even while the live stream is connected: for reads no event reports (e.g. notification deliveries). */
  alwaysPoll?: boolean;
}

/**
 * The polling interval for a read that asks for `refreshMs`: none while the live
 * stream is connected (its events invalidate what changed), `refreshMs` while it is down.
 * TanStack Query never polls a hidden tab (`refetchIntervalInBackground: false`).
 */
export function usePollInterval(refreshMs: number | undefined, options: PollOptions = {}): number | false {
  const { connected } = useLiveEvents();
  if (!refreshMs) return false;
  return connected && !options.alwaysPoll ? false : refreshMs;
}

/**
 * GETs `path` (skipped when null) through the query cache: one request for every
 * component reading the same path, read again on `reload()`, when an event or a write
 * makes it stale, and every `refreshMs` while the live stream is down.
 */
export function useResource<T>(path: string | null, refreshMs?: number, options?: PollOptions): Resource<T> {
  const query = useQuery({
    queryKey: apiKey(path),
    queryFn: ({ signal }) => apiRequest<T>(path!, { signal }),
    enabled: path !== null,
    refetchInterval: usePollInterval(refreshMs, options),
  });
  const { refetch } = query;
  // A reload joins a read already in flight (e.g. the one a write just started) instead of restarting it.
  const enabled = path !== null;
  const reload = useCallback(() => {
    if (enabled) void refetch({ cancelRefetch: false });
  }, [enabled, refetch]);
  return { data: query.data, error: query.error ?? undefined, loading: path !== null && query.isFetching, reload };
}
