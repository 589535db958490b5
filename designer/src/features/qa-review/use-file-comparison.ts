import type { FileComparison } from '../../lib/api-types';
import { useResource, type Resource } from '../../lib/use-resource';

/** The API path comparing file `a` with file `b` of job `jobId`. */
export function comparePath(jobId: string, a: string, b: string): string {
  return `/jobs/${encodeURIComponent(jobId)}/files/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`;
}

/** The comparison of two files of a job (computed by the server on first use, then cached); nothing is fetched until both are chosen. */
export function useFileComparison(jobId: string, a: string | undefined, b: string | undefined): Resource<FileComparison> {
  return useResource<FileComparison>(a && b ? comparePath(jobId, a, b) : null);
}
