import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { apiRequest } from './api-client';
import { apiKey } from './query-client';
import { usePollInterval, type PollOptions } from './use-resource';

/** A page as the API's keyset-paginated lists answer (`/jobs`, `/me/tasks`): items, the next cursor, anything else. */
export interface PageBody<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PagedList<T, P extends PageBody<T>> {
  /** Every item loaded so far, in the server's order (each id once). */
  items: T[];
  /** The latest first page as the server sent it (for its other fields, e.g. `counts`). */
  first: P | undefined;
  error: unknown;
  /** True while the list is read (the first page, or a refresh of the pages shown), not while loading more. */
  loading: boolean;
  loadingMore: boolean;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
}

/** An item's identity for de-duplication across pages: its `id` (lists whose items have another key pass `keyOf`). */
const idOf = (item: unknown): string => String((item as { id?: unknown }).id);

/** `path` with `limit` (and `cursor`) added to its query. */
export function pagePath(path: string, limit: number, cursor?: string | null): string {
  const sep = path.includes('?') ? '&' : '?';
  return `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
}

/**
 * The pages of a keyset-paginated list (skipped when `path` is null) through the query
 * cache: the first page, the next one on `loadMore()` (the server's `nextCursor`). A
 * refresh (`reload()`, an event or write that makes it stale, or every `refreshMs`
 * while the live stream is down) reads every page shown again from the start, so a
 * list the user has extended does not shrink back to one page. While `path` changes
 * (a new filter) the previous list stays on screen until the new one arrives.
 */
export function usePagedList<T, P extends PageBody<T> = PageBody<T>>(path: string | null, pageSize = 50, refreshMs?: number, keyOf: (item: T) => string = idOf, options?: PollOptions): PagedList<T, P> {
  const query = useInfiniteQuery({
    queryKey: apiKey(path, { pageSize }),
    queryFn: ({ pageParam, signal }) => apiRequest<P>(pagePath(path!, pageSize, pageParam), { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last: P) => last.nextCursor ?? undefined,
    enabled: path !== null,
    refetchInterval: usePollInterval(refreshMs, options),
    placeholderData: keepPreviousData,
  });
  const { data, refetch, fetchNextPage, hasNextPage, isFetching, isFetchingNextPage } = query;
  const items = useMemo(() => {
    const seen = new Set<string>();
    const all: T[] = [];
    for (const page of data?.pages ?? []) {
      for (const item of page.items) {
        const key = keyOf(item);
        if (seen.has(key)) continue;
        seen.add(key);
        all.push(item);
      }
    }
    return all;
  }, [data, keyOf]);
  const enabled = path !== null;
  const reload = useCallback(() => {
    if (enabled) void refetch({ cancelRefetch: false });
  }, [enabled, refetch]);
  const loadMore = useCallback(() => {
    // Loading more takes over from a refresh in flight (it reads the pages shown again afterwards anyway).
    if (enabled && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [enabled, hasNextPage, isFetchingNextPage, fetchNextPage]);
  return {
    items,
    first: data?.pages[0],
    error: query.error ?? undefined,
    loading: enabled && isFetching && !isFetchingNextPage,
    loadingMore: isFetchingNextPage,
    hasMore: hasNextPage,
    loadMore,
    reload,
  };
}
