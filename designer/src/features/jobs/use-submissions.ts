import { useCallback, useEffect, useState } from 'react';
import { apiRequest } from '../../lib/api-client';
import type { HandedIn, SubmissionsPage } from '../../lib/api-types';
import { pagePath } from '../../lib/use-paged-list';

/** A job's submissions could be many pages only in theory (rounds are bounded); stop at this many. */
const MAX_PAGES = 20;

/**
 * Every submission of a job (`GET /api/jobs/:id/submissions`, every page),
 * oldest first; loaded again when `refreshKey` changes (e.g. the job's steps moved).
 */
export function useSubmissions(jobId: string, refreshKey?: string | number): { items: HandedIn[] | undefined; error: unknown; reload: () => void } {
  const [items, setItems] = useState<HandedIn[]>();
  const [error, setError] = useState<unknown>();
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  useEffect(() => {
    const controller = new AbortController();
    const base = `/jobs/${encodeURIComponent(jobId)}/submissions`;
    void (async () => {
      try {
        const all: HandedIn[] = [];
        let cursor: string | null = null;
        for (let page = 0; page < MAX_PAGES; page++) {
          const body: SubmissionsPage = await apiRequest<SubmissionsPage>(pagePath(base, 200, cursor), { signal: controller.signal });
          all.push(...body.items);
          cursor = body.nextCursor;
          if (!cursor) break;
        }
        if (!controller.signal.aborted) {
          setItems(all);
          setError(undefined);
        }
      } catch (e) {
        if (!controller.signal.aborted) setError(e);
      }
    })();
    return () => controller.abort();
  }, [jobId, refreshKey, tick]);
  return { items, error, reload };
}
