import { ApiError } from './problem';
import { useResource, type PollOptions, type Resource } from './use-resource';

export interface OptionalResource<T> extends Resource<T> {
  /** The server does not offer this route (yet): 404, 405 or 501. Callers fall back to what they can derive. */
  absent: boolean;
}

/** GETs a route that older servers may lack; a missing route is `absent`, not an error. */
export function useOptionalResource<T>(path: string | null, refreshMs?: number, options?: PollOptions): OptionalResource<T> {
  const res = useResource<T>(path, refreshMs, options);
  const absent = res.error instanceof ApiError && [404, 405, 501].includes(res.error.status);
  return { ...res, error: absent ? undefined : res.error, absent };
}
