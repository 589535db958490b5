import { useCallback, useEffect, useRef, useState } from 'react';
import { apiRequest } from './api-client';

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
  /** True until the first page has arrived (and again while `path` changes). */
  loading: boolean;
  loadingMore: boolean;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
}

const MAX_LIMIT = 200;

/** An item's identity for de-duplication across pages: its `id` (lists whose items have another key pass `keyOf`). */
const idOf = (item: unknown): string => String((item as { id?: unknown }).id);

/** `path` with `limit` (and `cursor`) added to its query. */
export function pagePath(path: string, limit: number, cursor?: string | null): string {
  const sep = path.includes('?') ? '&' : '?';
  return `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
}

/**
 * The pages of a keyset-paginated list (skipped when `path` is null): the first page
 * when `path` changes, the next one on `loadMore()`. A refresh (`reload()`, or every
 * `refreshMs`) reads again from the start as many items as are shown (at most 200),
 * so a list the user has extended does not shrink back to one page.
 */
export function usePagedList<T, P extends PageBody<T> = PageBody<T>>(path: string | null, pageSize = 50, refreshMs?: number, keyOf: (item: T) => string = idOf): PagedList<T, P> {
  const [items, setItems] = useState<T[]>([]);
  const [first, setFirst] = useState<P>();
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(path !== null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [tick, setTick] = useState(0);
  const shown = useRef(0);
  const shownPath = useRef<string | null>(null);
  const more = useRef<AbortController | null>(null);
  const reload = useCallback(() => setTick((t) => t + 1), []);

  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    if (more.current) {
      // A refresh replaces what "load more" was fetching.
      more.current.abort();
      more.current = null;
      setLoadingMore(false);
    }
    const samePath = shownPath.current === path;
    if (!samePath) {
      setLoading(true);
      shown.current = 0;
    }
    const limit = Math.min(MAX_LIMIT, Math.max(pageSize, samePath ? shown.current : 0));
    apiRequest<P>(pagePath(path, limit), { signal: controller.signal })
      .then((page) => {
        shownPath.current = path;
        shown.current = page.items.length;
        setItems(page.items);
        setFirst(page);
        setNext(page.nextCursor);
        setError(undefined);
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError(e);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [path, pageSize, tick]);

  useEffect(() => {
    if (!refreshMs || path === null) return;
    const id = window.setInterval(reload, refreshMs);
    return () => window.clearInterval(id);
  }, [refreshMs, path, reload]);

  useEffect(() => () => more.current?.abort(), []);

  const loadMore = useCallback(() => {
    if (path === null || !next || more.current) return;
    const controller = new AbortController();
    more.current = controller;
    setLoadingMore(true);
    apiRequest<P>(pagePath(path, pageSize, next), { signal: controller.signal })
      .then((page) => {
        setItems((before) => {
          const seen = new Set(before.map(keyOf));
          const merged = [...before, ...page.items.filter((i) => !seen.has(keyOf(i)))];
          shown.current = merged.length;
          return merged;
        });
        setNext(page.nextCursor);
        setError(undefined);
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError(e);
      })
      .finally(() => {
        if (more.current === controller) more.current = null;
        if (!controller.signal.aborted) setLoadingMore(false);
      });
  }, [path, pageSize, next, keyOf]);

  return { items, first, error, loading, loadingMore, hasMore: next !== null, loadMore, reload };
}
