import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './problem';

/** How long a read counts as fresh: a second component (or a page visited again) within it reads the cache. */
export const STALE_MS = 5_000;

/**
 * The UI's one cache of API reads (TanStack Query). Reads are keyed `['api', path, …]`
 * (see {@link apiKey}); what changes them is invalidated by the live event stream and by
 * the app's own writes (query-scopes). Polling, where a hook asks for it, runs only in a
 * visible tab (`refetchIntervalInBackground: false`) and only while the stream is down.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: STALE_MS,
        refetchIntervalInBackground: false,
        refetchOnWindowFocus: true,
        // A problem answer (4xx/5xx) is the server's word and shows at once; only a lost connection is tried again.
        retry: (failures, error) => !(error instanceof ApiError) && failures < 2,
      },
    },
  });
}

/** The cache key of a read of `path` (`/api` omitted), with what else shapes the answer (e.g. page size). */
export function apiKey(path: string | null, ...variant: unknown[]): readonly unknown[] {
  return ['api', path, ...variant];
}

/** The path of a cache key made by {@link apiKey}, or undefined for other keys. */
export function pathOfKey(key: readonly unknown[]): string | undefined {
  return key[0] === 'api' && typeof key[1] === 'string' ? key[1] : undefined;
}
