import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { apiRequest } from '../../lib/api-client';
import type { HandedIn, SubmissionsPage } from '../../lib/api-types';
import { apiKey } from '../../lib/query-client';
import { pagePath } from '../../lib/use-paged-list';

/** A job's submissions could be many pages only in theory (rounds are bounded); stop at this many. */
const MAX_PAGES = 20;

async function allSubmissions(base: string, signal: AbortSignal): Promise<HandedIn[]> {
  const all: HandedIn[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const body: SubmissionsPage = await apiRequest<SubmissionsPage>(pagePath(base, 200, cursor), { signal });
    all.push(...body.items);
    cursor = body.nextCursor;
    if (!cursor) break;
  }
  return all;
}

/**
 * Every submission of a job (`GET /api/jobs/:id/submissions`, every page),
 * oldest first, through the query cache (a submission event of the job makes it
 * stale); read again when `refreshKey` changes (e.g. the job's steps moved).
 */
export function useSubmissions(jobId: string, refreshKey?: string | number): { items: HandedIn[] | undefined; error: unknown; reload: () => void } {
  const base = `/jobs/${encodeURIComponent(jobId)}/submissions`;
  const query = useQuery({
    queryKey: apiKey(base, 'all-pages', refreshKey),
    queryFn: ({ signal }) => allSubmissions(base, signal),
    // While a refresh key changes, the job's previous list stays on screen (never another job's).
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[1] === base ? keepPreviousData(previous) : undefined),
  });
  const { refetch } = query;
  const reload = useCallback(() => void refetch({ cancelRefetch: false }), [refetch]);
  return { items: query.data, error: query.error ?? undefined, reload };
}
