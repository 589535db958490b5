import type { QueryClient } from '@tanstack/react-query';
import type { LiveEvent } from './live-events';
import { pathOfKey } from './query-client';

/**
 * A part of the API whose cached reads a change affects: `path` itself with any query
 * (`/jobs` → `/jobs?status=running`), and with `under` everything below it too
 * (`/jobs/j1` → `/jobs/j1/checks`). `all` is every read.
 */
export type Scope = { path: string; under?: boolean } | 'all';

export function inScope(path: string, scope: Scope): boolean {
  if (scope === 'all') return true;
  if (path === scope.path || path.startsWith(`${scope.path}?`)) return true;
  return !!scope.under && path.startsWith(`${scope.path}/`);
}

/** What a change of job `jobId` (or of some job, when unknown) affects: the job's reads, the lists and counts that show jobs. */
function jobScopes(jobId: string | undefined): Scope[] {
  const lists: Scope[] = [{ path: '/jobs' }, { path: '/me/tasks' }, { path: '/analytics', under: true }];
  return [jobId ? { path: `/jobs/${encodeURIComponent(jobId)}`, under: true } : { path: '/jobs', under: true }, ...lists];
}

/** The reads a live event makes stale. */
export function scopesForEvent(event: LiveEvent): Scope[] {
  const { jobId } = event.data;
  switch (event.name) {
    case 'resync':
      return ['all'];
    case 'inbox':
      return [{ path: '/notifications' }];
    case 'comment':
      return jobId ? [{ path: `/jobs/${encodeURIComponent(jobId)}/comments` }] : [];
    case 'ready':
      return [];
    case 'check':
      // A check signal (no `seq`: a result was stored, nothing else changed yet) affects only the reads
      // that show check results — four or more arrive while a vendor waits for a verdict, and re-reading
      // the whole job page for each competes with the checks for the same machine. The step's own
      // event follows when the last one is in. An audited `check.*` event (with `seq`) is a job change.
      if (jobId && event.data.seq === undefined) {
        const job = `/jobs/${encodeURIComponent(jobId)}`;
        return [{ path: `${job}/checks` }, { path: `${job}/files`, under: true }];
      }
      return jobScopes(jobId);
    default:
      // job, step, submission, review, check: the job's page and every list or count that shows it.
      return jobScopes(jobId);
  }
}

/** Writes that change no cached read: the stream's ticket, the session, an upload's bytes (the submission that names them does). */
const NO_READS = [/^\/events\//, /^\/auth\//, /^\/files$/];

/** The reads a successful write (`method` to `path`) makes stale. */
export function scopesForWrite(method: string, path: string): Scope[] {
  if (method === 'GET') return [];
  const bare = path.split('?')[0]!;
  if (NO_READS.some((re) => re.test(bare))) return [];
  const segments = bare.split('/').filter(Boolean);
  if (segments[0] === 'jobs') return jobScopes(segments[1] ? decodeURIComponent(segments[1]) : undefined);
  // /users/u1 → everything under /users (and invitations add people, so /users too).
  const scopes: Scope[] = [{ path: `/${segments[0] ?? ''}`, under: true }];
  if (segments[0] === 'invitations') scopes.push({ path: '/users', under: true });
  return scopes;
}

const matcher = (scopes: readonly Scope[]) => (query: { queryKey: readonly unknown[] }) => {
  const path = pathOfKey(query.queryKey);
  return path !== undefined && scopes.some((scope) => inScope(path, scope));
};

/** Marks the cached reads in `scopes` stale; the ones on screen are read again (once, however many scopes name them). */
export function invalidateScopes(client: QueryClient, scopes: readonly Scope[]): Promise<void> {
  if (scopes.length === 0) return Promise.resolve();
  return client.invalidateQueries({ predicate: matcher(scopes) });
}

/**
 * {@link invalidateScopes} for live events, which can come faster than a read takes: a read in flight is never
 * aborted (a steady stream of events would restart a slow list forever); it is read once more when it has
 * settled, since it may have started before the change. So every event is followed by a read that started
 * after it, and each read is at most one in flight plus one waiting.
 */
export async function invalidateScopesLive(client: QueryClient, scopes: readonly Scope[]): Promise<void> {
  if (scopes.length === 0) return;
  const predicate = matcher(scopes);
  const inFlight = new Set(client.getQueryCache().findAll({ predicate, fetchStatus: 'fetching' }));
  await client.invalidateQueries({ predicate }, { cancelRefetch: false });
  if (inFlight.size > 0) await client.invalidateQueries({ predicate: (query) => inFlight.has(query) }, { cancelRefetch: false });
}
