import { useCallback, useEffect, useState } from 'react';
import { apiRequest } from './api-client';

/** A page of a cursor-paginated list (`{ items, nextCursor }`, as the job's comments and events answer). */
export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PagedList<T> {
  /** Every item of the pages read so far, in the API's order. */
  items: T[];
  /** The list goes on past what was read: `loadMore()` reads further. */
  more: boolean;
  loadMore: () => void;
  reload: () => void;
  error: unknown;
  loading: boolean;
}

const withCursor = (path: string, cursor: string) => `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`;

/**
 * Reads a cursor-paginated list (skipped when `path` is null) by following
 * `nextCursor` for up to `pagesPerStep` pages; `loadMore()` reads that many
 * more. A reload (or `refreshMs`) reads the same number of pages again, so
 * items past the first page neither vanish nor go stale.
 */
export function usePagedList<T>(path: string | null, refreshMs?: number, pagesPerStep = 5): PagedList<T> {
  const [state, setState] = useState<{ items: T[]; more: boolean }>({ items: [], more: false });
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(path !== null);
  const [budget, setBudget] = useState(pagesPerStep);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const loadMore = useCallback(() => setBudget((b) => b + pagesPerStep), [pagesPerStep]);

  useEffect(() => setBudget(pagesPerStep), [path, pagesPerStep]);

  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setLoading(true);
    (async () => {
      const items: T[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < budget; page += 1) {
        const answer: CursorPage<T> = await apiRequest<CursorPage<T>>(cursor ? withCursor(path, cursor) : path, { signal: controller.signal });
        items.push(...(answer.items ?? []));
        cursor = answer.nextCursor ?? null;
        if (!cursor) break;
      }
      return { items, more: cursor !== null };
    })()
      .then((value) => {
        setState(value);
        setError(undefined);
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError(e);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [path, budget, tick]);

  useEffect(() => {
    if (!refreshMs || path === null) return;
    const id = window.setInterval(reload, refreshMs);
    return () => window.clearInterval(id);
  }, [refreshMs, path, reload]);

  return { ...state, loadMore, reload, error, loading };
}
